"""The meeting's minutes (biên bản) and the submission dossier (tờ trình + minutes + the
consolidated annual report) as PDF documents: the snapshots they are rendered from, and who
may see them.

Payloads carry data and codes only, never text in the reader's language: the PDF is always
Vietnamese (documents.rendering), and the same data must give the same hash whoever asks.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import slugify

from awards.models import Attendance, Meeting, Nomination, Submission, Vote
from blocs.models import BlocYear, Membership, SuperiorBody
from documents.registry import ascii_slug
from khoi_thi_dua.collation import sorted_by_province
from khoi_thi_dua.numbers import plain_number


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _share(approvals: int, base: int) -> str:
    if not base:
        return ""
    share = (Decimal(approvals) * 100 / Decimal(base)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return plain_number(share)


def _vote_payload(vote: Vote, units_by_id: dict) -> dict:
    result = vote.result or {}
    base = result.get("base", 0)
    groups = []
    for group in result.get("groups", []):
        candidates = sorted(group["candidates"], key=lambda c: -c["approvals"])
        groups.append(
            {
                "role": group["role"],
                "seats": group["seats"],
                "candidates": [
                    {
                        "label": c["label"],
                        "approvals": c["approvals"],
                        "disapprovals": c["disapprovals"],
                        "share": _share(c["approvals"], base),
                        "elected": c["elected"],
                        "reason": c["reason"],
                    }
                    for c in candidates
                ],
            }
        )
    named = []
    if not vote.secret:
        labels = {str(c.pk): c.label for c in vote.candidates.all()}
        for record in vote.voters.all():
            choices = record.named_choices or {}
            named.append(
                {
                    "unit": units_by_id[record.unit_id].name
                    if record.unit_id in units_by_id
                    else str(record.unit),
                    "approved": [labels[k] for k, v in choices.items() if v and k in labels],
                    "disapproved": [labels[k] for k, v in choices.items() if not v and k in labels],
                }
            )
        named.sort(key=lambda row: row["unit"])
    return {
        "title": vote.title,
        "kind": vote.kind,
        "award": vote.award_type.name_vi if vote.award_type else "",
        "method": vote.method,
        "mode": vote.mode,
        "secret": vote.secret,
        "seats": vote.seats,
        "members": result.get("members"),
        "present": result.get("present"),
        "written_opinions": result.get("written_opinions", 0),
        "ballots": result.get("ballots", {}),
        "quorum_numerator": result.get("quorum_numerator"),
        "quorum_denominator": result.get("quorum_denominator"),
        "quorum_needed": result.get("quorum_needed"),
        "quorum_met": result.get("quorum_met"),
        "threshold_percent": result.get("threshold_percent"),
        "threshold_base": result.get("threshold_base"),
        "threshold_comparison": result.get("threshold_comparison"),
        "base": base,
        "votes_needed": result.get("votes_needed"),
        "no_quorum_reason": result.get("no_quorum_reason", ""),
        "tie_break_note": result.get("tie_break_note", ""),
        "groups": groups,
        "elected": [c["label"] for g in groups for c in g["candidates"] if c["elected"]],
        "named": named,
    }


def build_minutes_payload(meeting: Meeting) -> dict:
    """Everything the minutes show: attendance, agenda, decisions, the counts of the closed
    votes with their rule, and who was elected and why."""
    members = [
        m.unit
        for m in Membership.objects.filter(
            bloc_id=meeting.bloc_id, year=meeting.year
        ).select_related("unit")
    ]
    attendance = {a.unit_id: a for a in meeting.attendances.all()}
    units_by_id = {u.pk: u for u in members}
    rows = []
    for unit in sorted_by_province(members):
        a = attendance.get(unit.pk)
        rows.append(
            {
                "unit": unit.name,
                "status": a.status if a else "",
                "representative": a.representative_name if a else "",
                "title": a.representative_title if a else "",
                "written_opinion": a.written_opinion if a else "",
            }
        )
    leadership = (
        BlocYear.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year)
        .select_related("leader")
        .first()
    )
    superior = SuperiorBody.for_year(meeting.year)
    votes = (
        meeting.votes.filter(status=Vote.Status.CLOSED)
        .select_related("award_type")
        .prefetch_related("candidates", "voters")
        .order_by("pk")
    )
    return {
        "year": meeting.year,
        "bloc": meeting.bloc.name,
        "superior_body": superior.name if superior else "",
        "number": meeting.number,
        "title": meeting.title,
        "kind": meeting.kind,
        "place": meeting.place,
        "date": meeting.held_on.isoformat(),
        "time": meeting.starts_at.strftime("%H:%M") if meeting.starts_at else "",
        "host": meeting.host.name if meeting.host else "",
        "leader_unit": leadership.leader.name if leadership else "",
        "chair": {"name": meeting.chair_name, "title": meeting.chair_title},
        "secretary": {"name": meeting.secretary_name, "title": meeting.secretary_title},
        "guests": _lines(meeting.guests),
        "agenda": [item.title for item in meeting.agenda_items.all()],
        "proceedings": _lines(meeting.proceedings),
        "decisions": [d.text for d in meeting.decisions.all()],
        "attendance": rows,
        "members_count": len(members),
        "present_count": sum(1 for r in rows if r["status"] == Attendance.Status.PRESENT),
        "absent_count": sum(1 for r in rows if r["status"] == Attendance.Status.ABSENT),
        "unrecorded_count": sum(1 for r in rows if not r["status"]),
        "votes": [_vote_payload(vote, units_by_id) for vote in votes],
    }


def _memberships(user) -> set[tuple[int, int]]:
    """(bloc id, year) of the user's unit's memberships, read once per user object."""
    cache = user.__dict__.get("_awards_memberships")
    if cache is None:
        cache = set()
        if user.unit_id and (user.is_board_staff or user.is_unit_leader):
            cache = set(
                Membership.objects.filter(unit_id=user.unit_id).values_list("bloc_id", "year")
            )
        user.__dict__["_awards_memberships"] = cache
    return cache


def can_view_bloc_year(user, bloc_id: int, year: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_ministry_staff:
        return True
    return (bloc_id, year) in _memberships(user)


def can_view_minutes(user, meeting: Meeting) -> bool:
    return can_view_bloc_year(user, meeting.bloc_id, meeting.year)


def minutes_title(meeting: Meeting) -> str:
    return f"Biên bản — {meeting.title} — Khối {meeting.bloc.name}"


def minutes_filename(meeting: Meeting, version: int) -> str:
    return f"bien-ban-{meeting.held_on:%Y%m%d}-{ascii_slug(meeting.bloc.code)}-v{version}.pdf"


# The dossier ------------------------------------------------------------------------------


def bloc_report_payload_for(bloc, year: int) -> dict | None:
    """The consolidated annual report of the bloc-year, as the reports app snapshots it for its
    own PDF (the registered "bloc_report" document kind, whose subject is the bloc's full-year
    ReportingPeriod); None when the bloc has no full-year period that year."""
    from documents.registry import get_kind
    from reports.models import ReportingPeriod

    period = ReportingPeriod.objects.filter(
        bloc=bloc, year=year, kind=ReportingPeriod.Kind.FY
    ).first()
    if period is None:
        return None
    return get_kind("bloc_report").build_payload(period)


def build_dossier_payload(submission: Submission) -> dict:
    """The submission letter, the minutes of the year-end meeting and the consolidated annual
    report, as one snapshot."""
    bloc, year = submission.bloc, submission.year
    superior = SuperiorBody.for_year(year)
    leadership = BlocYear.objects.filter(bloc=bloc, year=year).select_related("leader").first()
    proposals = []
    nominations = (
        Nomination.objects.filter(
            bloc=bloc,
            year=year,
            status__in=[
                Nomination.Status.PASSED,
                Nomination.Status.AWARDED,
                Nomination.Status.NOT_AWARDED,
            ],
        )
        .select_related("award_type", "unit")
        .order_by("award_type__display_order", "unit__name", "nominee_name")
    )
    minutes = build_minutes_payload(submission.meeting)
    approvals = {
        c["label"]: (c["approvals"], v["base"])
        for v in minutes["votes"]
        for g in v["groups"]
        for c in g["candidates"]
    }
    for n in nominations:
        label = n.nominee_label
        votes, base = approvals.get(label, (None, None))
        proposals.append(
            {
                "award": n.award_type.name_vi,
                "recipient": n.award_type.recipient,
                "nominee": label,
                "achievements": n.achievements,
                "approvals": votes,
                "base": base,
            }
        )
    return {
        "year": year,
        "bloc": bloc.name,
        "superior_body": superior.name if superior else "",
        "emulation_office": superior.emulation_office if superior else "",
        "number": submission.number,
        "place": submission.place,
        "date": submission.dated.isoformat(),
        "leader_unit": leadership.leader.name if leadership else "",
        "signer": submission.signer_name,
        "body": _lines(submission.body),
        "proposals": proposals,
        "minutes": minutes,
        "bloc_report": bloc_report_payload_for(bloc, year),
    }


def can_view_dossier(user, submission: Submission) -> bool:
    return can_view_bloc_year(user, submission.bloc_id, submission.year)


def dossier_title(submission: Submission) -> str:
    return f"Hồ sơ đề nghị khen thưởng năm {submission.year} — Khối {submission.bloc.name}"


def dossier_filename(submission: Submission, version: int) -> str:
    bloc = slugify(ascii_slug(submission.bloc.code))
    return f"ho-so-khen-thuong-{submission.year}-{bloc}-v{version}.pdf"


def bloc_of(subject):
    """The bloc a meeting or submission belongs to (the download centre filters by it)."""
    return subject.bloc


def minutes_data_state(meetings: list[Meeting]) -> dict[int, str]:
    """A fingerprint of each meeting's data (the meeting, its attendance, its closed votes),
    for many meetings in two queries: a version made from other data is flagged in the
    download centre."""
    from django.db.models import Count, Max

    ids = [m.pk for m in meetings]
    attendance = {
        row["meeting_id"]: row
        for row in Attendance.objects.filter(meeting_id__in=ids)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"), newest=Max("updated_at"))
    }
    votes = {
        row["meeting_id"]: row
        for row in Vote.objects.filter(meeting_id__in=ids, status=Vote.Status.CLOSED)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"), newest=Max("closed_at"))
    }

    def part(row) -> str:
        return f"{row['n']}@{row['newest'].isoformat()}" if row else "0"

    return {
        m.pk: f"{m.updated_at.isoformat()}|{part(attendance.get(m.pk))}|{part(votes.get(m.pk))}"
        for m in meetings
    }
