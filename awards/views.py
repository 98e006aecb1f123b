"""Awards pages: the bloc-year's overview, the scores and ranking, and the agreed-score form.
Thin views: check access (awards.access), call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import scoring, services
from awards.access import get_bloc_year_for_user, require_leader
from awards.forms import AgreedScoreForm
from awards.models import AgreedScore, AwardType, Nomination, quotas_for
from blocs.access import current_year
from blocs.models import Bloc, Membership, MemberUnit
from pacts.models import Pact, ScoringCriterion


@login_required
def index(request):
    """The bloc-years a person can open: their own bloc this year and last; every bloc for
    the ministry."""
    user = request.user
    year = current_year()
    years = [year, year - 1]
    rows = []
    if user.is_superuser or user.is_ministry_staff:
        for bloc in Bloc.objects.order_by("display_order", "name"):
            rows.append((bloc, years))
    elif user.unit_id and (user.is_board_staff or user.is_unit_leader):
        memberships = Membership.objects.filter(unit_id=user.unit_id, year__in=years)
        by_bloc: dict[int, tuple[Bloc, list[int]]] = {}
        for membership in memberships.select_related("bloc").order_by("-year"):
            by_bloc.setdefault(membership.bloc_id, (membership.bloc, []))[1].append(membership.year)
        rows = list(by_bloc.values())
    return render(request, "awards/index.html", {"rows": rows})


def _pact(bloc, year):
    return Pact.objects.filter(bloc=bloc, year=year).first()


@login_required
def bloc_year(request, bloc_code, year):
    bloc, access = get_bloc_year_for_user(request, bloc_code, year)
    from awards.models import Meeting, Submission

    nominations = scoring.nominations_for(bloc, year)
    quotas = quotas_for(bloc, year)
    by_type = []
    for award_type in AwardType.objects.filter(active=True):
        items = [n for n in nominations if n.award_type_id == award_type.pk]
        by_type.append(
            {"award_type": award_type, "quota": quotas.get(award_type.pk), "nominations": items}
        )
    return render(
        request,
        "awards/bloc_year.html",
        {
            "bloc": bloc,
            "year": year,
            "access": access,
            "by_type": by_type,
            "meetings": Meeting.objects.filter(bloc=bloc, year=year)
            .select_related("host")
            .order_by("held_on", "pk"),
            "submission": Submission.objects.filter(bloc=bloc, year=year).first(),
            "awarded_count": sum(1 for n in nominations if n.status == Nomination.Status.AWARDED),
        },
    )


@login_required
def ranking(request, bloc_code, year):
    """The scores and ranking of the year: self-score and agreed score side by side."""
    bloc, access = get_bloc_year_for_user(request, bloc_code, year)
    rows = scoring.bloc_ranking(bloc, year)
    pact = _pact(bloc, year)
    return render(
        request,
        "awards/ranking.html",
        {
            "bloc": bloc,
            "year": year,
            "access": access,
            "rows": rows,
            "pact": pact,
            "award_types": AwardType.objects.filter(active=True, recipient="collective"),
        },
    )


@login_required
def score_unit(request, bloc_code, year, unit_code):
    """The bloc leader's agreed score for one member, next to the member's self-score."""
    bloc, access = get_bloc_year_for_user(request, bloc_code, year)
    unit = get_object_or_404(MemberUnit, code=unit_code)
    if not Membership.objects.filter(bloc=bloc, year=year, unit=unit).exists():
        raise PermissionDenied
    pact = _pact(bloc, year)
    if pact is None:
        messages.error(
            request, _("The bloc has no pact for %(year)s, so no scoring table.") % {"year": year}
        )
        return redirect("awards:ranking", bloc_code=bloc.code, year=year)
    if request.method == "POST":
        require_leader(access)
    criteria = list(
        ScoringCriterion.objects.filter(group__pact=pact)
        .select_related("group")
        .order_by("group__order", "group_id", "order", "pk")
    )
    adjustments = list(pact.adjustments.all())
    from reports.models import SelfScore

    self_scores = {
        (
            ("criterion", s.criterion_id) if s.criterion_id else ("adjustment", s.adjustment_id)
        ): s.points
        for s in SelfScore.objects.filter(
            report__unit=unit,
            report__period__bloc=bloc,
            report__period__year=year,
            report__period__kind="FY",
        )
    }
    agreed = {
        (
            ("criterion", s.criterion_id) if s.criterion_id else ("adjustment", s.adjustment_id)
        ): s.points
        for s in AgreedScore.objects.filter(pact=pact, unit=unit)
    }
    initial = {}
    copy_self = request.GET.get("tu-cham") == "1" and access.is_leader
    for (kind, item_id), points in agreed.items():
        initial[f"{'s' if kind == 'criterion' else 'a'}_{item_id}"] = points
    if copy_self:
        for (kind, item_id), points in self_scores.items():
            initial.setdefault(f"{'s' if kind == 'criterion' else 'a'}_{item_id}", points)
    form = AgreedScoreForm(
        request.POST or None,
        initial=initial,
        pact=pact,
        criteria=criteria,
        adjustments=adjustments,
    )
    if request.method == "POST":
        if form.is_valid():
            services.save_agreed_scores(pact, unit, form.scores(), by=request.user)
            messages.success(
                request, _("The agreed score of %(unit)s is saved.") % {"unit": unit.short_name}
            )
            return redirect("awards:ranking", bloc_code=bloc.code, year=year)
        messages.error(request, _("Some points need correcting; nothing was saved."))
    groups: dict = {}
    for criterion in criteria:
        groups.setdefault(criterion.group, []).append(
            {
                "item": criterion,
                "field": form[f"s_{criterion.pk}"],
                "self": self_scores.get(("criterion", criterion.pk)),
            }
        )

    def rows_of(kind):
        return [
            {"item": a, "field": form[f"a_{a.pk}"], "self": self_scores.get(("adjustment", a.pk))}
            for a in adjustments
            if a.kind == kind
        ]

    members = scoring.bloc_ranking(bloc, year)
    position = next((m for m in members if m.unit.pk == unit.pk), None)
    return render(
        request,
        "awards/score_unit.html",
        {
            "bloc": bloc,
            "year": year,
            "access": access,
            "unit": unit,
            "pact": pact,
            "form": form,
            "groups": list(groups.items()),
            "bonuses": rows_of("bonus"),
            "penalties": rows_of("penalty"),
            "position": position,
            "copy_self": copy_self,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def submission(request, bloc_code, year):
    """The submission letter (tờ trình) of the year and the dossier PDF built on it."""
    from awards.forms import SubmissionForm
    from awards.models import Meeting, Submission

    bloc, access = get_bloc_year_for_user(request, bloc_code, year)
    existing = Submission.objects.filter(bloc=bloc, year=year).select_related("meeting").first()
    meetings = Meeting.objects.filter(bloc=bloc, year=year, kind=Meeting.Kind.YEAR_END).order_by(
        "-held_on"
    )
    if request.method == "POST":
        require_leader(access)
    form = None
    if access.is_leader:
        instance = existing or Submission(bloc=bloc, year=year)
        initial = {}
        if existing is None:
            meeting = meetings.first()
            initial = {
                "meeting": meeting,
                "place": meeting.place if meeting else "",
                "dated": meeting.held_on if meeting else None,
                "signer_name": meeting.chair_name if meeting else "",
            }
        form = SubmissionForm(
            request.POST or None, instance=instance, meetings=meetings, initial=initial
        )
        if request.method == "POST":
            if form.is_valid():
                saved = form.save(commit=False)
                if existing is None:
                    saved.created_by = request.user
                saved.save()
                messages.success(request, _("The submission letter is saved."))
                return redirect("awards:submission", bloc_code=bloc.code, year=year)
            messages.error(request, _("Some fields need correcting; nothing was saved."))
    passed = [
        n
        for n in scoring.nominations_for(bloc, year)
        if n.status
        in (Nomination.Status.PASSED, Nomination.Status.AWARDED, Nomination.Status.NOT_AWARDED)
    ]
    return render(
        request,
        "awards/submission.html",
        {
            "bloc": bloc,
            "year": year,
            "access": access,
            "submission": existing,
            "form": form,
            "has_meeting": meetings.exists(),
            "passed": passed,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def dossier_pdf(request, pk):
    from awards.access import awards_access
    from awards.models import Submission
    from documents.services import request_document

    submission = get_object_or_404(Submission.objects.select_related("bloc"), pk=pk)
    if not awards_access(request.user, submission.bloc, submission.year).can_view:
        raise PermissionDenied
    document = request_document("dossier", submission, request.user)
    return redirect("documents:detail", pk=document.pk)
