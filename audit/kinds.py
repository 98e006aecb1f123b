"""The records that have a history page (/lich-su/<kind>/<pk>/), who may read each — the same
people who may see the record, through the apps' own access helpers — and which histories the
page gathers: the record's own and those of its parts.

Never gathered, for any page: ballots, their marks and the record of who has voted. They have
no history at all (see awards.models), so that no record with a time or a user exists of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.changes import Ref, Source, clip


@dataclass(frozen=True)
class Kind:
    """load(pk) → the object (404 if none); sources(obj, user, query) → None when the user may
    not read its history, else the sources of its page (query: the page's GET parameters)."""

    slug: str
    name: Any  # what the page is the history of, for its title
    load: Callable[[int], Any]
    sources: Callable[[Any, Any, Any], list[Source] | None]
    title: Callable[[Any], str]
    url: Callable[[Any], str]


def _works_for(user, unit_id) -> bool:
    return (
        bool(user.unit_id)
        and user.unit_id == unit_id
        and (user.is_board_staff or user.is_unit_leader)
    )


# Pacts ---------------------------------------------------------------------------------


def _pact_sources(pact, user, query=None) -> list[Source] | None:
    from pacts.access import pact_access
    from pacts.models import (
        CriteriaGroup,
        Pact,
        PactClause,
        Registration,
        RegistrationTarget,
        ScoreAdjustment,
        ScoringCriterion,
        Signature,
    )
    from reports.models import Indicator

    access = pact_access(user, pact)
    if not access.can_view:
        return None
    registrations = Registration.history.filter(pact_id=pact.pk)
    # As on the pact's page: the members' registrations are the bloc leader's and the
    # ministry's to read; a member reads its own.
    if not (access.is_leader or access.reads_everything):
        registrations = registrations.filter(unit_id=user.unit_id)
    groups = CriteriaGroup.history.filter(pact_id=pact.pk).values("id")
    return [
        Source(Pact, Pact.history.filter(id=pact.pk), hidden=("bloc", "year", "created_by")),
        Source(
            PactClause,
            PactClause.history.filter(pact_id=pact.pk),
            describe=lambda r: [clip(r.text)],
            hidden=("pact",),
        ),
        Source(
            CriteriaGroup,
            CriteriaGroup.history.filter(pact_id=pact.pk),
            describe=lambda r: [clip(r.title)],
            hidden=("pact",),
        ),
        Source(
            ScoringCriterion,
            ScoringCriterion.history.filter(group_id__in=Subquery(groups)),
            describe=lambda r: [clip(r.text)],
            hidden=("group",),
        ),
        Source(
            ScoreAdjustment,
            ScoreAdjustment.history.filter(pact_id=pact.pk),
            describe=lambda r: [r.get_kind_display(), ": ", clip(r.text)],
            hidden=("pact",),
        ),
        Source(
            Registration,
            registrations,
            describe=lambda r: [Ref(_unit_model(), r.unit_id)],
            hidden=("pact", "unit", "submitted_by"),
        ),
        Source(
            RegistrationTarget,
            RegistrationTarget.history.filter(
                registration_id__in=Subquery(registrations.values("id"))
            ),
            describe=lambda r: [
                Ref(Indicator, r.indicator_id),
                " — ",
                Ref(Registration, r.registration_id),
            ],
            hidden=("registration", "indicator"),
        ),
        Source(
            Signature,
            Signature.history.filter(pact_id=pact.pk),
            describe=lambda r: [Ref(_unit_model(), r.unit_id)],
            hidden=("pact", "unit", "signed_by"),
        ),
    ]


def _unit_model():
    from blocs.models import MemberUnit

    return MemberUnit


def _load_pact(pk):
    from pacts.models import Pact

    return get_object_or_404(Pact.objects.select_related("bloc"), pk=pk)


# Unit reports --------------------------------------------------------------------------


def _load_report(pk):
    from reports.models import UnitReport

    return get_object_or_404(UnitReport.objects.select_related("period__bloc", "unit"), pk=pk)


def _report_sources(report, user, query=None) -> list[Source] | None:
    from pacts.models import ScoreAdjustment, ScoringCriterion
    from reports.access import report_access
    from reports.models import Attachment, Indicator, ReportValue, SelfScore, UnitReport

    if not report_access(user, report).can_view:
        return None
    return [
        Source(UnitReport, UnitReport.history.filter(id=report.pk), hidden=("period", "unit")),
        Source(
            ReportValue,
            ReportValue.history.filter(report_id=report.pk),
            describe=lambda r: [Ref(Indicator, r.indicator_id)],
            hidden=("report", "indicator"),
        ),
        Source(
            SelfScore,
            SelfScore.history.filter(report_id=report.pk),
            describe=lambda r: [
                Ref(ScoringCriterion, r.criterion_id)
                if r.criterion_id
                else Ref(ScoreAdjustment, r.adjustment_id)
            ],
            hidden=("report", "criterion", "adjustment"),
        ),
        Source(
            Attachment,
            Attachment.history.filter(report_id=report.pk),
            describe=lambda r: [r.original_name],
            hidden=("report", "file", "uploaded_by"),
        ),
    ]


# Agreed scores of a pact's members -----------------------------------------------------


def _score_sources(pact, user, query=None) -> list[Source] | None:
    """?don-vi=<unit code>: one member's scores only."""
    from awards.access import awards_access
    from awards.models import AgreedScore
    from pacts.models import ScoreAdjustment, ScoringCriterion

    if not awards_access(user, pact.bloc, pact.year).can_view:
        return None
    records = AgreedScore.history.filter(pact_id=pact.pk)
    unit_code = (query or {}).get("don-vi")
    if unit_code:
        unit = get_object_or_404(_unit_model(), code=unit_code)
        records = records.filter(unit_id=unit.pk)
    return [
        Source(
            AgreedScore,
            records,
            describe=lambda r: [
                Ref(_unit_model(), r.unit_id),
                " — ",
                Ref(ScoringCriterion, r.criterion_id)
                if r.criterion_id
                else Ref(ScoreAdjustment, r.adjustment_id),
            ],
            hidden=("pact", "unit", "criterion", "adjustment", "entered_by"),
        )
    ]


# Meetings (attendance, agenda, decisions, votes) ---------------------------------------

# Until a vote is closed nothing of its count is shown, as on the vote's own page.
_VOTE_COUNT_FIELDS = ("paper_issued", "paper_valid", "paper_invalid", "result")


def _load_meeting(pk):
    from awards.models import Meeting

    return get_object_or_404(Meeting.objects.select_related("bloc", "host"), pk=pk)


def _meeting_sources(meeting, user, query=None) -> list[Source] | None:
    from awards.access import awards_access
    from awards.models import AgendaItem, Attendance, Candidate, Decision, Meeting, Vote

    if not awards_access(user, meeting.bloc, meeting.year).can_view:
        return None
    closed = set(
        Vote.objects.filter(meeting=meeting, status=Vote.Status.CLOSED).values_list("pk", flat=True)
    )
    votes = Vote.history.filter(meeting_id=meeting.pk)
    return [
        Source(
            Meeting,
            Meeting.history.filter(id=meeting.pk),
            hidden=("bloc", "year", "created_by", "created_at"),
        ),
        Source(
            AgendaItem,
            AgendaItem.history.filter(meeting_id=meeting.pk),
            describe=lambda r: [clip(r.title)],
            hidden=("meeting",),
        ),
        Source(
            Decision,
            Decision.history.filter(meeting_id=meeting.pk),
            describe=lambda r: [clip(r.text)],
            hidden=("meeting",),
        ),
        Source(
            Attendance,
            Attendance.history.filter(meeting_id=meeting.pk),
            describe=lambda r: [Ref(_unit_model(), r.unit_id)],
            hidden=("meeting", "unit", "recorded_by"),
        ),
        Source(
            Vote,
            votes,
            describe=lambda r: [r.title],
            hidden=("meeting", "created_by", "created_at", "opened_by", "closed_by"),
            masked=lambda r: () if r.id in closed else _VOTE_COUNT_FIELDS,
        ),
        Source(
            Candidate,
            Candidate.history.filter(vote_id__in=Subquery(votes.values("id"))),
            describe=lambda r: [r.label, " — ", Ref(Vote, r.vote_id)],
            hidden=("vote", "nomination", "unit"),
            masked=lambda r: () if r.vote_id in closed else ("paper_approvals",),
        ),
    ]


# Nominations and the ministry's decisions ----------------------------------------------

# The ministry's decision on a nomination: its own page, for the ministry, administrators and
# the unit concerned. A record that wrote a decision changed decided_at.
_DECISION_FIELDS = ("status", "decision_number", "decision_date", "decision_note")
_DECISION_HIDDEN = ("decision_number", "decision_date", "decision_note", "decided_by", "decided_at")


def _records_a_decision(record, previous) -> bool:
    before = previous.decided_at if previous is not None else None
    return record.history_type != "-" and record.decided_at != before


def _load_nomination(pk):
    from awards.models import Nomination

    return get_object_or_404(Nomination.objects.select_related("bloc", "unit", "award_type"), pk=pk)


def _nomination_sources(nomination, user, query=None) -> list[Source] | None:
    from awards.access import awards_access
    from awards.models import Nomination, NominationAttachment

    if not awards_access(user, nomination.bloc, nomination.year).can_view:
        return None
    return [
        Source(
            Nomination,
            Nomination.history.filter(id=nomination.pk),
            hidden=("bloc", "year", "proposed_by", "proposed_at", *_DECISION_HIDDEN),
            keep=lambda record, previous: not _records_a_decision(record, previous),
        ),
        Source(
            NominationAttachment,
            NominationAttachment.history.filter(nomination_id=nomination.pk),
            describe=lambda r: [r.original_name],
            hidden=("nomination", "file", "uploaded_by"),
        ),
    ]


def can_read_decision(user, nomination) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.is_ministry_staff or _works_for(user, nomination.unit_id)
    )


def _decision_sources(nomination, user, query=None) -> list[Source] | None:
    from awards.models import Nomination

    if not can_read_decision(user, nomination):
        return None
    return [
        Source(
            Nomination,
            Nomination.history.filter(id=nomination.pk),
            only=_DECISION_FIELDS,
            keep=_records_a_decision,
        )
    ]


def _awards_url(name):
    return lambda obj: reverse(f"awards:{name}", args=[obj.pk])


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "giao-uoc",
            _("emulation pact"),
            _load_pact,
            _pact_sources,
            title=lambda pact: pact.title,
            url=lambda pact: pact.get_absolute_url(),
        ),
        Kind(
            "bao-cao",
            _("unit report"),
            _load_report,
            _report_sources,
            title=lambda report: f"{report.unit_name} — {report.period}",
            url=lambda report: reverse("reports:report", args=[report.pk]),
        ),
        Kind(
            "cham-diem",
            _("agreed scores"),
            _load_pact,
            _score_sources,
            title=lambda pact: f"{pact.bloc.name} {pact.year}",
            url=lambda pact: reverse("awards:ranking", args=[pact.bloc.code, pact.year]),
        ),
        Kind(
            "hop",
            _("meeting"),
            _load_meeting,
            _meeting_sources,
            title=lambda meeting: meeting.title,
            url=_awards_url("meeting"),
        ),
        Kind(
            "de-nghi",
            _("nomination"),
            _load_nomination,
            _nomination_sources,
            title=lambda nomination: f"{nomination.nominee_label} — {nomination.award_type}",
            url=_awards_url("nomination"),
        ),
        Kind(
            "quyet-dinh",
            _("the ministry's decision"),
            _load_nomination,
            _decision_sources,
            title=lambda nomination: f"{nomination.nominee_label} — {nomination.award_type}",
            url=_awards_url("nomination"),
        ),
    )
}


def kind_for(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("no such history") from None
