"""The registry of the access matrix: one entry per URL name of the project (the
administration is checked as one group, see test_access_matrix).

An entry names the objects its URL is tried with (variants: one that belongs to some personas
and ones that do not), who may GET it, and for a view that changes something who may POST to
it and what a POST sends. Who may do what is a rule over the world's facts (matrix_rules).

- get: who reads the page (200 unless get_ok says otherwise); None: the view takes no GET
  (405). Everyone else: 403 or 404 when signed in, sent to sign in when anonymous (401 in the
  API).
- post: who may make the change; every other persona's POST must be refused (403, 404, 405,
  or a listed soft refusal) and leave the database exactly as it was. For each object, the
  first persona the rule allows POSTs too: it must go through and (unless changes=False)
  change the database, proof that the body sent to the others is one that would have worked
  (an entry where nobody may ever act fails). An entry without post is read-only: the personas
  who may not read it are refused on POST as well, and in the API nobody's POST changes
  anything.
- listing: for a list page, what it may show each persona (see Listing).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security.matrix_payloads import form_data, pdf_upload, vi_date
from tests.security.matrix_rules import (
    ANYONE,
    EDITABLE,
    LEADER,
    LEADS_WITHOUT_PACT,
    MEMBER,
    MEMBER_EVER,
    NOBODY,
    OWN_UNIT,
    READS_ALL,
    SHARES_A_BLOC_EVER,
    SIGNED_IN,
    UNIT_LEADER,
    Rule,
    Subject,
    flag,
    subject,
)

GET_REFUSALS = frozenset({403, 404})
POST_REFUSALS = frozenset({403, 404, 405})


@dataclass
class Variant:
    label: str
    kwargs: Callable = lambda w: {}
    subject: Callable = lambda w: Subject()
    query: str = ""
    prepare: Callable | None = None  # runs inside the rolled-back savepoint, before the request
    get: Rule | None = None  # overrides the entry's rules for this object
    post: Rule | None = None
    get_ok: frozenset | None = None
    # Soft refusals accepted for this object, of a GET and of a POST: a redirect back with a
    # message, or the page again with the reason.
    get_refusals: frozenset = frozenset()
    refusals: frozenset = frozenset()
    data: Callable | None = None
    changes: bool | None = None
    listing: Listing | None = None  # instead of the entry's, for this answer


@dataclass
class Entry:
    name: str
    variants: list = field(default_factory=lambda: [Variant("-")])
    get: Rule | None = SIGNED_IN
    get_ok: frozenset = frozenset({200})
    post: Rule | None = None
    data: Callable = lambda w, p, kw: {}
    # Soft refusals of a POST: a view that answers "not now" with a message (302 back, or the
    # page again) instead of 403. The database check still applies.
    refusals: frozenset = frozenset()
    changes: bool = True
    post_ok: frozenset | None = None  # what an allowed POST answers, when it is a redirect home
    api: bool = False  # JSON API: 401 for the anonymous, also tried with a token
    session_only: bool = False  # an HTML page inside the API's namespace
    listing: Listing | None = None  # a list page: what it may (and must) show each persona


@dataclass
class Listing:
    """What a list shows: items(world) -> [(label, marker, rule, subject)], the marker being
    what shows the object in the answer (see `shown`): its address in a page, its id in the
    API's results, its title in a spreadsheet. Nothing a persona may not open may be listed;
    with exact, everything it may open is listed too (so that the check cannot pass by listing
    nothing)."""

    items: Callable
    exact: bool = True
    shown: Callable = None  # response -> (marker -> bool); links in a page by default

    def __post_init__(self):
        self.shown = self.shown or links_in_page


def links_in_page(response):
    body = response.content.decode()
    return lambda address: f'"{address}' in body


def ids_in_results(response):
    ids = {item["id"] for item in response.json()["results"]}
    return lambda pk: pk in ids


def cells_in_workbook(response):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    return lambda text: text in cells


# Subjects read from the database (after a variant's prepare) ---------------------------------


def _bloc_key(w, bloc_id) -> str:
    return next(k for k, b in w.blocs.items() if b.pk == bloc_id)


def _unit_key(w, unit_id) -> str | None:
    return next((k for k, u in w.units.items() if u.pk == unit_id), None)


def report_subject(name):
    def make(w):
        from reports.models import UnitReport

        report = UnitReport.objects.select_related("period").get(pk=w.objects[name].pk)
        flags = {report.status}
        if report.is_editable:
            flags.add("editable")
        return subject(
            _bloc_key(w, report.period.bloc_id),
            report.period.year,
            _unit_key(w, report.unit_id),
            *flags,
        )

    return make


def pact_subject(name):
    def make(w):
        from pacts.models import Pact

        pact = Pact.objects.get(pk=w.objects[name].pk)
        return subject(_bloc_key(w, pact.bloc_id), pact.year, None, pact.status)

    return make


def nomination_subject(name):
    def make(w):
        from awards.models import Nomination

        nomination = Nomination.objects.get(pk=w.objects[name].pk)
        flags = {nomination.status}
        if nomination.is_editable:
            flags.add("editable")
        return subject(
            _bloc_key(w, nomination.bloc_id),
            nomination.year,
            _unit_key(w, nomination.unit_id),
            *flags,
        )

    return make


def meeting_subject(name):
    def make(w):
        meeting = w.objects[name]
        return subject(_bloc_key(w, meeting.bloc_id), meeting.year)

    return make


def vote_subject(name):
    def make(w):
        from awards.models import Attendance, Vote

        vote = Vote.objects.select_related("meeting").get(pk=w.objects[name].pk)
        flags = {vote.status, vote.mode}
        if vote.allow_written_opinions:
            flags.add("written_opinions")
        for unit_id in Attendance.objects.filter(
            meeting=vote.meeting, status=Attendance.Status.PRESENT
        ).values_list("unit_id", flat=True):
            flags.add(f"present:{_unit_key(w, unit_id)}")
        return subject(_bloc_key(w, vote.meeting.bloc_id), vote.meeting.year, None, *flags)

    return make


def period_subject(name):
    def make(w):
        period = w.objects[name]
        return subject(_bloc_key(w, period.bloc_id), period.year, None, period.kind)

    return make


def bloc_year(bloc: str, which: str, bloc_name="bloc_code", year_name="year") -> Variant:
    """A bloc in this year or last; kwargs named as the URL names them (no year_name: the
    page picks this year itself)."""

    def year_of(w):
        return w.year if which == "this" else w.last_year

    def kwargs(w):
        found = {bloc_name: w.blocs[bloc].code}
        if year_name:
            found[year_name] = year_of(w)
        return found

    return Variant(
        f"bloc {bloc.upper()}, {which} year", kwargs, lambda w: subject(bloc, year_of(w))
    )


def obj(label, name, subject_of, key="pk", **extra) -> Variant:
    return Variant(label, lambda w: {key: w.objects[name].pk}, subject_of(name), **extra)


# Rules shared by several entries --------------------------------------------------------------

REPORT_READER = OWN_UNIT | LEADER | READS_ALL
REPORT_EDITOR = OWN_UNIT & EDITABLE
AWARDS_READER = MEMBER | READS_ALL
NOMINATOR = (LEADER | (MEMBER & OWN_UNIT)) & EDITABLE
PACT_READER = READS_ALL | LEADER | (MEMBER & ~flag("draft"))
PACT_EDITOR = LEADER & flag("draft")
PRESENT = Rule("present at the meeting", lambda p, s, w: s.has(f"present:{p.unit}"))
OPEN = flag("open")


def report_variants(**extra):
    return [
        obj("unit A's draft, this year", "report_a", report_subject, **extra),
        obj("unit D's submitted report, this year", "report_d", report_subject, **extra),
        obj("unit A's accepted report, last year", "report_a_prev", report_subject, **extra),
        obj("unit B's submitted report, bloc Y", "report_b", report_subject, **extra),
    ]


def pact_variants(**extra):
    def opened(w):
        from pacts.models import Pact

        Pact.objects.filter(pk=w.pact_x.pk).update(status=Pact.Status.OPEN)

    return [
        obj("bloc X's draft pact, this year", "pact_x", pact_subject, **extra),
        obj("bloc X's pact open for signing", "pact_x", pact_subject, prepare=opened, **extra),
        obj("bloc X's signed pact, last year", "pact_x_prev", pact_subject, **extra),
        obj("bloc Y's signed pact, last year", "pact_y_prev", pact_subject, **extra),
    ]


def vote_variants(**extra):
    return [
        obj("bloc X's vote being prepared", "vote_draft", vote_subject, **extra),
        obj("bloc X's open vote", "vote_open", vote_subject, **extra),
        obj("bloc X's open paper vote", "vote_paper", vote_subject, **extra),
        obj("bloc Y's open vote", "vote_y", vote_subject, **extra),
    ]


# POST bodies ----------------------------------------------------------------------------------


def totp_code_data(w, p, kw):
    """The code the person's app shows for the key the set-up page made (the page's GET makes
    the pending device; so does this, for the person about to POST)."""
    import time

    from django_otp.oath import TOTP

    from accounts import two_factor

    if p.anonymous:
        return {"code": "123456"}
    device = two_factor.pending_device(p.user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return {"code": f"{totp.token():0{device.digits}d}"}


def report_form_data(w, p, kw):
    from reports.models import UnitReport

    report = UnitReport.objects.get(pk=kw["pk"])
    return {"version": report.version, "results": "Đã sửa kết quả."}


def excel_upload_data(w, p, kw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.models import UnitReport

    report = UnitReport.objects.get(pk=kw["pk"])
    content = _filled_template(report.pk, report.version, report.updated_at)
    return {"file": SimpleUploadedFile("bao-cao.xlsx", content)}


@functools.lru_cache(maxsize=16)
def _filled_template(pk, version, updated_at) -> bytes:
    """The report's Excel template with one value filled in (made once per state of the
    report: it takes a while)."""
    from openpyxl import load_workbook

    from reports import excel
    from reports.models import Indicator, UnitReport

    report = UnitReport.objects.get(pk=pk)
    workbook = load_workbook(io.BytesIO(excel.build_template(report)))
    sheet = workbook[excel.SHEET_TITLE]
    code = Indicator.objects.in_force(report.period.year).order_by("display_order", "code")[0].code
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == code)
    column = excel.COLUMNS.index(excel.COL_VALUE) + 1
    sheet.cell(row=row, column=column).value = 123
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def periods_data(w, p, kw):
    from blocs.models import Bloc
    from reports.forms import PeriodForm
    from reports.services import ensure_periods

    found = ensure_periods(Bloc.objects.get(code=kw["bloc_code"]), kw["year"])
    data = form_data(*(PeriodForm(instance=period, prefix=period.kind) for period in found))
    data["H1-deadline"] = vi_date(found[0].deadline.replace(day=1))
    return data


def pact_edit_data(w, p, kw):
    from pacts.forms import PactForm
    from pacts.models import Pact

    return form_data(PactForm(instance=Pact.objects.get(pk=kw["pk"])), title="Tên đã sửa")


def pact_clauses_data(w, p, kw):
    from pacts.forms import ClauseFormSet
    from pacts.models import Pact

    formset = ClauseFormSet(instance=Pact.objects.get(pk=kw["pk"]), prefix="clauses")
    return form_data(formset, **{"clauses-0-text": "Điều khoản đã sửa."})


def pact_scoring_data(w, p, kw):
    from pacts.forms import AdjustmentFormSet, GroupFormSet
    from pacts.models import Pact

    pact = Pact.objects.get(pk=kw["pk"])
    groups = GroupFormSet(instance=pact, prefix="groups")
    adjustments = AdjustmentFormSet(instance=pact, prefix="adjustments")
    return form_data(groups, adjustments, **{"groups-0-title": "Nhóm đã sửa"})


def pact_group_data(w, p, kw):
    from pacts.forms import CriterionFormSet
    from pacts.models import CriteriaGroup

    formset = CriterionFormSet(
        instance=CriteriaGroup.objects.get(pk=kw["group_pk"]), prefix="criteria"
    )
    return form_data(formset, **{"criteria-0-guidance": "Hướng dẫn mới"})


def registration_data(w, p, kw):
    from pacts.models import Pact

    data = {"note": "Cam kết thêm."}
    for indicator in Pact.objects.get(pk=kw["pk"]).indicators.all():
        data[f"target_{indicator.pk}"] = "100"
    return data


def nomination_create_data(w, p, kw):
    # A member proposes its own unit; a persona without one tries unit A's.
    unit = w.units[p.unit] if p.unit else w.units["a"]
    from awards.models import AwardType

    return {
        "award_type": AwardType.objects.get(code="bang-khen-bo-truong-phong").pk,
        "unit": unit.pk,
        "nominee_name": "Phòng Quản lý đầu tư",
        "nominee_title": "",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ năm.",
    }


def nomination_edit_data(w, p, kw):
    from awards.forms import NominationForm
    from awards.models import Nomination
    from blocs.models import MemberUnit

    nomination = Nomination.objects.get(pk=kw["pk"])
    form = NominationForm(instance=nomination, units=MemberUnit.objects.all())
    return form_data(form, achievements="Thành tích đã bổ sung.")


def meeting_data(w, meeting):
    from awards.forms import AgendaFormSet, DecisionFormSet, MeetingForm
    from blocs.models import MemberUnit

    form = MeetingForm(instance=meeting, units=MemberUnit.objects.all())
    agenda = AgendaFormSet(instance=meeting, prefix="agenda")
    decisions = DecisionFormSet(instance=meeting, prefix="decisions")
    bloc_key = _bloc_key(w, meeting.bloc_id)
    return form_data(
        form,
        agenda,
        decisions,
        kind="mid_year",
        title="Hội nghị sơ kết",
        held_on=vi_date(w.meeting_x.held_on),
        place="Đà Nẵng",
        host=meeting.host_id or w.units[w.leaders.get((bloc_key, meeting.year), "a")].pk,
    )


def meeting_create_data(w, p, kw):
    from awards.models import Meeting
    from blocs.models import Bloc

    bloc = Bloc.objects.get(code=kw["bloc_code"])
    return meeting_data(w, Meeting(bloc=bloc, year=kw["year"]))


def meeting_edit_data(w, p, kw):
    from awards.models import Meeting

    return meeting_data(w, Meeting.objects.get(pk=kw["pk"]))


def _vote_form_data(vote):
    from awards.forms import VoteForm
    from awards.models import Nomination
    from blocs.models import MemberUnit

    meeting = vote.meeting
    nominations = Nomination.objects.filter(
        bloc_id=meeting.bloc_id, year=meeting.year, award_type=vote.award_type, status="proposed"
    )
    form = VoteForm(instance=vote, nominations=nominations, units=MemberUnit.objects.none())
    return form_data(
        form, title="Bình xét Cờ thi đua", nominations=[str(n.pk) for n in nominations]
    )


def vote_create_data(w, p, kw):
    from awards.models import Meeting, Vote

    award_type = w.flag
    vote = Vote(
        meeting=Meeting.objects.get(pk=kw["pk"]),
        kind=Vote.Kind.AWARD,
        award_type=award_type,
        seats=award_type.default_quota,
        threshold_percent=award_type.threshold_percent,
        threshold_base=award_type.threshold_base,
        threshold_comparison=award_type.threshold_comparison,
    )
    return _vote_form_data(vote)


def vote_edit_data(w, p, kw):
    from awards.models import Vote

    return _vote_form_data(Vote.objects.get(pk=kw["pk"]))


def ballot_data(w, p, kw):
    from awards.models import Candidate

    return {f"c_{c.pk}": "1" for c in Candidate.objects.filter(vote_id=kw["pk"])}


def written_data(w, p, kw):
    return {**ballot_data(w, p, kw), "unit": w.units["d"].pk}


def paper_data(w, p, kw):
    from awards.models import Candidate

    data = {"issued": "4", "valid": "4", "invalid": "0"}
    for candidate in Candidate.objects.filter(vote_id=kw["pk"]):
        data[f"c_{candidate.pk}"] = "3"
    return data


def attendance_data(w, p, kw):
    prefix = f"u{kw['unit_pk']}"
    return {
        f"{prefix}-status": "present",
        f"{prefix}-representative_name": "Người đại diện mới",
        f"{prefix}-representative_title": "Phó Trưởng ban",
        f"{prefix}-written_opinion": "",
    }


def score_data(w, p, kw):
    from pacts.models import ScoringCriterion

    criteria = ScoringCriterion.objects.filter(
        group__pact__bloc__code=kw["bloc_code"], group__pact__year=kw["year"]
    )
    return {f"s_{c.pk}": "10" for c in criteria}


def submission_data(w, p, kw):
    from awards.forms import SubmissionForm
    from awards.models import Meeting, Submission

    submission = Submission.objects.get(bloc__code=kw["bloc_code"], year=kw["year"])
    form = SubmissionForm(
        instance=submission, meetings=Meeting.objects.filter(pk=submission.meeting_id)
    )
    return form_data(form, number="99/TTr-KTĐ")


def scratch_attachment(w):
    """A throwaway attachment of unit A's draft, for the one POST that may remove it."""
    from django.core.files.base import ContentFile

    from reports.models import Attachment
    from tests.security.matrix_world import PDF_BYTES

    item = Attachment(report=w.report_a, original_name="tam.pdf", size=len(PDF_BYTES))
    item.file.save("tam.pdf", ContentFile(PDF_BYTES), save=True)
    w.scratch["attachment"] = item


def scratch_nomination_attachment(w):
    from django.core.files.base import ContentFile

    from awards.models import NominationAttachment
    from tests.security.matrix_world import PDF_BYTES

    item = NominationAttachment(
        nomination=w.nomination_a, original_name="tam.pdf", size=len(PDF_BYTES)
    )
    item.file.save("tam.pdf", ContentFile(PDF_BYTES), save=True)
    w.scratch["nomination_attachment"] = item


# Documents: who may read a document is who may read its subject ------------------------------

DOCUMENTS = [
    # (world name, label, subject maker, rule)
    (
        "doc_report_a_prev",
        "unit A's report, last year",
        report_subject("report_a_prev"),
        REPORT_READER,
    ),
    ("doc_report_b", "unit B's report, bloc Y", report_subject("report_b"), REPORT_READER),
    ("doc_pact_x", "bloc X's draft pact", pact_subject("pact_x"), PACT_READER),
    (
        "doc_pact_x_prev",
        "bloc X's signed pact, last year",
        pact_subject("pact_x_prev"),
        PACT_READER,
    ),
    ("doc_pact_y_prev", "bloc Y's signed pact", pact_subject("pact_y_prev"), PACT_READER),
    (
        "doc_bloc_report_x",
        "bloc X's consolidated report",
        period_subject("period_x_h1"),
        MEMBER | READS_ALL,
    ),
    (
        "doc_bloc_report_y",
        "bloc Y's consolidated report",
        period_subject("period_y_h1"),
        MEMBER | READS_ALL,
    ),
    ("doc_minutes_x", "bloc X's minutes", meeting_subject("meeting_x"), AWARDS_READER),
    ("doc_minutes_y", "bloc Y's minutes", meeting_subject("meeting_y"), AWARDS_READER),
    ("doc_dossier_x", "bloc X's award dossier", meeting_subject("meeting_x"), AWARDS_READER),
    ("doc_dossier_y", "bloc Y's award dossier", meeting_subject("meeting_y"), AWARDS_READER),
    ("doc_summary", "the ministry's summary", lambda w: subject(), READS_ALL),
]


def document_variants(for_post=False):
    variants = []
    for name, label, subject_of, rule in DOCUMENTS:
        variants.append(
            Variant(
                label,
                (lambda n: lambda w: {"pk": w.objects[n].pk})(name),
                subject_of,
                get=None if for_post else rule,
                post=rule if for_post else None,
            )
        )
    return variants


# History pages: who reads a record's history is who reads the record ---------------------------

DECISION_READER = READS_ALL | OWN_UNIT


def history_variants():
    variants = []
    for kind, names, subject_of, rule in (
        ("giao-uoc", ("pact_x", "pact_x_prev", "pact_y_prev"), pact_subject, PACT_READER),
        (
            "bao-cao",
            ("report_a", "report_d", "report_a_prev", "report_b"),
            report_subject,
            REPORT_READER,
        ),
        ("cham-diem", ("pact_x", "pact_y_prev"), pact_subject, AWARDS_READER),
        ("hop", ("meeting_x", "meeting_y"), meeting_subject, AWARDS_READER),
        ("de-nghi", ("nomination_a", "nomination_b"), nomination_subject, AWARDS_READER),
        # The ministry's decision: the ministry and the unit concerned.
        (
            "quyet-dinh",
            ("decision_x_prev", "nomination_passed", "decision_y_prev"),
            nomination_subject,
            DECISION_READER,
        ),
    ):
        for name in names:
            variants.append(
                Variant(
                    f"{kind} of {name}",
                    (lambda k, n: lambda w: {"kind": k, "pk": w.objects[n].pk})(kind, name),
                    subject_of(name),
                    get=rule,
                )
            )
    variants.append(
        Variant("a kind that does not exist", lambda w: {"kind": "khong-co", "pk": 1}, get=NOBODY)
    )
    return variants


# API ------------------------------------------------------------------------------------------


def api_list(name) -> Entry:
    return Entry(name, get=SIGNED_IN, api=True)


def api_detail(name, rule, variants) -> Entry:
    return Entry(name, variants=variants, get=rule, api=True)


# Lists ----------------------------------------------------------------------------------------


def _listed(names, subject_of, rule, marker):
    def items(w):
        return [(name, marker(w, name), rule, subject_of(name)(w)) for name in names]

    return items


def _address(url_name):
    def marker(w, name):
        from django.urls import reverse

        return reverse(url_name, args=[w.objects[name].pk])

    return marker


def _id(w, name):
    return w.objects[name].pk


REPORTS = ["report_a", "report_d", "report_a_prev", "report_b", "report_b_prev"]
PACTS = ["pact_x", "pact_x_prev", "pact_y_prev"]
PERIODS = [
    "period_x_h1",
    "period_x_fy",
    "period_x_prev_h1",
    "period_x_prev_fy",
    "period_y_h1",
    "period_y_fy",
    "period_y_prev_h1",
    "period_y_prev_fy",
]
VALUES = [f"value_{r}_{n}" for r in ("report_a_prev", "report_b_prev", "report_b") for n in (1, 2)]


def _documents_listed(w):
    from django.urls import reverse

    return [
        (name, reverse("documents:detail", args=[w.objects[name].pk]), rule, subject_of(w))
        for name, _label, subject_of, rule in DOCUMENTS
    ]


def _documents_by_title(w):
    return [
        (name, w.objects[name].title, rule, subject_of(w))
        for name, _label, subject_of, rule in DOCUMENTS
    ]


def _bloc_years_listed(w):
    from django.urls import reverse

    return [
        (
            f"bloc {bloc.upper()} {year}",
            reverse("awards:bloc_year", args=[w.blocs[bloc].code, year]),
            AWARDS_READER,
            subject(bloc, year),
        )
        for bloc in ("x", "y")
        for year in (w.year, w.last_year)
    ]


def _blocs_listed(w):
    return [(k, b.pk, MEMBER_EVER | READS_ALL, subject(k)) for k, b in w.blocs.items()]


def _units_listed(w):
    return [
        (k, u.pk, SHARES_A_BLOC_EVER | READS_ALL, subject(None, None, k))
        for k, u in w.units.items()
    ]


def _value_subject(name):
    def make(w):
        return report_subject(name.rsplit("_", 1)[0].removeprefix("value_"))(w)

    return make


def _values_listed(w):
    return [
        (name, w.objects[name].pk, REPORT_READER & flag("accepted"), _value_subject(name)(w))
        for name in VALUES
    ]


LISTINGS = {
    "documents:list": Listing(_documents_listed),
    "pacts:list": Listing(_listed(PACTS, pact_subject, PACT_READER, _address("pacts:detail"))),
    # Lists one's own unit's reports of this year and last: nothing of anyone else's.
    "reports:my_reports": Listing(
        _listed(REPORTS, report_subject, REPORT_READER, _address("reports:report")), exact=False
    ),
    "awards:index": Listing(_bloc_years_listed, exact=False),
    "api:bloc-list": Listing(_blocs_listed, shown=ids_in_results),
    "api:unit-list": Listing(_units_listed, shown=ids_in_results),
    "api:period-list": Listing(
        _listed(PERIODS, period_subject, MEMBER_EVER | READS_ALL, _id), shown=ids_in_results
    ),
    "api:total-list": Listing(
        _listed(PERIODS, period_subject, MEMBER | READS_ALL, _id), shown=ids_in_results
    ),
    "api:value-list": Listing(_values_listed, shown=ids_in_results),
    "api:award-decision-list": Listing(
        _listed(
            ["decision_x_prev", "decision_y_prev"], nomination_subject, MEMBER_EVER | READS_ALL, _id
        ),
        shown=ids_in_results,
    ),
}


# The registry ---------------------------------------------------------------------------------

THIS_H1 = {"kind": "H1"}


def _entries() -> list[Entry]:
    x_this, x_last, y_this = bloc_year("x", "this"), bloc_year("x", "last"), bloc_year("y", "this")
    bloc_years = [x_this, x_last, y_this]
    return [
        # Portal ------------------------------------------------------------------------------
        Entry("home"),
        Entry("healthz", get=ANYONE),
        Entry(
            "set_language",
            get=ANYONE,
            get_ok=frozenset({204, 302}),
            post=ANYONE,
            data=lambda w, p, kw: {"language": "en", "next": "/"},
            changes=False,
        ),
        # Accounts ----------------------------------------------------------------------------
        Entry(
            "accounts:login",
            get=ANYONE,
            # A signed-in person is sent on to the home page.
            get_ok=frozenset({200, 302}),
            post=ANYONE,
            data=lambda w, p, kw: {"username": "matrix.staff_a", "password": "sai-mat-khau"},
            changes=False,
        ),
        # Signing out ends on the sign-in page.
        Entry("accounts:logout", get=None, post=ANYONE, post_ok=frozenset({302}), changes=False),
        Entry("accounts:profile"),
        Entry(
            "accounts:password_change",
            post=SIGNED_IN,
            data=lambda w, p, kw: {
                "old_password": "mat-khau-an-toan-2026",
                "new_password1": "Mat-khau-moi-rat-dai-2026",
                "new_password2": "Mat-khau-moi-rat-dai-2026",
            },
        ),
        Entry("accounts:password_change_done"),
        # The second factor: for ministry staff and administrators (nobody here has a device).
        Entry("accounts:two_factor", get=READS_ALL),
        Entry(
            "accounts:two_factor_setup",
            get=READS_ALL,
            post=READS_ALL,
            data=totp_code_data,
        ),
        # Without a device there is nothing to turn off: back to the second factor's page.
        Entry(
            "accounts:two_factor_disable",
            get=READS_ALL,
            get_ok=frozenset({302}),
            post=READS_ALL,
            data=lambda w, p, kw: {"password": "mat-khau-an-toan-2026"},
            changes=False,
        ),
        # Without a device there is no code to enter: on to the home page.
        Entry(
            "accounts:two_factor_verify",
            get_ok=frozenset({302}),
            post=SIGNED_IN,
            data=lambda w, p, kw: {"code": "123456"},
            changes=False,
        ),
        Entry(
            "accounts:password_reset",
            get=ANYONE,
            post=ANYONE,
            data=lambda w, p, kw: {"email": "khong-ai@example.vn"},
            changes=False,
        ),
        Entry("accounts:password_reset_done", get=ANYONE),
        Entry(
            "accounts:password_reset_confirm",
            [Variant("a link that is not valid", lambda w: {"uidb64": "MQ", "token": "sai"})],
            get=ANYONE,
            post=ANYONE,
            data=lambda w, p, kw: {"new_password1": "x", "new_password2": "x"},
            changes=False,
        ),
        Entry("accounts:password_reset_complete", get=ANYONE),
        # Blocs -------------------------------------------------------------------------------
        Entry("blocs:bloc_list"),
        Entry(
            "blocs:bloc_detail",
            [
                bloc_year("x", "this", bloc_name="code", year_name=None),
                bloc_year("y", "this", bloc_name="code", year_name=None),
            ],
        ),
        Entry(
            "blocs:unit_detail",
            [
                Variant("unit A", lambda w: {"code": w.units["a"].code}),
                Variant("unit B", lambda w: {"code": w.units["b"].code}),
            ],
        ),
        # Reports -----------------------------------------------------------------------------
        Entry("reports:indicator_catalogue"),
        Entry("reports:my_reports"),
        Entry(
            "reports:start",
            [
                obj(
                    "bloc X's annual period, this year",
                    "period_x_fy",
                    period_subject,
                    key="period_pk",
                ),
                obj(
                    "bloc Y's annual period, this year",
                    "period_y_fy",
                    period_subject,
                    key="period_pk",
                ),
            ],
            get=None,
            post=MEMBER,
        ),
        Entry(
            "reports:periods",
            bloc_years,
            get=LEADER,
            post=LEADER,
            data=periods_data,
        ),
        Entry(
            "reports:report",
            report_variants(),
            get=REPORT_READER,
            post=REPORT_EDITOR,
            data=report_form_data,
        ),
        Entry(
            "reports:review",
            [
                obj(
                    "unit D's submitted report, this year",
                    "report_d",
                    report_subject,
                    data=lambda w, p, kw: {"action": "accept"},
                ),
                obj(
                    "unit A's accepted report, last year",
                    "report_a_prev",
                    report_subject,
                    data=lambda w, p, kw: {"action": "reopen", "reason": "Cần bổ sung số liệu."},
                ),
                obj(
                    "unit B's submitted report, bloc Y",
                    "report_b",
                    report_subject,
                    data=lambda w, p, kw: {"action": "accept"},
                ),
                # The bloc leader may not review a draft: the page says why (400).
                obj(
                    "unit A's draft, this year",
                    "report_a",
                    report_subject,
                    data=lambda w, p, kw: {"action": "accept"},
                    refusals=frozenset({400}),
                ),
            ],
            get=None,
            post=LEADER & (flag("submitted") | flag("accepted")),
        ),
        Entry("reports:history", report_variants(), get=REPORT_READER),
        Entry(
            "reports:pdf",
            [
                *report_variants()[1:],
                # A draft has no PDF: its readers are told so on the report's page.
                obj(
                    "unit A's draft, this year",
                    "report_a",
                    report_subject,
                    refusals=frozenset({302}),
                ),
            ],
            get=None,
            post=REPORT_READER & ~flag("draft"),
        ),
        Entry(
            "reports:attach",
            report_variants(),
            get=None,
            post=REPORT_EDITOR,
            data=lambda w, p, kw: {"file": pdf_upload()},
        ),
        Entry(
            "reports:attachment",
            [
                Variant(
                    "unit A's draft, its attachment",
                    lambda w: {"pk": w.report_a.pk, "attachment_pk": w.attachment_a.pk},
                    report_subject("report_a"),
                ),
                Variant(
                    "unit B's report, its attachment",
                    lambda w: {"pk": w.report_b.pk, "attachment_pk": w.attachment_b.pk},
                    report_subject("report_b"),
                ),
                Variant(
                    "unit A's draft, unit B's attachment",
                    lambda w: {"pk": w.report_a.pk, "attachment_pk": w.attachment_b.pk},
                    report_subject("report_a"),
                    get=NOBODY,
                ),
            ],
            get=REPORT_READER,
        ),
        Entry(
            "reports:detach",
            [
                Variant(
                    "unit A's draft, its attachment",
                    lambda w: {"pk": w.report_a.pk, "attachment_pk": w.scratch["attachment"].pk},
                    report_subject("report_a"),
                    prepare=scratch_attachment,
                ),
                Variant(
                    "unit B's report, its attachment",
                    lambda w: {"pk": w.report_b.pk, "attachment_pk": w.attachment_b.pk},
                    report_subject("report_b"),
                ),
                Variant(
                    "unit A's draft, unit B's attachment",
                    lambda w: {"pk": w.report_a.pk, "attachment_pk": w.attachment_b.pk},
                    report_subject("report_a"),
                    post=NOBODY,
                ),
            ],
            get=None,
            post=REPORT_EDITOR,
        ),
        Entry("reports:board", bloc_years, get=LEADER | READS_ALL),
        Entry("reports:summary_choose", get=READS_ALL, get_ok=frozenset({302})),
        Entry(
            "reports:summary",
            [Variant("this year, first half", lambda w: {"year": w.year, **THIS_H1})],
            get=READS_ALL,
        ),
        Entry(
            "reports:summary_excel",
            [Variant("this year, first half", lambda w: {"year": w.year, **THIS_H1})],
            get=READS_ALL,
        ),
        Entry(
            "reports:summary_pdf",
            [Variant("this year, first half", lambda w: {"year": w.year, **THIS_H1})],
            get=None,
            post=READS_ALL,
        ),
        *(
            Entry(
                name,
                [
                    Variant(
                        "bloc X, this year, first half",
                        lambda w: {"bloc_code": "khoi-x", "year": w.year, **THIS_H1},
                        lambda w: subject("x", w.year),
                    ),
                    Variant(
                        "bloc X, last year, full year",
                        lambda w: {"bloc_code": "khoi-x", "year": w.last_year, "kind": "FY"},
                        lambda w: subject("x", w.last_year),
                    ),
                    Variant(
                        "bloc Y, this year, first half",
                        lambda w: {"bloc_code": "khoi-y", "year": w.year, **THIS_H1},
                        lambda w: subject("y", w.year),
                    ),
                ],
                get=None if name.endswith("_pdf") else MEMBER | READS_ALL,
                post=MEMBER | READS_ALL if name.endswith("_pdf") else None,
            )
            for name in (
                "reports:bloc_report",
                "reports:bloc_report_pdf",
                "reports:bloc_report_excel",
            )
        ),
        Entry("reports:excel_template", report_variants(), get=REPORT_READER),
        Entry(
            "reports:excel_upload",
            [
                *report_variants()[:2],
                obj(
                    "unit B's submitted report, bloc Y",
                    "report_b",
                    report_subject,
                    get_refusals=frozenset({302}),
                    refusals=frozenset({302}),
                ),
                # Its own unit is told that an accepted report cannot change (302 back).
                obj(
                    "unit A's accepted report, last year",
                    "report_a_prev",
                    report_subject,
                    get_refusals=frozenset({302}),
                    refusals=frozenset({302}),
                ),
            ],
            get=REPORT_EDITOR,
            post=REPORT_EDITOR,
            data=excel_upload_data,
        ),
        Entry(
            "reports:bloc_export",
            [
                obj(
                    "bloc X, this year, first half", "period_x_h1", period_subject, key="period_pk"
                ),
                obj(
                    "bloc X, last year, full year",
                    "period_x_prev_fy",
                    period_subject,
                    key="period_pk",
                ),
                obj(
                    "bloc Y, this year, first half", "period_y_h1", period_subject, key="period_pk"
                ),
            ],
            get=LEADER | READS_ALL,
        ),
        # Dashboards --------------------------------------------------------------------------
        Entry("dashboards:ministry", get=READS_ALL),
        Entry(
            "dashboards:bloc",
            [
                bloc_year("x", "this", bloc_name="code", year_name=None),
                bloc_year("y", "this", bloc_name="code", year_name=None),
            ],
            get=MEMBER | READS_ALL,
        ),
        # Pacts -------------------------------------------------------------------------------
        Entry("pacts:list"),
        Entry(
            "pacts:create",
            [
                Variant("bloc Y's pact for this year"),
                # Only for a bloc one leads: bloc Y's leader gets the form back with its error.
                Variant(
                    "bloc X's pact for next year",
                    post=NOBODY,
                    data=lambda w, p, kw: {
                        "bloc": w.blocs["x"].pk,
                        "year": w.year + 1,
                        "copy_previous": "on",
                    },
                    refusals=frozenset({200}),
                ),
            ],
            get=LEADS_WITHOUT_PACT,
            post=LEADS_WITHOUT_PACT,
            data=lambda w, p, kw: {"bloc": w.blocs["y"].pk, "year": w.year, "copy_previous": "on"},
        ),
        Entry("pacts:detail", pact_variants(), get=PACT_READER),
        Entry(
            "pacts:edit", pact_variants(), get=PACT_EDITOR, post=PACT_EDITOR, data=pact_edit_data
        ),
        Entry(
            "pacts:clauses",
            pact_variants(),
            get=PACT_EDITOR,
            post=PACT_EDITOR,
            data=pact_clauses_data,
        ),
        Entry(
            "pacts:scoring",
            pact_variants(),
            get=PACT_EDITOR,
            post=PACT_EDITOR,
            data=pact_scoring_data,
        ),
        Entry(
            "pacts:group",
            [
                Variant(
                    "bloc X's draft pact, its group",
                    lambda w: {"pk": w.pact_x.pk, "group_pk": w.pact_x.group.pk},
                    pact_subject("pact_x"),
                ),
                Variant(
                    "bloc X's draft pact, a group of last year's pact",
                    lambda w: {"pk": w.pact_x.pk, "group_pk": w.pact_x_prev.group.pk},
                    pact_subject("pact_x"),
                    get=NOBODY,
                    post=NOBODY,
                ),
                Variant(
                    "bloc Y's signed pact, its group",
                    lambda w: {"pk": w.pact_y_prev.pk, "group_pk": w.pact_y_prev.group.pk},
                    pact_subject("pact_y_prev"),
                ),
            ],
            get=PACT_EDITOR,
            post=PACT_EDITOR,
            data=pact_group_data,
        ),
        Entry(
            "pacts:status",
            [
                obj(
                    "bloc X's draft pact, this year",
                    "pact_x",
                    pact_subject,
                    data=lambda w, p, kw: {"action": "open"},
                ),
                obj(
                    "bloc X's signed pact, last year",
                    "pact_x_prev",
                    pact_subject,
                    data=lambda w, p, kw: {"action": "archive"},
                ),
                obj(
                    "bloc Y's signed pact, last year",
                    "pact_y_prev",
                    pact_subject,
                    data=lambda w, p, kw: {"action": "archive"},
                ),
            ],
            get=None,
            post=LEADER,
        ),
        Entry(
            "pacts:registration",
            pact_variants(),
            get=MEMBER & (LEADER | ~flag("draft")),
            post=MEMBER & OPEN,
            data=registration_data,
            # A member is told when registration is not open (the page again, 200).
            refusals=frozenset({200}),
        ),
        Entry(
            "pacts:sign",
            pact_variants(),
            get=None,
            post=UNIT_LEADER & MEMBER & OPEN,
            # Those who may see the pact are told why they cannot sign it (302 back).
            refusals=frozenset({302}),
        ),
        Entry(
            "pacts:pdf",
            pact_variants(),
            get=None,
            post=PACT_READER & (flag("signed") | flag("archived")),
            refusals=frozenset({302}),
        ),
        # Documents ---------------------------------------------------------------------------
        Entry(
            "documents:list",
            [
                Variant("the page"),
                Variant(
                    "as a spreadsheet",
                    query="?xuat=xlsx",
                    listing=Listing(_documents_by_title, shown=cells_in_workbook),
                ),
            ],
        ),
        Entry("documents:detail", document_variants()),
        Entry("documents:progress", document_variants()),
        Entry("documents:download", document_variants()),
        Entry("documents:refresh", document_variants(for_post=True), get=None),
        # Awards ------------------------------------------------------------------------------
        Entry("awards:index"),
        Entry("awards:bloc_year", bloc_years, get=AWARDS_READER),
        Entry("awards:ranking", bloc_years, get=AWARDS_READER),
        Entry(
            "awards:score_unit",
            [
                Variant(
                    "bloc X this year, unit D",
                    lambda w: {
                        "bloc_code": "khoi-x",
                        "year": w.year,
                        "unit_code": w.units["d"].code,
                    },
                    lambda w: subject("x", w.year),
                ),
                Variant(
                    "bloc X last year, unit D",
                    lambda w: {
                        "bloc_code": "khoi-x",
                        "year": w.last_year,
                        "unit_code": w.units["d"].code,
                    },
                    lambda w: subject("x", w.last_year),
                ),
                Variant(
                    "bloc Y last year, unit B",
                    lambda w: {
                        "bloc_code": "khoi-y",
                        "year": w.last_year,
                        "unit_code": w.units["b"].code,
                    },
                    lambda w: subject("y", w.last_year),
                ),
                Variant(
                    "bloc X this year, unit B (not a member)",
                    lambda w: {
                        "bloc_code": "khoi-x",
                        "year": w.year,
                        "unit_code": w.units["b"].code,
                    },
                    lambda w: subject("x", w.year),
                    get=NOBODY,
                    post=NOBODY,
                ),
            ],
            get=AWARDS_READER,
            post=LEADER,
            data=score_data,
        ),
        Entry("awards:nominations", bloc_years, get=AWARDS_READER),
        Entry(
            "awards:nomination_create",
            [
                *bloc_years,
                # A member proposes its own unit only; the bloc leader, any member.
                Variant(
                    "bloc X, this year, proposing unit D",
                    x_this.kwargs,
                    x_this.subject,
                    post=LEADER,
                    data=lambda w, p, kw: {
                        **nomination_create_data(w, p, kw),
                        "unit": w.units["d"].pk,
                    },
                    refusals=frozenset({400}),
                ),
            ],
            get=MEMBER,
            post=MEMBER,
            data=nomination_create_data,
        ),
        Entry(
            "awards:meeting_create",
            bloc_years,
            get=LEADER,
            post=LEADER,
            data=meeting_create_data,
        ),
        Entry(
            "awards:submission",
            [x_this, y_this],
            get=AWARDS_READER,
            post=LEADER,
            data=submission_data,
        ),
        Entry(
            "awards:nomination",
            [
                obj("unit A's nomination", "nomination_a", nomination_subject),
                obj("unit D's nomination", "nomination_d", nomination_subject),
                obj("unit B's nomination, bloc Y", "nomination_b", nomination_subject),
                obj(
                    "unit A's awarded nomination, last year", "decision_x_prev", nomination_subject
                ),
            ],
            get=AWARDS_READER,
        ),
        Entry(
            "awards:nomination_edit",
            [
                obj("unit A's nomination", "nomination_a", nomination_subject),
                obj("unit D's nomination", "nomination_d", nomination_subject),
                obj("unit L's nomination that passed", "nomination_passed", nomination_subject),
                obj("unit B's nomination, bloc Y", "nomination_b", nomination_subject),
                # Its unit may not move it to another member (400); the bloc leader may.
                obj(
                    "unit A's nomination, moved to unit D",
                    "nomination_a",
                    nomination_subject,
                    post=LEADER & EDITABLE,
                    data=lambda w, p, kw: {
                        **nomination_edit_data(w, p, kw),
                        "unit": w.units["d"].pk,
                    },
                    refusals=frozenset({400}),
                ),
            ],
            get=NOMINATOR,
            post=NOMINATOR,
            data=nomination_edit_data,
        ),
        Entry(
            "awards:nomination_withdraw",
            [
                obj("unit A's nomination", "nomination_a", nomination_subject),
                obj("unit D's nomination", "nomination_d", nomination_subject),
                # A nomination that passed cannot be withdrawn: its proposer is told (302).
                obj(
                    "unit L's nomination that passed",
                    "nomination_passed",
                    nomination_subject,
                    refusals=frozenset({302}),
                ),
                obj("unit B's nomination, bloc Y", "nomination_b", nomination_subject),
            ],
            get=None,
            post=NOMINATOR,
        ),
        Entry(
            "awards:nomination_decision",
            [
                obj("unit L's nomination that passed", "nomination_passed", nomination_subject),
                obj("unit B's nomination that passed", "nomination_b_passed", nomination_subject),
                # Before the bloc's vote there is nothing to decide: the page says so (400).
                obj(
                    "unit A's proposed nomination",
                    "nomination_a",
                    nomination_subject,
                    refusals=frozenset({400}),
                ),
            ],
            get=None,
            post=READS_ALL & flag("passed"),
            data=lambda w, p, kw: {
                "awarded": "1",
                "decision_number": "15/QĐ-BTC",
                "decision_date": vi_date(w.objects["meeting_x"].held_on),
            },
        ),
        Entry(
            "awards:nomination_attach",
            [
                obj("unit A's nomination", "nomination_a", nomination_subject),
                obj("unit L's nomination that passed", "nomination_passed", nomination_subject),
                obj("unit B's nomination, bloc Y", "nomination_b", nomination_subject),
            ],
            get=None,
            post=NOMINATOR,
            data=lambda w, p, kw: {"file": pdf_upload()},
        ),
        Entry(
            "awards:nomination_attachment",
            [
                Variant(
                    "unit A's nomination, its attachment",
                    lambda w: {
                        "pk": w.nomination_a.pk,
                        "attachment_pk": w.nomination_attachment_a.pk,
                    },
                    nomination_subject("nomination_a"),
                ),
                Variant(
                    "unit B's nomination, its attachment",
                    lambda w: {
                        "pk": w.nomination_b.pk,
                        "attachment_pk": w.nomination_attachment_b.pk,
                    },
                    nomination_subject("nomination_b"),
                ),
                Variant(
                    "unit A's nomination, unit B's attachment",
                    lambda w: {
                        "pk": w.nomination_a.pk,
                        "attachment_pk": w.nomination_attachment_b.pk,
                    },
                    nomination_subject("nomination_a"),
                    get=NOBODY,
                ),
            ],
            get=AWARDS_READER,
        ),
        Entry(
            "awards:nomination_detach",
            [
                Variant(
                    "unit A's nomination, its attachment",
                    lambda w: {
                        "pk": w.nomination_a.pk,
                        "attachment_pk": w.scratch["nomination_attachment"].pk,
                    },
                    nomination_subject("nomination_a"),
                    prepare=scratch_nomination_attachment,
                ),
                Variant(
                    "unit B's nomination, its attachment",
                    lambda w: {
                        "pk": w.nomination_b.pk,
                        "attachment_pk": w.nomination_attachment_b.pk,
                    },
                    nomination_subject("nomination_b"),
                ),
                Variant(
                    "unit A's nomination, unit B's attachment",
                    lambda w: {
                        "pk": w.nomination_a.pk,
                        "attachment_pk": w.nomination_attachment_b.pk,
                    },
                    nomination_subject("nomination_a"),
                    post=NOBODY,
                ),
            ],
            get=None,
            post=NOMINATOR,
        ),
        Entry(
            "awards:meeting",
            [
                obj("bloc X's meeting", "meeting_x", meeting_subject),
                obj("bloc Y's meeting", "meeting_y", meeting_subject),
            ],
            get=AWARDS_READER,
        ),
        Entry(
            "awards:meeting_edit",
            [
                obj("bloc X's meeting", "meeting_x", meeting_subject),
                obj("bloc Y's meeting", "meeting_y", meeting_subject),
            ],
            get=LEADER,
            post=LEADER,
            data=meeting_edit_data,
        ),
        Entry(
            "awards:meeting_quorum",
            [
                obj("bloc X's meeting", "meeting_x", meeting_subject),
                obj("bloc Y's meeting", "meeting_y", meeting_subject),
            ],
            get=AWARDS_READER,
        ),
        Entry(
            "awards:attendance",
            [
                Variant(
                    "bloc X's meeting, unit D",
                    lambda w: {"pk": w.meeting_x.pk, "unit_pk": w.units["d"].pk},
                    meeting_subject("meeting_x"),
                ),
                Variant(
                    "bloc Y's meeting, unit B",
                    lambda w: {"pk": w.meeting_y.pk, "unit_pk": w.units["b"].pk},
                    meeting_subject("meeting_y"),
                ),
                Variant(
                    "bloc X's meeting, unit B (not a member)",
                    lambda w: {"pk": w.meeting_x.pk, "unit_pk": w.units["b"].pk},
                    meeting_subject("meeting_x"),
                    post=NOBODY,
                ),
            ],
            get=None,
            post=LEADER,
            data=attendance_data,
        ),
        Entry(
            "awards:minutes_pdf",
            [
                obj("bloc X's meeting", "meeting_x", meeting_subject),
                obj("bloc Y's meeting", "meeting_y", meeting_subject),
            ],
            get=None,
            post=AWARDS_READER,
        ),
        Entry(
            "awards:vote_create",
            [
                obj("bloc X's meeting", "meeting_x", meeting_subject, query="?loai=co-thi-dua-bo"),
                obj("bloc Y's meeting", "meeting_y", meeting_subject, query="?loai=co-thi-dua-bo"),
            ],
            get=LEADER,
            post=LEADER,
            data=vote_create_data,
        ),
        Entry("awards:vote", vote_variants(), get=AWARDS_READER),
        Entry(
            "awards:vote_edit",
            [
                obj("bloc X's vote being prepared", "vote_draft", vote_subject),
                # An open vote cannot change: the bloc leader is told so (302 back).
                obj(
                    "bloc X's open vote",
                    "vote_open",
                    vote_subject,
                    get_refusals=frozenset({302}),
                    refusals=frozenset({302}),
                ),
                obj(
                    "bloc Y's open vote",
                    "vote_y",
                    vote_subject,
                    get_refusals=frozenset({302}),
                    refusals=frozenset({302}),
                ),
            ],
            get=LEADER & flag("draft"),
            post=LEADER & flag("draft"),
            data=vote_edit_data,
        ),
        Entry("awards:vote_turnout", vote_variants(), get=AWARDS_READER),
        Entry(
            "awards:vote_open",
            [
                obj("bloc X's vote being prepared", "vote_draft", vote_subject),
                obj("bloc Y's open vote", "vote_y", vote_subject, refusals=frozenset({302})),
            ],
            get=None,
            post=LEADER & flag("draft"),
        ),
        Entry(
            "awards:vote_cast",
            [
                obj(label, name, vote_subject)
                for label, name in (
                    ("bloc X's open vote", "vote_open"),
                    ("bloc X's vote being prepared", "vote_draft"),
                    ("bloc X's open paper vote", "vote_paper"),
                    ("bloc Y's open vote", "vote_y"),
                )
            ],
            get=None,
            post=UNIT_LEADER & MEMBER & PRESENT & OPEN & flag("electronic"),
            data=ballot_data,
            # Those who may see the vote are told why they cannot vote (400, the page again).
            refusals=frozenset({400}),
        ),
        Entry(
            "awards:vote_written",
            [
                obj("bloc X's open vote", "vote_open", vote_subject),
                obj("bloc Y's open vote", "vote_y", vote_subject),
            ],
            get=None,
            post=LEADER & OPEN & flag("written_opinions"),
            data=written_data,
            refusals=frozenset({302}),
        ),
        Entry(
            "awards:vote_paper",
            [
                obj("bloc X's open paper vote", "vote_paper", vote_subject),
                obj("bloc X's open vote", "vote_open", vote_subject),
                obj("bloc Y's open vote", "vote_y", vote_subject),
            ],
            get=None,
            post=LEADER & OPEN & flag("paper"),
            data=paper_data,
            refusals=frozenset({400}),
        ),
        Entry(
            "awards:vote_close",
            [
                obj("bloc X's open vote", "vote_open", vote_subject),
                obj(
                    "bloc X's vote being prepared",
                    "vote_draft",
                    vote_subject,
                    refusals=frozenset({400}),
                ),
                obj("bloc Y's open vote", "vote_y", vote_subject),
            ],
            get=None,
            post=LEADER & OPEN,
        ),
        Entry(
            "awards:vote_receipt",
            vote_variants(),
            get=None,
            post=AWARDS_READER,
            data=lambda w, p, kw: {"receipt": "ABCD-EFGH-IJKL"},
            changes=False,
        ),
        Entry(
            "awards:dossier_pdf",
            [
                obj("bloc X's submission", "submission_x", meeting_subject),
                obj("bloc Y's submission", "submission_y", meeting_subject),
            ],
            get=None,
            post=AWARDS_READER,
        ),
        # History of changes (audit) ------------------------------------------------------------
        Entry("audit:history", history_variants(), get=NOBODY),
        # API ---------------------------------------------------------------------------------
        Entry("api:index", get=ANYONE, api=True),
        Entry("api:schema", get=ANYONE, api=True),
        Entry(
            "api:docs",
            # Swagger UI's page, and its start-up script served from the same address.
            [Variant("the page"), Variant("its script", query="?script=")],
            get=ANYONE,
            api=True,
        ),
        Entry("api:api-root", get=SIGNED_IN, api=True),
        api_list("api:bloc-list"),
        api_detail(
            "api:bloc-detail",
            MEMBER_EVER | READS_ALL,
            [
                Variant("bloc X", lambda w: {"pk": w.blocs["x"].pk}, lambda w: subject("x")),
                Variant("bloc Y", lambda w: {"pk": w.blocs["y"].pk}, lambda w: subject("y")),
            ],
        ),
        api_list("api:unit-list"),
        api_detail(
            "api:unit-detail",
            SHARES_A_BLOC_EVER | READS_ALL,
            [
                Variant(
                    "unit A", lambda w: {"pk": w.units["a"].pk}, lambda w: subject(None, None, "a")
                ),
                Variant(
                    "unit B", lambda w: {"pk": w.units["b"].pk}, lambda w: subject(None, None, "b")
                ),
            ],
        ),
        api_list("api:indicator-list"),
        api_detail(
            "api:indicator-detail",
            SIGNED_IN,
            [Variant("an indicator", lambda w: {"pk": w.pact_x.indicators.first().pk})],
        ),
        api_list("api:period-list"),
        api_detail(
            "api:period-detail",
            MEMBER_EVER | READS_ALL,
            [
                obj("bloc X, this year, first half", "period_x_h1", period_subject),
                obj("bloc Y, this year, first half", "period_y_h1", period_subject),
            ],
        ),
        api_list("api:value-list"),
        api_list("api:total-list"),
        api_detail(
            "api:total-detail",
            MEMBER | READS_ALL,
            [
                obj("bloc X, this year, first half", "period_x_h1", period_subject),
                obj("bloc X, last year, full year", "period_x_prev_fy", period_subject),
                obj("bloc Y, this year, first half", "period_y_h1", period_subject),
            ],
        ),
        api_list("api:award-decision-list"),
        api_detail(
            "api:award-decision-detail",
            MEMBER_EVER | READS_ALL,
            [
                obj("bloc X's decision, last year", "decision_x_prev", nomination_subject),
                obj("bloc Y's decision, last year", "decision_y_prev", nomination_subject),
            ],
        ),
        Entry(
            "api:token",
            post=SIGNED_IN,
            data=lambda w, p, kw: {"action": "issue"},
            session_only=True,
        ),
        # Any other address under /api/ answers a JSON 404, whoever asks.
        Entry(
            "route:api/^.*/$",
            get=ANYONE,
            get_ok=frozenset({404}),
            api=True,
        ),
    ]


ENTRIES: dict[str, Entry] = {}
for _entry in _entries():
    assert _entry.name not in ENTRIES, f"{_entry.name} is in the matrix twice"
    _entry.listing = LISTINGS.get(_entry.name)
    ENTRIES[_entry.name] = _entry
assert LISTINGS.keys() <= ENTRIES.keys()

# URLs of unnamed patterns: the registry keys them by route; this is the address tried.
UNNAMED_URLS = {"route:api/^.*/$": "/api/khong-co-dia-chi-nay/"}
