"""Pact pages: thin views that check access, call a service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs.access import current_year
from blocs.models import BlocYear
from khoi_thi_dua.collation import sorted_by_province
from pacts import services
from pacts.access import get_pact_for_user, pact_access, visible_pacts
from pacts.forms import (
    AdjustmentFormSet,
    ClauseFormSet,
    CriterionFormSet,
    GroupFormSet,
    PactCreateForm,
    PactForm,
    RegistrationForm,
    StatusForm,
)
from pacts.models import CriteriaGroup, Pact, PactTransitionError, Registration, ScoringCriterion


def _led_without_pact(user) -> list[tuple]:
    """(bloc, year) pairs the user's unit leads, this year or later, with no pact yet."""
    if not user.unit_id or not (user.is_board_staff or user.is_unit_leader):
        return []
    years = (
        BlocYear.objects.filter(leader_id=user.unit_id, year__gte=current_year())
        .annotate(
            has_pact=Exists(Pact.objects.filter(bloc=OuterRef("bloc"), year=OuterRef("year")))
        )
        .filter(has_pact=False)
        .select_related("bloc")
    )
    return [(by.bloc, by.year) for by in years]


@login_required
def pact_list(request):
    return render(
        request,
        "pacts/pact_list.html",
        {
            "pacts": visible_pacts(request.user).select_related("bloc"),
            "can_create": bool(_led_without_pact(request.user)),
        },
    )


@login_required
def pact_create(request):
    led = _led_without_pact(request.user)
    if not led:
        raise PermissionDenied
    form = PactCreateForm(request.POST or None, led=led)
    if form.is_valid():
        try:
            pact = services.create_pact(
                form.cleaned_data["bloc"],
                form.cleaned_data["year"],
                by=request.user,
                copy_previous=form.cleaned_data["copy_previous"],
            )
        except PermissionDenied:
            form.add_error("bloc", _("Your unit does not lead this bloc in that year."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft pact is created."))
            return redirect(pact)
    return render(request, "pacts/pact_create.html", {"form": form})


def _scoring(pact: Pact):
    return pact.criteria_groups.prefetch_related(
        Prefetch("criteria", queryset=ScoringCriterion.objects.order_by("order", "pk"))
    )


@login_required
def pact_detail(request, pk):
    pact, access = get_pact_for_user(request, pk)
    return _render_detail(request, pact, access, StatusForm())


def _render_detail(request, pact, access, status_form, status=200):
    signatures = list(pact.signatures.filter(invalidated_at__isnull=True).select_related("unit"))
    registrations = {
        r.unit_id: r
        for r in pact.registrations.select_related("unit").prefetch_related(
            "targets__indicator", "award_types"
        )
    }
    signed = {s.unit_id: s for s in signatures}
    member_rows = [
        {"unit": unit, "registration": registrations.get(unit.pk), "signature": signed.get(unit.pk)}
        for unit in sorted_by_province(services.members(pact))
    ]
    own = next((row for row in member_rows if row["unit"].pk == request.user.unit_id), None)
    context = {
        "pact": pact,
        "access": access,
        "groups": _scoring(pact),
        "bonuses": pact.adjustments.filter(kind="bonus"),
        "penalties": pact.adjustments.filter(kind="penalty"),
        "clauses": pact.clauses.all(),
        "indicators": pact.indicators.all(),
        "member_rows": member_rows,
        "registered_count": len(registrations),
        "own": own,
        "signatures": signatures,
        "events": pact.events.select_related("by").order_by("-at", "-pk"),
        "problems": pact.readiness_problems() if pact.is_editable else [],
        "status_form": status_form,
    }
    return render(request, "pacts/pact_detail.html", context, status=status)


def _editable(request, pk) -> Pact:
    pact, access = get_pact_for_user(request, pk)
    if not access.can_edit:
        raise PermissionDenied
    return pact


@login_required
def pact_edit(request, pk):
    pact = _editable(request, pk)
    form = PactForm(request.POST or None, instance=pact)
    if form.is_valid():
        form.save()
        messages.success(request, _("The pact is saved."))
        return redirect(pact)
    return render(request, "pacts/pact_edit.html", {"pact": pact, "form": form})


@login_required
def pact_clauses(request, pk):
    pact = _editable(request, pk)
    formset = ClauseFormSet(request.POST or None, instance=pact, prefix="clauses")
    if formset.is_valid():
        formset.save()
        messages.success(request, _("The clauses are saved."))
        return redirect(pact)
    return render(
        request,
        "pacts/pact_formset.html",
        {
            "pact": pact,
            "formset": formset,
            "heading": _("Clauses (commitments)"),
        },
    )


@login_required
def pact_scoring(request, pk):
    pact = _editable(request, pk)
    groups = GroupFormSet(request.POST or None, instance=pact, prefix="groups")
    adjustments = AdjustmentFormSet(request.POST or None, instance=pact, prefix="adjustments")
    if request.method == "POST" and groups.is_valid() and adjustments.is_valid():
        with transaction.atomic():
            groups.save()
            adjustments.save()
        messages.success(request, _("The scoring table is saved."))
        return redirect("pacts:scoring", pk=pact.pk)
    return render(
        request,
        "pacts/pact_scoring.html",
        {
            "pact": pact,
            "groups_formset": groups,
            "adjustments_formset": adjustments,
            "groups": _scoring(pact),
            "total": pact.criteria_total(),
        },
    )


@login_required
def pact_group(request, pk, group_pk):
    pact = _editable(request, pk)
    group = get_object_or_404(CriteriaGroup, pk=group_pk, pact=pact)
    formset = CriterionFormSet(request.POST or None, instance=group, prefix="criteria")
    if formset.is_valid():
        formset.save()
        messages.success(request, _("The criteria are saved."))
        return redirect("pacts:scoring", pk=pact.pk)
    return render(
        request,
        "pacts/pact_formset.html",
        {
            "pact": pact,
            "formset": formset,
            "heading": group.title,
            "back_url": "pacts:scoring",
        },
    )


@login_required
@require_POST
def pact_status(request, pk):
    pact, access = get_pact_for_user(request, pk)
    if not access.is_leader:
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect(pact)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "close_signing":
            missing = services.close_signing(pact, by=request.user)
            if missing:
                messages.warning(
                    request,
                    _("The pact is signed. Did not sign: %(units)s.")
                    % {"units": ", ".join(u.short_name for u in missing)},
                )
            else:
                messages.success(request, _("The pact is signed."))
        else:
            services.change_status(pact, StatusForm.ACTIONS[action], by=request.user, reason=reason)
            messages.success(request, _("The pact's status is changed."))
    except PactTransitionError as exc:
        # Show the page again with the reason the person wrote, not a redirect that loses it.
        form.add_error("reason", str(exc))
        pact.refresh_from_db()
        return _render_detail(request, pact, pact_access(request.user, pact), form, status=400)
    return redirect(pact)


@login_required
def registration(request, pk):
    pact, access = get_pact_for_user(request, pk)
    if not access.is_member:
        raise PermissionDenied
    unit = request.user.unit
    existing = (
        Registration.objects.filter(pact=pact, unit=unit)
        .prefetch_related("targets", "award_types")
        .first()
    )
    indicators = pact.indicators.order_by("display_order", "code")
    initial = {}
    if existing:
        initial = {f"target_{t.indicator_id}": t.target for t in existing.targets.all()}
        initial.update({"award_types": list(existing.award_types.all()), "note": existing.note})
    form = RegistrationForm(request.POST or None, indicators=indicators, initial=initial)
    if request.method == "POST":
        if not access.can_register:
            messages.error(request, registration_closed_reason(pact))
        elif form.is_valid():
            services.save_registration(
                pact,
                unit,
                request.user,
                form.targets(),
                form.cleaned_data["award_types"],
                form.cleaned_data["note"],
            )
            messages.success(request, _("Your unit's registration is saved."))
            return redirect(pact)
    return render(
        request,
        "pacts/registration.html",
        {
            "pact": pact,
            "form": form,
            "access": access,
            "registration": existing,
            "closed_reason": None if access.can_register else registration_closed_reason(pact),
        },
    )


def registration_closed_reason(pact: Pact) -> str:
    if pact.status == Pact.Status.DRAFT:
        return _("Registration opens when the bloc leader opens the pact for signing.")
    return _("Registration is closed: the pact has been signed.")


@login_required
@require_POST
def sign(request, pk):
    pact, _access = get_pact_for_user(request, pk)
    try:
        services.sign(pact, request.user)
    except PactTransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("You signed the pact for %(unit)s.") % {"unit": request.user.unit.name}
        )
    return redirect(pact)


@login_required
@require_POST
def request_pdf(request, pk):
    from documents.services import request_document

    pact, _access = get_pact_for_user(request, pk)
    if pact.status not in (Pact.Status.SIGNED, Pact.Status.ARCHIVED):
        messages.error(request, _("The PDF is made once the pact is signed."))
        return redirect(pact)
    document = request_document("pact", pact, request.user)
    return redirect("documents:detail", pk=document.pk)
