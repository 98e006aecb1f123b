"""Nomination pages: propose (quota in sight), the nomination with its attachments, edit,
withdraw, and the ministry's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import services
from awards.access import get_bloc_year_for_user, get_nomination_for_user
from awards.attachments import check_nomination_attachment
from awards.forms import DecisionForm, NominationAttachmentForm, NominationForm
from awards.models import AwardType, Nomination, NominationAttachment, TransitionError, quotas_for
from blocs.models import MemberUnit
from khoi_thi_dua.fields import row_id


def _units(bloc, year, access):
    units = MemberUnit.objects.filter(memberships__bloc=bloc, memberships__year=year)
    if not access.is_leader:
        units = units.filter(pk=access.unit_id)
    return units.order_by("name")


def _quota_rows(bloc, year):
    """Each active award type with its quota and how many are proposed so far."""
    from django.db.models import Count, Q

    quotas = quotas_for(bloc, year)
    types = AwardType.objects.filter(active=True).annotate(
        proposed=Count(
            "nominations",
            filter=Q(nominations__bloc=bloc, nominations__year=year)
            & ~Q(nominations__status=Nomination.Status.WITHDRAWN),
        )
    )
    return [{"award_type": t, "quota": quotas.get(t.pk), "proposed": t.proposed} for t in types]


def _form_page(request, bloc, year, access, form, nomination=None, status=200):
    unit_id = row_id(str(form["unit"].value() or ""))
    history = []
    if unit_id:
        unit = MemberUnit.objects.filter(pk=unit_id).first()
        if unit:
            history = list(services.award_history(unit))
    return render(
        request,
        "awards/nomination_form.html",
        {
            "bloc": bloc,
            "year": year,
            "access": access,
            "form": form,
            "nomination": nomination,
            "quota_rows": _quota_rows(bloc, year),
            "history": history,
        },
        status=status,
    )


@login_required
def nomination_list(request, bloc_code, year):
    bloc, access = get_bloc_year_for_user(request, bloc_code, year)
    nominations = (
        Nomination.objects.filter(bloc=bloc, year=year)
        .select_related("award_type", "unit", "proposed_by")
        .order_by("award_type__display_order", "unit__name", "nominee_name")
    )
    return render(
        request,
        "awards/nomination_list.html",
        {
            "bloc": bloc,
            "year": year,
            "access": access,
            "nominations": nominations,
            "quota_rows": _quota_rows(bloc, year),
        },
    )


@login_required
def nomination_create(request, bloc_code, year):
    bloc, access = get_bloc_year_for_user(request, bloc_code, year)
    if not access.is_member:
        raise PermissionDenied
    units = _units(bloc, year, access)
    initial = {}
    unit = units.filter(code=request.GET.get("don-vi", "")).first()
    if unit:
        initial["unit"] = unit.pk
    elif units.count() == 1:
        initial["unit"] = units.first().pk
    award_type = AwardType.objects.filter(active=True, code=request.GET.get("loai", "")).first()
    if award_type:
        initial["award_type"] = award_type.pk
    nomination = Nomination(bloc=bloc, year=year)
    form = NominationForm(request.POST or None, instance=nomination, units=units, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_nomination(form.instance, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The nomination is proposed."))
                return redirect(form.instance)
        return _form_page(request, bloc, year, access, form, status=400)
    return _form_page(request, bloc, year, access, form)


@login_required
def nomination_edit(request, pk):
    nomination, access = get_nomination_for_user(request, pk)
    if not access.can_nominate_for(nomination.unit_id) or not nomination.is_editable:
        raise PermissionDenied
    bloc, year = nomination.bloc, nomination.year
    form = NominationForm(
        request.POST or None, instance=nomination, units=_units(bloc, year, access)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_nomination(form.instance, by=request.user)
            except (ValidationError, TransitionError) as exc:
                form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, _("The nomination is saved."))
                return redirect(nomination)
        return _form_page(request, bloc, year, access, form, nomination, status=400)
    return _form_page(request, bloc, year, access, form, nomination)


@login_required
def nomination_detail(request, pk):
    nomination, access = get_nomination_for_user(request, pk)
    return _detail(request, nomination, access, DecisionForm(initial=_decision_initial(nomination)))


def _decision_initial(nomination):
    if nomination.status in (Nomination.Status.AWARDED, Nomination.Status.NOT_AWARDED):
        return {
            "awarded": "1" if nomination.status == Nomination.Status.AWARDED else "0",
            "decision_number": nomination.decision_number,
            "decision_date": nomination.decision_date,
            "decision_note": nomination.decision_note,
        }
    return {}


def _detail(request, nomination, access, decision_form, status=200):
    candidacies = nomination.candidacies.select_related("vote__meeting").order_by("vote__pk")
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "nomination": nomination,
            "bloc": nomination.bloc,
            "year": nomination.year,
            "access": access,
            "can_edit": access.can_nominate_for(nomination.unit_id) and nomination.is_editable,
            "can_decide": access.can_decide
            and nomination.status
            in (Nomination.Status.PASSED, Nomination.Status.AWARDED, Nomination.Status.NOT_AWARDED),
            "decision_form": decision_form,
            "attachments": nomination.attachments.all(),
            "attachment_form": NominationAttachmentForm(),
            "candidacies": candidacies,
            "history": services.award_history(nomination.unit).exclude(pk=nomination.pk),
        },
        status=status,
    )


@login_required
@require_POST
def nomination_withdraw(request, pk):
    nomination, access = get_nomination_for_user(request, pk)
    if not access.can_nominate_for(nomination.unit_id):
        raise PermissionDenied
    try:
        services.withdraw_nomination(nomination, by=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The nomination is withdrawn."))
    return redirect(nomination)


@login_required
@require_POST
def nomination_decision(request, pk):
    nomination, access = get_nomination_for_user(request, pk)
    if not access.can_decide:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_decision(
                nomination,
                request.user,
                awarded=form.cleaned_data["awarded"],
                number=form.cleaned_data["decision_number"],
                date=form.cleaned_data["decision_date"],
                note=form.cleaned_data["decision_note"],
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The ministry's decision is recorded."))
            return redirect(nomination)
    return _detail(request, nomination, access, form, status=400)


@login_required
@require_POST
def nomination_attach(request, pk):
    nomination, access = get_nomination_for_user(request, pk)
    if not (access.can_nominate_for(nomination.unit_id) and nomination.is_editable):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(nomination)
    try:
        check_nomination_attachment(upload)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(nomination)
    NominationAttachment.objects.create(
        nomination=nomination,
        file=upload,
        original_name=upload.name,
        size=upload.size,
        uploaded_by=request.user,
    )
    messages.success(request, _("“%(name)s” is attached.") % {"name": upload.name})
    return redirect(nomination)


@login_required
def nomination_attachment(request, pk, attachment_pk):
    nomination, _access = get_nomination_for_user(request, pk)
    item = get_object_or_404(NominationAttachment, pk=attachment_pk, nomination=nomination)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


@login_required
@require_POST
def nomination_detach(request, pk, attachment_pk):
    nomination, access = get_nomination_for_user(request, pk)
    if not (access.can_nominate_for(nomination.unit_id) and nomination.is_editable):
        raise PermissionDenied
    item = get_object_or_404(NominationAttachment, pk=attachment_pk, nomination=nomination)
    item.file.delete(save=False)
    item.delete()
    messages.success(request, _("“%(name)s” is removed.") % {"name": item.original_name})
    return redirect(nomination)
