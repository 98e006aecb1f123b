"""Illustrative demo awards.

Last year, in the first demo bloc whose previous year is fully reported and has its pact
(scoring table): the members' self-scores, the agreed scores and ranking (with a tie),
nominations, the year-end meeting with its attendance and a written opinion, a flag vote, a
certificates vote and the election of this year's leadership (secret, cast, closed and
counted), the ministry's decisions and the submission letter.

This year, in the bloc whose logins load_demo prints: the upcoming year-end meeting with its
attendance, nominations and a flag vote prepared, so that a person can run a vote end to end.

Running it again changes nothing. The ballots go through awards.voting like real ones.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from awards import voting
from awards.models import (
    AgendaItem,
    AgreedScore,
    AwardType,
    Candidate,
    Decision,
    Meeting,
    Nomination,
    Submission,
    Vote,
)
from blocs.access import current_year
from blocs.models import Bloc, BlocYear, MemberUnit
from khoi_thi_dua.collation import sorted_by_province
from pacts.models import Pact, ScoringCriterion
from reports.models import ReportingPeriod, SelfScore, UnitReport

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UPCOMING_BLOC = "tay-nguyen-duyen-hai-mien-trung"
# Where a year-end conference is held, by the host unit: the city of its board.
CITIES = {"binh-dinh": "Quy Nhơn", "tien-giang": "Mỹ Tho", "dong-thap": "Cao Lãnh"}
FLAG = "co-thi-dua-bo"
CERTIFICATE = "bang-khen-bo-truong-tap-the"
INDIVIDUAL = "bang-khen-bo-truong-ca-nhan"
HALF = Decimal("0.5")

AGENDA = [
    "Báo cáo tổng kết công tác thi đua, khen thưởng năm {year} của Khối",
    "Thông qua kết quả chấm điểm, xếp hạng thi đua năm {year}",
    "Bình xét, suy tôn Cờ thi đua và Bằng khen của Bộ trưởng năm {year}",
    "Bầu Khối trưởng, Khối phó năm {next}",
    "Ký kết Giao ước thi đua năm {next}",
]
DECISIONS = [
    "Thống nhất kết quả chấm điểm, xếp hạng thi đua năm {year} của các đơn vị thành viên.",
    "Thống nhất đề nghị Bộ trưởng tặng Cờ thi đua và Bằng khen cho các tập thể đạt số phiếu "
    "theo quy định.",
    "Giao Khối trưởng hoàn thiện hồ sơ đề nghị khen thưởng gửi Vụ Thi đua - Khen thưởng trước "
    "ngày 31/01/{next}.",
]
ACHIEVEMENTS = (
    "Dẫn đầu Khối về thu hút vốn đầu tư và giải ngân; hoàn thành vượt mức các chỉ tiêu đăng ký; "
    "100% hồ sơ thủ tục hành chính giải quyết đúng và trước hạn; không để xảy ra sự cố môi "
    "trường, cháy nổ nghiêm trọng trong các KCN, KKT."
)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _round_half(value: float) -> Decimal:
    return (Decimal(str(value)) / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF


@transaction.atomic
def load_demo_awards() -> list[Meeting]:
    year = current_year()
    loaded = []
    bloc = reviewed_bloc(year - 1)
    if bloc is not None:
        meeting = _last_year(bloc, year - 1)
        if meeting:
            loaded.append(meeting)
    bloc = Bloc.objects.filter(code=UPCOMING_BLOC).first()
    if bloc is not None:
        upcoming = _upcoming(bloc, year)
        if upcoming:
            loaded.append(upcoming)
    return loaded


def reviewed_bloc(year: int) -> Bloc | None:
    """The first demo bloc with a pact (its scoring table) and accepted annual reports for the
    year: the one whose year-end meeting the demo holds."""
    for bloc in Bloc.objects.order_by("display_order", "name"):
        if (
            Pact.objects.filter(bloc=bloc, year=year).exists()
            and UnitReport.objects.filter(
                period__bloc=bloc,
                period__year=year,
                period__kind=ReportingPeriod.Kind.FY,
                status=UnitReport.Status.ACCEPTED,
            ).exists()
        ):
            return bloc
    return None


def _absent(members: list[MemberUnit], *leaders) -> MemberUnit | None:
    """The member that misses the meeting: the last by province that leads nothing."""
    others = [u for u in members if u not in leaders]
    return others[-1] if len(others) > 3 else None


# Last year: the whole chain ---------------------------------------------------------------


def _last_year(bloc: Bloc, year: int) -> Meeting | None:
    if Meeting.objects.filter(bloc=bloc, year=year, kind=Meeting.Kind.YEAR_END).exists():
        return None
    leadership = BlocYear.objects.get(bloc=bloc, year=year)
    leader_staff = _user(f"canbo.{leadership.leader.code}")
    pact = Pact.objects.get(bloc=bloc, year=year)
    members = sorted_by_province(bloc.members_in(year))
    _self_scores(pact, members)
    ranking = _agreed_scores(pact, members, leader_staff)
    flag, certificate = AwardType.objects.get(code=FLAG), AwardType.objects.get(code=CERTIFICATE)
    flag_nominees = [_nominate(bloc, year, flag, unit, leader_staff) for unit in ranking[:2]]
    certificate_nominees = [
        _nominate(bloc, year, certificate, unit, leader_staff) for unit in ranking[2:6]
    ]
    next_leadership = BlocYear.objects.filter(bloc=bloc, year=year + 1).first()
    host = next_leadership.leader if next_leadership else leadership.leader
    meeting = _meeting(
        bloc,
        year,
        held_on=date(year + 1, 1, 6),
        place=CITIES.get(host.code, host.province),
        host=host,
        chair=_user(f"lanhdao.{leadership.leader.code}"),
        secretary=leader_staff,
        by=leader_staff,
    )
    # Everyone present but one unit, which sends its written opinion.
    absent = _absent(members, leadership.leader, host)
    for unit in members:
        if unit == absent:
            voting.record_attendance(
                meeting,
                unit,
                leader_staff,
                status="absent",
                written_opinion="Nhất trí với kết quả chấm điểm và đề xuất khen thưởng của Khối.",
            )
        else:
            head = _user(f"lanhdao.{unit.code}")
            voting.record_attendance(
                meeting,
                unit,
                leader_staff,
                status="present",
                representative_name=head.full_name,
                representative_title=head.position,
            )
    present = [u for u in members if u != absent]
    flag_vote = _vote(meeting, flag, flag_nominees, leader_staff, seats=1)
    certificate_vote = _vote(
        meeting, certificate, certificate_nominees, leader_staff, seats=3, written=True
    )
    # The flag: the leading unit approved by everyone present, the second by about half.
    _cast_all(flag_vote, present, lambda n, c: c == 0 or n % 2 == 0)
    # Certificates: the first three within the quota, the fourth above the threshold but with
    # fewer approvals.
    _cast_all(
        certificate_vote,
        present,
        lambda n, c: {0: True, 1: n != 1, 2: n not in (1, 2)}.get(c, n % 3 != 0),
    )
    if absent is not None:
        voting.enter_written_opinion(
            certificate_vote,
            absent,
            leader_staff,
            {c.pk: True for c in certificate_vote.candidates.all()},
        )
    for vote in (flag_vote, certificate_vote):
        voting.close_vote(vote, leader_staff)
    if next_leadership:
        election = _election(meeting, next_leadership, leader_staff)
        _cast_all(election, present, lambda n, c: True)
        voting.close_vote(election, leader_staff)
    _decisions(bloc, year)
    Submission.objects.get_or_create(
        bloc=bloc,
        year=year,
        defaults={
            "meeting": meeting,
            "number": "05/TTr-KTĐ",
            "place": meeting.place,
            "dated": date(year + 1, 1, 15),
            "signer_name": meeting.chair_name,
            "created_by": leader_staff,
        },
    )
    return meeting


def _items(pact: Pact):
    criteria = list(
        ScoringCriterion.objects.filter(group__pact=pact).order_by("group__order", "order")
    )
    return criteria, list(pact.adjustments.all())


def _self_scores(pact: Pact, members: list[MemberUnit]) -> None:
    criteria, adjustments = _items(pact)
    reports = {
        r.unit_id: r
        for r in UnitReport.objects.filter(
            period__bloc=pact.bloc, period__year=pact.year, period__kind=ReportingPeriod.Kind.FY
        )
    }
    for unit in members:
        report = reports.get(unit.pk)
        if report is None or report.self_scores.exists():
            continue
        rng = random.Random(f"{unit.code}-{pact.year}-self")
        scores = [
            SelfScore(
                report=report,
                criterion=c,
                points=min(c.max_points, _round_half(float(c.max_points) * rng.uniform(0.82, 1.0))),
            )
            for c in criteria
        ]
        bonus = [a for a in adjustments if a.kind == "bonus"]
        if bonus and rng.random() < 0.5:
            scores.append(SelfScore(report=report, adjustment=bonus[0], points=bonus[0].max_points))
        SelfScore.objects.bulk_create(scores)


def _agreed_scores(pact: Pact, members: list[MemberUnit], by) -> list[MemberUnit]:
    """The bloc's agreed points: the self-score, less where the bloc did not accept it all;
    two members end level, to show a shared rank. Returns the members in ranking order."""
    from awards.scoring import bloc_ranking

    if not AgreedScore.objects.filter(pact=pact).exists():
        penalties = [a for a in pact.adjustments.all() if a.kind == "penalty"]
        rows = []
        for score in SelfScore.objects.filter(
            report__period__bloc=pact.bloc,
            report__period__year=pact.year,
            report__period__kind=ReportingPeriod.Kind.FY,
        ).select_related("report"):
            rng = random.Random(
                f"{score.report.unit_id}-{score.criterion_id}-{score.adjustment_id}"
            )
            cut = Decimal("0.25") * rng.choice([0, 0, 0, 1, 2, 3, 5])
            rows.append(
                AgreedScore(
                    pact=pact,
                    unit_id=score.report.unit_id,
                    criterion_id=score.criterion_id,
                    adjustment_id=score.adjustment_id,
                    points=max(Decimal(0), score.points - cut),
                    entered_by=by,
                )
            )
        AgreedScore.objects.bulk_create(rows)
        if penalties and members:
            # One member filed a report late: the bloc takes a penalty point.
            AgreedScore.objects.create(
                pact=pact,
                unit=members[len(members) // 2],
                adjustment=penalties[0],
                points=Decimal(1),
                entered_by=by,
            )
        ranking = [r for r in bloc_ranking(pact.bloc, pact.year) if r.agreed_total is not None]
        if len(ranking) >= 5:
            # The fourth and fifth end level: the fifth gets the fourth's points.
            fourth, fifth = ranking[3].unit, ranking[4].unit
            AgreedScore.objects.filter(pact=pact, unit=fifth).delete()
            AgreedScore.objects.bulk_create(
                AgreedScore(
                    pact=pact,
                    unit=fifth,
                    criterion_id=s.criterion_id,
                    adjustment_id=s.adjustment_id,
                    points=s.points,
                    entered_by=by,
                )
                for s in AgreedScore.objects.filter(pact=pact, unit=fourth)
            )
    return [r.unit for r in bloc_ranking(pact.bloc, pact.year) if r.rank is not None]


def _nominate(bloc, year, award_type, unit, by, nominee_name="", nominee_title="") -> Nomination:
    nomination, _created = Nomination.objects.get_or_create(
        bloc=bloc,
        year=year,
        award_type=award_type,
        unit=unit,
        nominee_name=nominee_name,
        defaults={
            "nominee_title": nominee_title,
            "achievements": ACHIEVEMENTS,
            "proposed_by": by,
        },
    )
    return nomination


def _meeting(bloc, year, *, held_on, place, host, chair, secretary, by) -> Meeting:
    meeting = Meeting.objects.create(
        bloc=bloc,
        year=year,
        kind=Meeting.Kind.YEAR_END,
        title=f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}",
        number="01/BB-KTĐ",
        held_on=held_on,
        starts_at=time(8, 0),
        place=place,
        host=host,
        chair_name=chair.full_name,
        chair_title=chair.position,
        secretary_name=secretary.full_name,
        secretary_title=secretary.position,
        guests="Đại diện Vụ Thi đua - Khen thưởng, Bộ Tài chính\nĐại diện Cục Đầu tư nước ngoài",
        proceedings=(
            "Hội nghị nghe báo cáo tổng kết công tác thi đua, khen thưởng năm của Khối; các "
            "đơn vị thảo luận, thống nhất kết quả chấm điểm và tiến hành bình xét, suy tôn."
        ),
        created_by=by,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, title=t.format(year=year, next=year + 1))
        for n, t in enumerate(AGENDA, 1)
    )
    Decision.objects.bulk_create(
        Decision(meeting=meeting, order=n, text=t.format(year=year, next=year + 1))
        for n, t in enumerate(DECISIONS, 1)
    )
    return meeting


def _vote(meeting, award_type, nominations, by, *, seats, written=False, open_it=True) -> Vote:
    vote = Vote.objects.create(
        meeting=meeting,
        kind=Vote.Kind.AWARD,
        award_type=award_type,
        title=f"Bình xét, suy tôn {award_type.name_vi} năm {meeting.year}",
        seats=seats,
        method=Vote.Method.APPROVAL,
        secret=True,
        mode=Vote.Mode.ELECTRONIC,
        allow_written_opinions=written,
        threshold_percent=award_type.threshold_percent,
        threshold_base=award_type.threshold_base,
        threshold_comparison=award_type.threshold_comparison,
        quorum_numerator=award_type.quorum_numerator,
        quorum_denominator=award_type.quorum_denominator,
        created_by=by,
    )
    Candidate.objects.bulk_create(
        Candidate(vote=vote, order=n, nomination=nom, unit=nom.unit, label=nom.nominee_label)
        for n, nom in enumerate(nominations, 1)
    )
    if open_it:
        voting.open_vote(vote, by)
    return vote


def _election(meeting, next_leadership, by) -> Vote:
    vote = Vote.objects.create(
        meeting=meeting,
        kind=Vote.Kind.LEADERSHIP,
        title=f"Bầu Khối trưởng, Khối phó năm {meeting.year + 1}",
        seats=2,
        method=Vote.Method.APPROVAL,
        secret=True,
        threshold_percent=Decimal(50),
        threshold_base=Vote.Base.MEMBERS,
        threshold_comparison=Vote.Comparison.MORE_THAN,
        created_by=by,
    )
    Candidate.objects.create(
        vote=vote,
        order=1,
        unit=next_leadership.leader,
        role="leader",
        label=next_leadership.leader.name,
    )
    if next_leadership.deputy:
        Candidate.objects.create(
            vote=vote,
            order=2,
            unit=next_leadership.deputy,
            role="deputy",
            label=next_leadership.deputy.name,
        )
    voting.open_vote(vote, by)
    return vote


def _cast_all(vote: Vote, units: list[MemberUnit], approves) -> None:
    """Each unit's leader casts its ballot: approves(unit's position, candidate's position)."""
    candidates = list(vote.candidates.all())
    for n, unit in enumerate(units):
        voting.cast_ballot(
            vote,
            _user(f"lanhdao.{unit.code}"),
            {c.pk: bool(approves(n, position)) for position, c in enumerate(candidates)},
        )


def _decisions(bloc: Bloc, year: int) -> None:
    """The ministry's decisions on what the bloc passed: the flag and two certificates awarded,
    the third certificate not."""
    ministry = get_user_model().objects.filter(username="bo.vutdkt").first()
    passed = Nomination.objects.filter(bloc=bloc, year=year, status=Nomination.Status.PASSED)
    certificates = 0
    for nomination in passed.select_related("award_type").order_by(
        "award_type__display_order", "pk"
    ):
        if nomination.award_type.code == FLAG:
            number, day, awarded = "512/QĐ-BTC", date(year + 1, 3, 20), True
        else:
            certificates += 1
            number, day, awarded = "478/QĐ-BTC", date(year + 1, 3, 12), certificates <= 2
        nomination.set_status(
            Nomination.Status.AWARDED if awarded else Nomination.Status.NOT_AWARDED
        )
        nomination.decision_number = number if awarded else ""
        nomination.decision_date = day if awarded else None
        nomination.decision_note = "" if awarded else "Chưa đủ điều kiện theo quy định."
        nomination.decided_by = ministry
        nomination.decided_at = datetime(day.year, day.month, day.day, 15, 0, tzinfo=TZ)
        nomination.save()


# This year: the meeting to come -----------------------------------------------------------


def _upcoming(bloc: Bloc, year: int) -> Meeting | None:
    if Meeting.objects.filter(bloc=bloc, year=year, kind=Meeting.Kind.YEAR_END).exists():
        return None
    leadership = BlocYear.objects.filter(bloc=bloc, year=year).first()
    if leadership is None:
        return None
    leader_staff = _user(f"canbo.{leadership.leader.code}")
    members = sorted_by_province(bloc.members_in(year))
    meeting = _meeting(
        bloc,
        year,
        held_on=date(year, 12, 18),
        place=CITIES.get(leadership.leader.code, leadership.leader.province),
        host=leadership.leader,
        chair=_user(f"lanhdao.{leadership.leader.code}"),
        secretary=leader_staff,
        by=leader_staff,
    )
    meeting.number = ""
    meeting.save(update_fields=["number"])
    Decision.objects.filter(meeting=meeting).delete()
    absent = _absent(members, leadership.leader)
    for unit in members:
        if unit == absent:
            voting.record_attendance(
                meeting,
                unit,
                leader_staff,
                status="absent",
                written_opinion="Đơn vị bận công tác đột xuất; nhất trí với các đề xuất của Khối.",
            )
        else:
            head = _user(f"lanhdao.{unit.code}")
            voting.record_attendance(
                meeting,
                unit,
                leader_staff,
                status="present",
                representative_name=head.full_name,
                representative_title=head.position,
            )
    flag = AwardType.objects.get(code=FLAG)
    certificate = AwardType.objects.get(code=CERTIFICATE)
    individual = AwardType.objects.get(code=INDIVIDUAL)
    by_code = {u.code: u for u in members}
    flag_units = [by_code[c] for c in ("da-nang", "quang-nam") if c in by_code] or members[:2]
    certificate_units = [
        by_code[c] for c in ("gia-lai", "khanh-hoa", "dak-lak", "phu-yen") if c in by_code
    ] or members[2:6]
    flag_nominees = [_nominate(bloc, year, flag, u, leader_staff) for u in flag_units]
    for unit in certificate_units:
        _nominate(bloc, year, certificate, unit, _user(f"canbo.{unit.code}"))
    _nominate(
        bloc,
        year,
        individual,
        leadership.leader,
        leader_staff,
        nominee_name="Trần Văn Hòa",
        nominee_title="Trưởng phòng Quản lý đầu tư",
    )
    # A flag vote prepared, to be opened at the meeting.
    _vote(meeting, flag, flag_nominees, leader_staff, seats=1, open_it=False)
    return meeting
