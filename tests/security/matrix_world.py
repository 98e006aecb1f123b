"""The world the access matrix walks: two blocs over two years, the personas, and one object
of every kind that a URL names, some belonging to a persona and some not.

The personas: anonymous, board staff of unit A, A's unit leader, staff of this year's bloc
leader (L), staff of last year's (P), staff of another bloc (B, its leader this year), an
account of unit L without any role in it, ministry staff, an administrator.

Bloc X (this year and last): units A, L (leader this year, D deputy), P (leader last year, A
deputy), D. Bloc Y (both years): unit B, its leader this year. The facts the rules read
(who is a member of which bloc in which year, who leads it) are written down here once, from
the rows created, and never asked of the portal's own access code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from blocs.access import current_year
from blocs.models import SuperiorBody
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    MemberUnitFactory,
    UserFactory,
)

# A file every checker accepts as a PDF (reports.attachments, awards.attachments).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Persona:
    key: str
    label: str
    user: object = None  # None: the anonymous visitor
    unit: str | None = None  # key of the unit in World.units
    board_staff: bool = False
    unit_leader: bool = False
    ministry: bool = False
    admin: bool = False
    token: str = ""

    @property
    def anonymous(self) -> bool:
        return self.user is None

    @property
    def works_for_unit(self) -> bool:
        return self.unit is not None and (self.board_staff or self.unit_leader)

    @property
    def reads_everything(self) -> bool:
        return self.ministry or self.admin


@dataclass
class World:
    year: int
    last_year: int
    blocs: dict = field(default_factory=dict)  # "x", "y" -> Bloc
    units: dict = field(default_factory=dict)  # "a", "l", "p", "d", "b" -> MemberUnit
    personas: list = field(default_factory=list)
    # Facts: (bloc key, year) -> set of unit keys / the leading unit's key.
    members: dict = field(default_factory=dict)
    leaders: dict = field(default_factory=dict)
    pacts: set = field(default_factory=set)  # (bloc key, year) that have a pact
    objects: dict = field(default_factory=dict)  # name -> model instance
    scratch: dict = field(default_factory=dict)  # made by a variant's prepare, rolled back

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def persona(self, key: str) -> Persona:
        return next(p for p in self.personas if p.key == key)


def _persona(world, key, label, **user_fields) -> Persona:
    unit_key = user_fields.pop("unit_key", None)
    user = UserFactory(
        username=f"matrix.{key}",
        full_name=label,
        unit=world.units[unit_key] if unit_key else None,
        **user_fields,
    )
    token = Token.objects.create(user=user)
    return Persona(
        key=key,
        label=label,
        user=user,
        unit=unit_key,
        board_staff=user.is_board_staff,
        unit_leader=user.is_unit_leader,
        ministry=user.is_ministry_staff,
        admin=user.is_superuser,
        token=token.key,
    )


def build_personas(world: World) -> None:
    world.personas = [
        Persona(key="anonymous", label="anonymous visitor"),
        _persona(world, "staff_a", "Board staff of unit A", unit_key="a", is_board_staff=True),
        _persona(world, "leader_a", "Unit leader of unit A", unit_key="a", is_unit_leader=True),
        _persona(
            world,
            "bloc_leader",
            "Staff of this year's bloc leader",
            unit_key="l",
            is_board_staff=True,
        ),
        _persona(
            world,
            "last_year_leader",
            "Staff of last year's bloc leader",
            unit_key="p",
            is_board_staff=True,
        ),
        _persona(world, "staff_b", "Staff of another bloc", unit_key="b", is_board_staff=True),
        # An account of this year's leading unit with no role in it (a person whose role was
        # taken away, say): signed in, and nothing more than anyone else signed in.
        _persona(world, "no_role_l", "Account of the leading unit without a role", unit_key="l"),
        _persona(world, "ministry", "Ministry staff", is_ministry_staff=True),
        _persona(world, "admin", "Administrator", is_staff=True, is_superuser=True),
    ]


def build_blocs(world: World) -> None:
    y0, y1 = world.year, world.last_year
    SuperiorBody.objects.create(name="Bộ Tài chính", short_name="Bộ TC", from_year=2000)
    world.blocs = {
        "x": BlocFactory(code="khoi-x", name="Khối X"),
        "y": BlocFactory(code="khoi-y", name="Khối Y"),
    }
    world.units = {
        key: MemberUnitFactory(code=f"don-vi-{key}", short_name=f"BQL {key.upper()}")
        for key in ("a", "l", "p", "d", "b")
    }
    for year in (y1, y0):
        world.members[("x", year)] = {"a", "l", "p", "d"}
        world.members[("y", year)] = {"b"}
    for (bloc, year), units in world.members.items():
        for unit in units:
            MembershipFactory(bloc=world.blocs[bloc], unit=world.units[unit], year=year)
    world.leaders = {("x", y0): "l", ("x", y1): "p", ("y", y0): "b"}
    deputies = {("x", y0): "d", ("x", y1): "a"}
    for (bloc, year), leader in world.leaders.items():
        deputy = deputies.get((bloc, year))
        BlocYearFactory(
            bloc=world.blocs[bloc],
            year=year,
            leader=world.units[leader],
            deputy=world.units[deputy] if deputy else None,
        )


def build_reports(world: World) -> None:
    from reports.models import Attachment, Indicator, PeriodSummary, ReportValue, UnitReport
    from reports.services import ensure_periods

    y0, y1 = world.year, world.last_year
    o = world.objects
    x, y = world.blocs["x"], world.blocs["y"]
    o["period_x_h1"], o["period_x_fy"] = ensure_periods(x, y0)
    o["period_x_prev_h1"], o["period_x_prev_fy"] = ensure_periods(x, y1)
    o["period_y_h1"], o["period_y_fy"] = ensure_periods(y, y0)
    o["period_y_prev_h1"], o["period_y_prev_fy"] = ensure_periods(y, y1)
    S = UnitReport.Status
    staff_a = world.persona("staff_a").user

    def report(period, unit_key, status, **fields):
        unit = world.units[unit_key]
        return UnitReport.objects.create(
            period=period,
            unit=unit,
            unit_name=unit.name,
            status=status,
            updated_by=staff_a,
            submitted_at=timezone.now() if status != S.DRAFT else None,
            accepted_at=timezone.now() if status == S.ACCEPTED else None,
            **fields,
        )

    o["report_a"] = report(o["period_x_h1"], "a", S.DRAFT, results="Kết quả của A")
    o["report_d"] = report(o["period_x_h1"], "d", S.SUBMITTED)
    o["report_a_prev"] = report(o["period_x_prev_fy"], "a", S.ACCEPTED)
    o["report_b"] = report(o["period_y_h1"], "b", S.SUBMITTED)
    o["report_b_prev"] = report(o["period_y_prev_fy"], "b", S.ACCEPTED)
    # Accepted values (what the API's values endpoint serves), and one of a report that is
    # not accepted (which it never serves).
    indicators = list(Indicator.objects.in_force(y1).order_by("display_order", "code")[:2])
    for name in ("report_a_prev", "report_b_prev", "report_b"):
        for n, indicator in enumerate(indicators, 1):
            o[f"value_{name}_{n}"] = ReportValue.objects.create(
                report=o[name], indicator=indicator, value=Decimal(100 * n)
            )
    for name, report_name in (("attachment_a", "report_a"), ("attachment_b", "report_b")):
        attachment = Attachment(
            report=o[report_name], original_name=f"{name}.pdf", size=len(PDF_BYTES)
        )
        attachment.file.save(f"{name}.pdf", ContentFile(PDF_BYTES), save=True)
        o[name] = attachment
    o["summary"] = PeriodSummary.objects.create(year=y0, kind="H1")


def build_pacts(world: World) -> None:
    from pacts.models import CriteriaGroup, Pact, PactClause, ScoreAdjustment, ScoringCriterion
    from reports.models import Indicator

    y0, y1 = world.year, world.last_year
    o = world.objects
    leader = world.persona("bloc_leader").user
    indicators = list(Indicator.objects.in_force(y0).order_by("display_order", "code")[:2])

    def pact(bloc_key, year, status):
        pact = Pact.objects.create(
            bloc=world.blocs[bloc_key],
            year=year,
            status=status,
            title=f"Giao ước thi đua năm {year} — Khối {bloc_key.upper()}",
            place="Quy Nhơn",
            number="01/GƯ-KTĐ",
            created_by=leader,
            total_points=Decimal("100"),
            bonus_cap=Decimal("5"),
            penalty_cap=Decimal("10"),
            signed_at=timezone.now() if status == Pact.Status.SIGNED else None,
        )
        PactClause.objects.create(pact=pact, order=1, text="Hoàn thành vượt mức các chỉ tiêu.")
        group = CriteriaGroup.objects.create(pact=pact, order=1, title="Nhiệm vụ chuyên môn")
        ScoringCriterion.objects.create(
            group=group, order=1, text="Thu hút đầu tư", max_points=Decimal("60")
        )
        ScoringCriterion.objects.create(
            group=group, order=2, text="Cải cách hành chính", max_points=Decimal("40")
        )
        ScoreAdjustment.objects.create(
            pact=pact, kind="bonus", order=1, text="Sáng kiến", max_points=Decimal("3")
        )
        pact.indicators.set(indicators)
        pact.group = group
        return pact

    # This year's pact of X is a draft (its leader edits it); variants open it when needed.
    # Bloc Y has no pact this year: its leader may create one.
    o["pact_x"] = pact("x", y0, Pact.Status.DRAFT)
    o["pact_x_prev"] = pact("x", y1, Pact.Status.SIGNED)
    o["pact_y_prev"] = pact("y", y1, Pact.Status.SIGNED)
    world.pacts = {("x", y0), ("x", y1), ("y", y1)}


def build_awards(world: World) -> None:
    from awards.models import (
        Attendance,
        AwardType,
        Candidate,
        Meeting,
        Nomination,
        NominationAttachment,
        Submission,
        Vote,
    )

    y0, y1 = world.year, world.last_year
    o = world.objects
    leader = world.persona("bloc_leader").user
    flag = AwardType.objects.get(code="co-thi-dua-bo")
    certificate = AwardType.objects.get(code="bang-khen-bo-truong-tap-the")
    o["flag"], o["certificate"] = flag, certificate

    def nomination(
        bloc_key, unit_key, award_type, status=Nomination.Status.PROPOSED, year=y0, name=""
    ):
        return Nomination.objects.create(
            bloc=world.blocs[bloc_key],
            year=year,
            award_type=award_type,
            unit=world.units[unit_key],
            nominee_name=name,
            nominee_title="Trưởng phòng" if name else "",
            achievements="Hoàn thành xuất sắc nhiệm vụ.",
            status=status,
            proposed_by=leader,
            decision_number="12/QĐ-BTC" if status == Nomination.Status.AWARDED else "",
            decision_date=date(year, 12, 30) if status == Nomination.Status.AWARDED else None,
        )

    individual = AwardType.objects.get(code="bang-khen-bo-truong-ca-nhan")
    # Nominations of people (edited, withdrawn, with attachments) and the units' nominations
    # for the flag that the votes are about (a candidate of an open vote cannot be withdrawn).
    o["nomination_a"] = nomination("x", "a", individual, name="Nguyễn Văn An")
    o["nomination_d"] = nomination("x", "d", individual, name="Trần Văn Dũng")
    o["nomination_b"] = nomination("y", "b", individual, name="Lê Văn Bình")
    o["vote_nomination_a"] = nomination("x", "a", flag)
    o["vote_nomination_d"] = nomination("x", "d", flag)
    o["vote_nomination_b"] = nomination("y", "b", flag)
    o["nomination_passed"] = nomination("x", "l", certificate, Nomination.Status.PASSED)
    o["nomination_b_passed"] = nomination("y", "b", certificate, Nomination.Status.PASSED)
    o["decision_x_prev"] = nomination("x", "a", certificate, Nomination.Status.AWARDED, y1)
    o["decision_y_prev"] = nomination("y", "b", certificate, Nomination.Status.AWARDED, y1)
    for name, nomination_name in (
        ("nomination_attachment_a", "nomination_a"),
        ("nomination_attachment_b", "nomination_b"),
    ):
        item = NominationAttachment(
            nomination=o[nomination_name], original_name=f"{name}.pdf", size=len(PDF_BYTES)
        )
        item.file.save(f"{name}.pdf", ContentFile(PDF_BYTES), save=True)
        o[name] = item

    def meeting(bloc_key, host_key):
        return Meeting.objects.create(
            bloc=world.blocs[bloc_key],
            year=y0,
            kind=Meeting.Kind.YEAR_END,
            title=f"Hội nghị tổng kết năm {y0}",
            number="01/BB-KTĐ",
            held_on=date(y0, 12, 20),
            place="Quy Nhơn",
            host=world.units[host_key],
            chair_name="Chủ trì",
            created_by=leader,
        )

    o["meeting_x"] = meeting("x", "l")
    o["meeting_y"] = meeting("y", "b")
    present = {"a", "l", "p"}
    for unit_key in sorted(world.members[("x", y0)]):
        Attendance.objects.create(
            meeting=o["meeting_x"],
            unit=world.units[unit_key],
            status=Attendance.Status.PRESENT if unit_key in present else Attendance.Status.ABSENT,
            representative_name=f"Đại diện {unit_key.upper()}" if unit_key in present else "",
            written_opinion="" if unit_key in present else "Đồng ý với các đề nghị.",
            recorded_by=leader,
        )
    Attendance.objects.create(
        meeting=o["meeting_y"],
        unit=world.units["b"],
        status=Attendance.Status.PRESENT,
        representative_name="Đại diện B",
        recorded_by=leader,
    )

    def vote(meeting_obj, nominations, status=Vote.Status.DRAFT, **fields):
        vote = Vote.objects.create(
            meeting=meeting_obj,
            kind=Vote.Kind.AWARD,
            award_type=flag,
            title=f"Bình xét {flag.name_vi}",
            status=status,
            seats=flag.default_quota,
            threshold_percent=flag.threshold_percent,
            threshold_base=flag.threshold_base,
            threshold_comparison=flag.threshold_comparison,
            opened_at=timezone.now() if status == Vote.Status.OPEN else None,
            **fields,
        )
        for n, item in enumerate(nominations, 1):
            Candidate.objects.create(
                vote=vote, order=n, nomination=item, unit=item.unit, label=item.nominee_label
            )
        return vote

    pair = [o["vote_nomination_a"], o["vote_nomination_d"]]
    o["vote_draft"] = vote(o["meeting_x"], pair)
    o["vote_open"] = vote(o["meeting_x"], pair, Vote.Status.OPEN, allow_written_opinions=True)
    o["vote_paper"] = vote(o["meeting_x"], pair, Vote.Status.OPEN, mode=Vote.Mode.PAPER)
    o["vote_y"] = vote(o["meeting_y"], [o["vote_nomination_b"]], Vote.Status.OPEN)

    def submission(bloc_key, meeting_obj):
        return Submission.objects.create(
            bloc=world.blocs[bloc_key],
            year=y0,
            meeting=meeting_obj,
            number="02/TTr-KTĐ",
            place="Quy Nhơn",
            dated=date(y0, 12, 22),
            signer_name="Chủ trì",
            created_by=leader,
        )

    o["submission_x"] = submission("x", o["meeting_x"])
    o["submission_y"] = submission("y", o["meeting_y"])


def build_documents(world: World) -> None:
    """Ready PDF records of every kind, written directly: no rendering is needed to decide
    who may open and download them."""
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Document

    o = world.objects
    subjects = {
        "doc_report_a_prev": ("unit_report", o["report_a_prev"], "x"),
        "doc_report_b": ("unit_report", o["report_b"], "y"),
        "doc_pact_x": ("pact", o["pact_x"], "x"),
        "doc_pact_x_prev": ("pact", o["pact_x_prev"], "x"),
        "doc_pact_y_prev": ("pact", o["pact_y_prev"], "y"),
        "doc_bloc_report_x": ("bloc_report", o["period_x_h1"], "x"),
        "doc_bloc_report_y": ("bloc_report", o["period_y_h1"], "y"),
        "doc_minutes_x": ("minutes", o["meeting_x"], "x"),
        "doc_minutes_y": ("minutes", o["meeting_y"], "y"),
        "doc_dossier_x": ("dossier", o["submission_x"], "x"),
        "doc_dossier_y": ("dossier", o["submission_y"], "y"),
        "doc_summary": ("summary", o["summary"], None),
    }
    for name, (kind, subject, bloc_key) in subjects.items():
        document = Document(
            kind=kind,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            version=1,
            content_hash=name.ljust(64, "0"),
            payload={"year": world.year},
            title=f"Tài liệu {name}",
            year=world.year,
            status=Document.Status.READY,
            progress=100,
            size=len(PDF_BYTES),
            page_count=1,
            bloc=world.blocs[bloc_key] if bloc_key else None,
            finished_at=timezone.now(),
        )
        document.file.save(f"{name}.pdf", ContentFile(PDF_BYTES), save=True)
        o[name] = document


def build_world() -> World:
    year = current_year()
    world = World(year=year, last_year=year - 1)
    build_blocs(world)
    build_personas(world)
    build_reports(world)
    build_pacts(world)
    build_awards(world)
    build_documents(world)
    return world
