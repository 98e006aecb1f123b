"""Meeting and vote pages: the meeting with its live attendance and quorum, preparing a vote,
opening it, casting the unit's ballot, written opinions, paper counts, closing and the result.
Thin views over awards.voting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from simple_history.utils import bulk_create_with_history

from awards import results, voting
from awards.access import (
    get_bloc_year_for_user,
    get_meeting_for_user,
    get_vote_for_user,
    require_leader,
)
from awards.forms import (
    AgendaFormSet,
    AttendanceForm,
    CloseVoteForm,
    DecisionFormSet,
    MeetingForm,
    PaperCountsForm,
    ReceiptForm,
    VoteForm,
)
from awards.models import (
    Attendance,
    AwardQuota,
    AwardType,
    Candidate,
    Meeting,
    Nomination,
    TransitionError,
    Vote,
    VoterRecord,
)
from blocs.models import MemberUnit
from khoi_thi_dua.fields import row_id

# Default titles, in the documents' own language (they are printed in the minutes).
MEETING_TITLES = {
    Meeting.Kind.PACT_SIGNING: "Hội nghị ký kết Giao ước thi đua năm {year}",
    Meeting.Kind.MID_YEAR: "Hội nghị sơ kết công tác thi đua 6 tháng đầu năm {year}",
    Meeting.Kind.YEAR_END: "Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}",
}
AWARD_VOTE_TITLE = "Bình xét, suy tôn {award} năm {year}"
ELECTION_TITLE = "Bầu Khối trưởng, Khối phó năm {year}"
ELECTION = "lanh-dao"


def _member_units(meeting_or_bloc, year):
    return MemberUnit.objects.filter(
        memberships__bloc=meeting_or_bloc, memberships__year=year
    ).order_by("name")


# Meetings -------------------------------------------------------------------------------


def _meeting_form_page(request, bloc, year, form, agenda, decisions, meeting=None, status=200):
    return render(
        request,
        "awards/meeting_form.html",
        {
            "bloc": bloc,
            "year": year,
            "form": form,
            "agenda": agenda,
            "decisions": decisions,
            "meeting": meeting,
        },
        status=status,
    )


def _save_meeting(request, bloc, year, meeting, created: bool):
    units = _member_units(bloc, year)
    initial = {}
    if created:
        kind = request.GET.get("loai", Meeting.Kind.YEAR_END)
        kind = kind if kind in Meeting.Kind.values else Meeting.Kind.YEAR_END
        initial = {"kind": kind, "title": MEETING_TITLES[kind].format(year=year)}
    data = request.POST or None
    form = MeetingForm(data, instance=meeting, units=units, initial=initial)
    agenda = AgendaFormSet(data, instance=meeting, prefix="agenda")
    decisions = DecisionFormSet(data, instance=meeting, prefix="decisions")
    if request.method == "POST":
        if form.is_valid() and agenda.is_valid() and decisions.is_valid():
            with transaction.atomic():
                saved = form.save(commit=False)
                if created:
                    saved.created_by = request.user
                saved.save()
                agenda.instance = decisions.instance = saved
                agenda.save()
                decisions.save()
            messages.success(request, _("The meeting is saved."))
            return redirect(saved)
        return _meeting_form_page(
            request, bloc, year, form, agenda, decisions, None if created else meeting, 400
        )
    return _meeting_form_page(
        request, bloc, year, form, agenda, decisions, None if created else meeting
    )


@login_required
def meeting_create(request, bloc_code, year):
    bloc, access = get_bloc_year_for_user(request, bloc_code, year)
    require_leader(access)
    return _save_meeting(request, bloc, year, Meeting(bloc=bloc, year=year), created=True)


@login_required
def meeting_edit(request, pk):
    meeting, access = get_meeting_for_user(request, pk)
    require_leader(access)
    return _save_meeting(request, meeting.bloc, meeting.year, meeting, created=False)


def _attendance_rows(meeting, access):
    recorded = {a.unit_id: a for a in meeting.attendances.all()}
    voted_units = set(
        VoterRecord.objects.filter(
            vote__meeting=meeting, vote__status=Vote.Status.OPEN
        ).values_list("unit_id", flat=True)
    )
    rows = []
    for unit in voting.members_of(meeting):
        attendance = recorded.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "attendance": attendance,
                "locked": unit.pk in voted_units,
                "form": AttendanceForm(
                    initial={
                        "status": attendance.status if attendance else "",
                        "representative_name": attendance.representative_name if attendance else "",
                        "representative_title": attendance.representative_title
                        if attendance
                        else "",
                        "written_opinion": attendance.written_opinion if attendance else "",
                    },
                    prefix=f"u{unit.pk}",
                )
                if access.is_leader
                else None,
            }
        )
    return rows


@login_required
def meeting_detail(request, pk):
    meeting, access = get_meeting_for_user(request, pk)
    votes = list(meeting.votes.select_related("award_type").order_by("pk"))
    award_types = []
    if access.is_leader:
        proposed = set(
            Nomination.objects.filter(
                bloc=meeting.bloc, year=meeting.year, status=Nomination.Status.PROPOSED
            ).values_list("award_type_id", flat=True)
        )
        award_types = [t for t in AwardType.objects.filter(active=True) if t.pk in proposed]
    return render(
        request,
        "awards/meeting_detail.html",
        {
            "meeting": meeting,
            "bloc": meeting.bloc,
            "year": meeting.year,
            "access": access,
            "rows": _attendance_rows(meeting, access),
            "quorum": voting.quorum_of(meeting),
            "votes": votes,
            "award_types": award_types,
            "election": ELECTION,
            "can_elect": meeting.kind == Meeting.Kind.YEAR_END
            and not any(v.kind == Vote.Kind.LEADERSHIP for v in votes),
        },
    )


@login_required
def meeting_quorum(request, pk):
    """The quorum panel alone, which the meeting and vote pages poll (htmx)."""
    meeting, _access = get_meeting_for_user(request, pk)
    return render(
        request, "awards/_quorum.html", {"meeting": meeting, "quorum": voting.quorum_of(meeting)}
    )


@login_required
@require_POST
def attendance(request, pk, unit_pk):
    meeting, access = get_meeting_for_user(request, pk)
    require_leader(access)
    unit = get_object_or_404(
        MemberUnit, pk=unit_pk, memberships__bloc=meeting.bloc, memberships__year=meeting.year
    )
    form = AttendanceForm(request.POST, prefix=f"u{unit.pk}")
    error = None
    if form.is_valid():
        try:
            voting.record_attendance(meeting, unit, request.user, **form.cleaned_data)
        except voting.VoteError as exc:
            error = str(exc)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if request.headers.get("HX-Request"):
        row = next(r for r in _attendance_rows(meeting, access) if r["unit"].pk == unit.pk)
        if error:
            row["form"] = form
        return render(
            request,
            "awards/_attendance_row.html",
            {
                "row": row,
                "meeting": meeting,
                "access": access,
                "error": error,
                "quorum": voting.quorum_of(meeting),
                "oob": True,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, f"{unit.short_name}: {error}")
    else:
        messages.success(
            request, _("The attendance of %(unit)s is recorded.") % {"unit": unit.short_name}
        )
    return redirect(meeting)


@login_required
@require_POST
def minutes_pdf(request, pk):
    from documents.services import request_document

    meeting, _access = get_meeting_for_user(request, pk)
    document = request_document("minutes", meeting, request.user)
    return redirect("documents:detail", pk=document.pk)


# Votes ----------------------------------------------------------------------------------


def _vote_form(request, meeting, vote):
    units = _member_units(meeting.bloc, meeting.year)
    nominations = None
    initial = {}
    if vote.kind == Vote.Kind.AWARD:
        nominations = (
            Nomination.objects.filter(
                bloc=meeting.bloc, year=meeting.year, award_type=vote.award_type
            )
            .filter(status=Nomination.Status.PROPOSED)
            .select_related("unit")
            .order_by("unit__name", "nominee_name")
        )
        if vote.pk:
            initial["nominations"] = [c.nomination_id for c in vote.candidates.all()]
        else:
            initial["nominations"] = list(nominations.values_list("pk", flat=True))
    elif vote.pk:
        initial["leaders"] = [c.unit_id for c in vote.candidates.all() if c.role == "leader"]
        initial["deputies"] = [c.unit_id for c in vote.candidates.all() if c.role == "deputy"]
    return VoteForm(
        request.POST or None, instance=vote, nominations=nominations, units=units, initial=initial
    )


def _save_candidates(vote: Vote, form: VoteForm) -> None:
    vote.candidates.all().delete()
    if vote.kind == Vote.Kind.AWARD:
        # With their audit history: who prepared the list of candidates, and when.
        bulk_create_with_history(
            [
                Candidate(
                    vote=vote, order=n, nomination=nom, unit=nom.unit, label=nom.nominee_label
                )
                for n, nom in enumerate(form.cleaned_data["nominations"], start=1)
            ],
            Candidate,
        )
    else:
        order = 0
        for role, field in (
            (Candidate.Role.LEADER, "leaders"),
            (Candidate.Role.DEPUTY, "deputies"),
        ):
            for unit in form.cleaned_data.get(field) or ():
                order += 1
                Candidate.objects.create(
                    vote=vote, order=order, unit=unit, role=role, label=unit.name
                )


def _vote_form_page(request, meeting, vote, form, status=200):
    return render(
        request,
        "awards/vote_form.html",
        {
            "meeting": meeting,
            "bloc": meeting.bloc,
            "year": meeting.year,
            "vote": vote,
            "form": form,
        },
        status=status,
    )


@login_required
def vote_create(request, pk):
    meeting, access = get_meeting_for_user(request, pk)
    require_leader(access)
    kind = request.GET.get("loai", "")
    if kind == ELECTION:
        if meeting.kind != Meeting.Kind.YEAR_END:
            messages.error(request, _("Next year's leadership is elected at the year-end meeting."))
            return redirect(meeting)
        vote = Vote(
            meeting=meeting,
            kind=Vote.Kind.LEADERSHIP,
            title=ELECTION_TITLE.format(year=meeting.year + 1),
            seats=2,
            method=Vote.Method.CHOOSE,
            threshold_percent=50,
            threshold_comparison=Vote.Comparison.MORE_THAN,
            threshold_base=Vote.Base.MEMBERS,
        )
    else:
        award_type = get_object_or_404(AwardType, code=kind, active=True)
        quota = (
            AwardQuota.objects.filter(bloc=meeting.bloc, year=meeting.year, award_type=award_type)
            .values_list("quota", flat=True)
            .first()
        )
        vote = Vote(
            meeting=meeting,
            kind=Vote.Kind.AWARD,
            award_type=award_type,
            title=AWARD_VOTE_TITLE.format(award=award_type.name_vi, year=meeting.year),
            seats=quota or award_type.default_quota,
            threshold_percent=award_type.threshold_percent,
            threshold_base=award_type.threshold_base,
            threshold_comparison=award_type.threshold_comparison,
            quorum_numerator=award_type.quorum_numerator,
            quorum_denominator=award_type.quorum_denominator,
        )
    form = _vote_form(request, meeting, vote)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                vote = form.save(commit=False)
                vote.created_by = request.user
                vote.save()
                _save_candidates(vote, form)
            messages.success(request, _("The vote is prepared; open it when the meeting is ready."))
            return redirect(vote)
        return _vote_form_page(request, meeting, vote, form, 400)
    return _vote_form_page(request, meeting, vote, form)


@login_required
def vote_edit(request, pk):
    vote, access = get_vote_for_user(request, pk)
    require_leader(access)
    if vote.status != Vote.Status.DRAFT:
        messages.error(request, _("A vote that has opened cannot be changed."))
        return redirect(vote)
    form = _vote_form(request, vote.meeting, vote)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                locked = Vote.objects.select_for_update().get(pk=vote.pk)
                if locked.status != Vote.Status.DRAFT:
                    messages.error(request, _("A vote that has opened cannot be changed."))
                    return redirect(vote)
                vote = form.save()
                _save_candidates(vote, form)
            messages.success(request, _("The vote is saved."))
            return redirect(vote)
        return _vote_form_page(request, vote.meeting, vote, form, 400)
    return _vote_form_page(request, vote.meeting, vote, form)


class BallotForm:
    """The unit's ballot: approve or disapprove each candidate, or tick up to the seats."""

    def __init__(self, vote: Vote, candidates, data=None):
        self.vote, self.candidates, self.data = vote, list(candidates), data

    def choices(self) -> dict[int, bool]:
        chosen = {}
        for c in self.candidates:
            value = (self.data or {}).get(f"c_{c.pk}")
            if self.vote.method == Vote.Method.APPROVAL:
                if value in ("1", "0"):
                    chosen[c.pk] = value == "1"
            elif value == "1":
                chosen[c.pk] = True
        return chosen

    def rows(self):
        for c in self.candidates:
            yield {"candidate": c, "value": (self.data or {}).get(f"c_{c.pk}", "")}


def _vote_context(request, vote, access, **extra):
    meeting = vote.meeting
    candidates = list(vote.candidates.select_related("nomination", "unit"))
    voters = list(VoterRecord.objects.filter(vote=vote).select_related("unit"))
    voted_units = {v.unit_id for v in voters}
    own_voted = access.unit_id in voted_units if access.unit_id else False
    attendance = {a.unit_id: a for a in meeting.attendances.select_related("unit")}
    own_attendance = attendance.get(access.unit_id) if access.unit_id else None
    can_cast = (
        vote.is_open
        and not vote.is_paper
        and access.is_unit_leader
        and not own_voted
        and own_attendance is not None
        and own_attendance.status == Attendance.Status.PRESENT
    )
    written = []
    if access.is_leader and vote.is_open and vote.allow_written_opinions and not vote.is_paper:
        written = [
            a
            for a in attendance.values()
            if a.status == Attendance.Status.ABSENT
            and a.written_opinion
            and a.unit_id not in voted_units
        ]
    context = {
        "vote": vote,
        "meeting": meeting,
        "bloc": meeting.bloc,
        "year": meeting.year,
        "access": access,
        "candidates": candidates,
        "voters": voters,
        "quorum": voting.quorum_of(meeting, vote.quorum_numerator, vote.quorum_denominator),
        "own_voted": own_voted,
        "own_attendance": own_attendance,
        "can_cast": can_cast,
        "ballot": BallotForm(vote, candidates),
        "written": written,
        "paper_form": PaperCountsForm(
            initial={
                "issued": vote.paper_issued,
                "valid": vote.paper_valid,
                "invalid": vote.paper_invalid,
                **{f"c_{c.pk}": c.paper_approvals for c in candidates},
            },
            candidates=candidates,
        )
        if access.is_leader and vote.is_paper and vote.is_open
        else None,
        "close_form": CloseVoteForm() if access.is_leader and vote.is_open else None,
        "receipt_form": ReceiptForm(),
        "problems": voting.readiness_problems(vote) if vote.status == Vote.Status.DRAFT else [],
        # The count exists only once the vote is closed; nothing of it before.
        "result": vote.result if vote.is_closed else None,
        "result_rows": results.rows(vote.result) if vote.is_closed and vote.result else [],
        "result_rule": results.rule_text(vote.result) if vote.is_closed and vote.result else "",
        "named": _named_rows(vote, voters, candidates)
        if vote.is_closed and not vote.secret
        else [],
    }
    context.update(extra)
    return context


def _named_rows(vote, voters, candidates):
    labels = {str(c.pk): c.label for c in candidates}
    rows = []
    for record in voters:
        choices = record.named_choices or {}
        rows.append(
            {
                "unit": record.unit,
                "approved": [labels[k] for k, v in choices.items() if v and k in labels],
                "disapproved": [labels[k] for k, v in choices.items() if not v and k in labels],
                "channel": record.get_channel_display(),
            }
        )
    return rows


@login_required
def vote_detail(request, pk):
    vote, access = get_vote_for_user(request, pk)
    return render(request, "awards/vote_detail.html", _vote_context(request, vote, access))


@login_required
def vote_turnout(request, pk):
    """Who has voted so far (never how) and the quorum: polled by the vote page."""
    vote, access = get_vote_for_user(request, pk)
    return render(request, "awards/_turnout.html", _vote_context(request, vote, access))


@login_required
@require_POST
def vote_open(request, pk):
    vote, access = get_vote_for_user(request, pk)
    require_leader(access)
    try:
        voting.open_vote(vote, request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The vote is open: unit leaders can cast their ballots."))
    return redirect(vote)


@sensitive_post_parameters()
@login_required
@require_POST
def vote_cast(request, pk):
    vote, access = get_vote_for_user(request, pk)
    candidates = list(vote.candidates.all())
    ballot = BallotForm(vote, candidates, request.POST)
    try:
        receipt = voting.cast_ballot(vote, request.user, ballot.choices())
    except voting.VoteError as exc:
        vote.refresh_from_db()
        context = _vote_context(request, vote, access, ballot=ballot, ballot_error=str(exc))
        return render(request, "awards/vote_detail.html", context, status=400)
    # The receipt is shown once, here, and kept nowhere in clear: no redirect carrying it.
    return render(
        request,
        "awards/vote_receipt.html",
        {
            "vote": vote,
            "meeting": vote.meeting,
            "bloc": vote.meeting.bloc,
            "year": vote.meeting.year,
            "receipt": receipt,
            "unit": request.user.unit,
        },
    )


@sensitive_post_parameters()
@login_required
@require_POST
def vote_written(request, pk):
    vote, access = get_vote_for_user(request, pk)
    require_leader(access)
    unit_pk = request.POST.get("unit", "")
    unit = get_object_or_404(MemberUnit, pk=row_id(unit_pk))
    candidates = list(vote.candidates.all())
    ballot = BallotForm(vote, candidates, request.POST)
    try:
        receipt = voting.enter_written_opinion(vote, unit, request.user, ballot.choices())
    except voting.VoteError as exc:
        messages.error(request, f"{unit.short_name}: {exc}")
        return redirect(vote)
    return render(
        request,
        "awards/vote_receipt.html",
        {
            "vote": vote,
            "meeting": vote.meeting,
            "bloc": vote.meeting.bloc,
            "year": vote.meeting.year,
            "receipt": receipt,
            "unit": unit,
            "written": True,
        },
    )


@login_required
@require_POST
def vote_paper(request, pk):
    vote, access = get_vote_for_user(request, pk)
    require_leader(access)
    form = PaperCountsForm(request.POST, candidates=vote.candidates.all())
    if form.is_valid():
        try:
            voting.record_paper_counts(
                vote,
                request.user,
                voting.PaperCounts(
                    issued=form.cleaned_data["issued"],
                    valid=form.cleaned_data["valid"],
                    invalid=form.cleaned_data["invalid"],
                    approvals=form.approvals(),
                ),
            )
        except voting.VoteError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The counts of the paper ballots are saved."))
            return redirect(vote)
    context = _vote_context(request, vote, access, paper_form=form)
    return render(request, "awards/vote_detail.html", context, status=400)


@login_required
@require_POST
def vote_close(request, pk):
    vote, access = get_vote_for_user(request, pk)
    require_leader(access)
    tied_ids = [pk for pk in map(row_id, request.POST.getlist("tied")) if pk]
    tied = list(vote.candidates.filter(pk__in=tied_ids)) if tied_ids else []
    form = CloseVoteForm(request.POST, tied=tied)
    if form.is_valid():
        try:
            voting.close_vote(
                vote,
                request.user,
                no_quorum_reason=form.cleaned_data["no_quorum_reason"],
                tie_break=form.tie_break(),
                tie_break_note=form.cleaned_data["tie_break_note"],
            )
        except voting.TieBreakNeeded as exc:
            form = CloseVoteForm(
                initial={
                    "no_quorum_reason": form.cleaned_data["no_quorum_reason"],
                    "tie_break_note": form.cleaned_data["tie_break_note"],
                },
                tied=exc.tied,
            )
            context = _vote_context(request, vote, access, close_form=form, close_error=str(exc))
            return render(request, "awards/vote_detail.html", context, status=409)
        except voting.VoteError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The vote is closed and counted."))
            return redirect(vote)
    context = _vote_context(request, vote, access, close_form=form)
    return render(request, "awards/vote_detail.html", context, status=400)


@sensitive_post_parameters()
@login_required
@require_POST
def vote_receipt(request, pk):
    """Whether the ballot with this receipt is in the count; never what it says."""
    vote, access = get_vote_for_user(request, pk)
    form = ReceiptForm(request.POST)
    found = None
    if form.is_valid():
        found = voting.ballot_counted(vote, form.cleaned_data["receipt"])
    context = _vote_context(request, vote, access, receipt_form=form, receipt_found=found)
    return render(
        request, "awards/vote_detail.html", context, status=200 if form.is_valid() else 400
    )
