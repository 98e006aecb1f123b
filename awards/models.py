"""Awards: the award types (ministry catalogue), the bloc's agreed scores and ranking,
nominations, meetings, votes with secret ballots, and the ministry's decisions."""

from __future__ import annotations

import uuid
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.history import audit_history
from blocs.models import YEAR_VALIDATORS
from khoi_thi_dua.bilingual import in_active_language


class TransitionError(Exception):
    """A change the workflow of a nomination, meeting or vote does not allow; str() says why."""


class VoteRule(models.Model):
    """The rule a vote is counted by: the approval threshold and its base, and the quorum.

    Held as data on each award type (its defaults) and copied onto each vote, where the bloc
    leader may adjust it before the vote opens; the regulations change over the years.
    """

    class Base(models.TextChoices):
        MEMBERS = "members", _("of all members")
        PRESENT = "present", _("of the members present")

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        MORE_THAN = "more_than", _("more than")

    threshold_percent = models.DecimalField(
        _("approval threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    threshold_base = models.CharField(
        _("threshold counted"), max_length=8, choices=Base.choices, default=Base.MEMBERS
    )
    threshold_comparison = models.CharField(
        _("comparison"), max_length=9, choices=Comparison.choices, default=Comparison.MORE_THAN
    )
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum (numerator)"), default=2, validators=[MinValueValidator(1)]
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum (denominator)"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        abstract = True

    @property
    def threshold(self) -> Fraction:
        return Fraction(self.threshold_percent) / 100

    @property
    def quorum(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    def rule_text(self) -> str:
        """“at least 80% of all members; quorum 2/3 of the members present”."""
        from khoi_thi_dua.numbers import format_number

        return gettext(
            "%(comparison)s %(percent)s%% %(base)s; quorum %(num)s/%(den)s of the members present"
        ) % {
            "comparison": self.get_threshold_comparison_display(),
            "percent": format_number(self.threshold_percent),
            "base": self.get_threshold_base_display(),
            "num": self.quorum_numerator,
            "den": self.quorum_denominator,
        }


class AwardType(VoteRule):
    """A form of award, e.g. the ministry's Emulation Flag or the minister's Certificate of
    Merit, with its quota per bloc and year and the rule its votes are counted by."""

    class Recipient(models.TextChoices):
        COLLECTIVE = "collective", _("Collective")
        DEPARTMENT = "department", _("Department of a board")
        INDIVIDUAL = "individual", _("Individual")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    recipient = models.CharField(
        _("awarded to"), max_length=12, choices=Recipient.choices, default=Recipient.COLLECTIVE
    )
    default_quota = models.PositiveSmallIntegerField(
        _("quota per bloc and year"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many a bloc may propose in a year, unless a bloc has its own quota."),
    )
    eligibility_notes = models.TextField(_("eligibility"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["display_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="awards_awardtype_quorum_at_most_all",
                violation_error_message=_("The quorum cannot be more than all the members."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_vi, self.name_en)


class AwardQuota(models.Model):
    """A bloc's own quota of an award type for one year, where it differs from the default."""

    bloc = models.ForeignKey(
        "blocs.Bloc", verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award type"), on_delete=models.CASCADE, related_name="quotas"
    )
    quota = models.PositiveSmallIntegerField(_("quota"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("quota of a bloc")
        verbose_name_plural = _("quotas of blocs")
        ordering = ["-year", "bloc", "award_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "award_type"],
                name="awards_awardquota_unique_bloc_year_type",
                violation_error_message=_("This bloc already has a quota for that award and year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} {self.year}: {self.award_type} × {self.quota}"


def quotas_for(bloc, year: int) -> dict[int, int]:
    """The quota of every active award type for a bloc and year (award type id → quota)."""
    own = dict(
        AwardQuota.objects.filter(bloc=bloc, year=year).values_list("award_type_id", "quota")
    )
    return {
        pk: own.get(pk, default)
        for pk, default in AwardType.objects.values_list("pk", "default_quota")
    }


class AgreedScore(models.Model):
    """The bloc-agreed points of a member for one criterion, or one bonus/penalty item, of the
    year's pact; entered by the bloc leader next to the member's self-score."""

    pact = models.ForeignKey(
        "pacts.Pact", verbose_name=_("pact"), on_delete=models.CASCADE, related_name="agreed_scores"
    )
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="agreed_scores",
    )
    criterion = models.ForeignKey(
        "pacts.ScoringCriterion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    adjustment = models.ForeignKey(
        "pacts.ScoreAdjustment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audit_history(by_field="entered_by", excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("agreed score")
        verbose_name_plural = _("agreed scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(criterion__isnull=False, adjustment__isnull=True)
                | Q(criterion__isnull=True, adjustment__isnull=False),
                name="awards_agreedscore_one_item",
            ),
            models.UniqueConstraint(
                fields=["pact", "unit", "criterion"], name="awards_agreedscore_unique_criterion"
            ),
            models.UniqueConstraint(
                fields=["pact", "unit", "adjustment"], name="awards_agreedscore_unique_adjustment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.points}"


def _nomination_path(instance, filename: str) -> str:
    return f"nominations/{instance.nomination.year}/{instance.nomination_id}/{filename}"


class Nomination(models.Model):
    """A proposal (đề nghị khen thưởng) of a unit, one of its departments or a person for an
    award, in a bloc and year; the bloc votes on it and the ministry decides."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PASSED = "passed", _("Passed the bloc's vote")
        NOT_PASSED = "not_passed", _("Did not pass the bloc's vote")
        AWARDED = "awarded", _("Awarded")
        NOT_AWARDED = "not_awarded", _("Not awarded")

    # The only status changes there are; Nomination.set_status enforces them.
    TRANSITIONS = {
        Status.PROPOSED: {Status.WITHDRAWN, Status.PASSED, Status.NOT_PASSED},
        Status.WITHDRAWN: {Status.PROPOSED},
        Status.PASSED: {Status.AWARDED, Status.NOT_AWARDED},
        Status.NOT_PASSED: set(),
        # The ministry may correct a decision it recorded.
        Status.AWARDED: {Status.NOT_AWARDED},
        Status.NOT_AWARDED: {Status.AWARDED},
    }

    bloc = models.ForeignKey(
        "blocs.Bloc", verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("award type"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="nominations",
        help_text=_("The unit nominated, or the unit the department or person belongs to."),
    )
    nominee_name = models.CharField(
        _("department or person"),
        max_length=200,
        blank=True,
        help_text=_("Empty when the unit itself is nominated."),
    )
    nominee_title = models.CharField(_("position of the person"), max_length=200, blank=True)
    achievements = models.TextField(_("summary of achievements"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The ministry's decision.
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    # The nomination and the ministry's decision on it (the decision fields above).
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["award_type__display_order", "unit__name", "nominee_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "award_type", "unit", "nominee_name"],
                condition=~Q(status="withdrawn"),
                name="awards_nomination_unique_nominee",
                violation_error_message=_(
                    "This nominee is already proposed for this award in that year."
                ),
            ),
        ]
        indexes = [
            # The nominations of a bloc and year (nominations page, votes, dossier).
            models.Index(fields=["bloc", "year"], name="awards_nomination_bloc_year"),
            # A unit's award history (unit page, eligibility notes).
            models.Index(fields=["unit", "status"], name="awards_nomination_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_label} — {self.award_type}"

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination", args=[self.pk])

    @property
    def nominee_label(self) -> str:
        """“BQL Đắk Lắk”, “Phòng Quản lý đầu tư — BQL Đắk Lắk”, “Nguyễn Văn A (Trưởng phòng) —
        BQL Đắk Lắk”."""
        unit = self.unit.short_name or self.unit.name
        if not self.nominee_name:
            return self.unit.name
        name = self.nominee_name
        if self.nominee_title:
            name = f"{name} ({self.nominee_title})"
        return f"{name} — {unit}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.PROPOSED

    def set_status(self, new: str) -> None:
        """The one place a nomination changes status; the caller saves."""
        old = self.Status(self.status)
        new = self.Status(new)
        if new not in self.TRANSITIONS[old]:
            raise TransitionError(
                gettext("A nomination cannot go from “%(old)s” to “%(new)s”.")
                % {"old": old.label, "new": new.label}
            )
        self.status = new


class NominationAttachment(models.Model):
    """A supporting file of a nomination (PDF or DOCX), checked for its type and size."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_nomination_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = audit_history(by_field="uploaded_by")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Meeting(models.Model):
    """A meeting (hội nghị) of the bloc: pact signing, mid-year or year-end review. The members
    of its year attend and vote; the bloc leader of that year runs it."""

    class Kind(models.TextChoices):
        PACT_SIGNING = "pact_signing", _("Pact signing")
        MID_YEAR = "mid_year", _("Mid-year review")
        YEAR_END = "year_end", _("Year-end review")

    bloc = models.ForeignKey(
        "blocs.Bloc", verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="meetings"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=YEAR_VALIDATORS, help_text=_("The emulation year it reviews.")
    )
    kind = models.CharField(_("kind of meeting"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(
        _("number of the minutes"), max_length=50, blank=True, help_text=_("For example 01/BB-KTĐ.")
    )
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    host = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("host unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    chair_name = models.CharField(_("chaired by"), max_length=150, blank=True)
    chair_title = models.CharField(_("title of the chair"), max_length=150, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=150, blank=True)
    secretary_title = models.CharField(_("title of the secretary"), max_length=150, blank=True)
    guests = models.TextField(
        _("guests"),
        blank=True,
        help_text=_("Representatives of the ministry and others, one a line."),
    )
    proceedings = models.TextField(_("proceedings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # The meetings of a bloc and year (the awards overview).
            models.Index(fields=["bloc", "year"], name="awards_meeting_bloc_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("agenda item"), max_length=500)
    notes = models.TextField(_("notes"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))

    history = audit_history()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Attendance(models.Model):
    """A member unit at a meeting: present with its representative, or absent, possibly with a
    written opinion (recorded in the minutes; counted as its ballot where a vote allows)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(_("attendance"), max_length=7, choices=Status.choices)
    representative_name = models.CharField(_("representative"), max_length=150, blank=True)
    representative_title = models.CharField(
        _("title of the representative"), max_length=150, blank=True
    )
    written_opinion = models.TextField(_("written opinion"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audit_history(by_field="recorded_by", excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "unit"], name="awards_attendance_unique_meeting_unit"
            ),
            models.CheckConstraint(
                condition=Q(status="absent") | ~Q(representative_name=""),
                name="awards_attendance_present_has_representative",
                violation_error_message=_("Name the representative of a unit that is present."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_status_display()}"


class Vote(VoteRule):
    """A vote at a meeting (bình xét, suy tôn): on the candidates for an award type, or the
    election of next year's bloc leader and deputy. One ballot per member unit."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award")
        LEADERSHIP = "leadership", _("Election of next year's leader and deputy")

    class Method(models.TextChoices):
        APPROVAL = "approval", _("Approve or disapprove each candidate")
        CHOOSE = "choose", _("Choose up to the number of seats")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Ballots cast in the portal")
        PAPER = "paper", _("Paper ballots, counts entered by the bloc leader")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # The only status changes there are; awards.voting enforces them.
    TRANSITIONS = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("kind of vote"), max_length=10, choices=Kind.choices)
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("award type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
    )
    title = models.CharField(_("title"), max_length=255)
    seats = models.PositiveSmallIntegerField(
        _("seats (quota)"), default=1, validators=[MinValueValidator(1)]
    )
    method = models.CharField(
        _("method"), max_length=8, choices=Method.choices, default=Method.APPROVAL
    )
    secret = models.BooleanField(_("secret ballot"), default=True)
    mode = models.CharField(
        _("how ballots are cast"), max_length=10, choices=Mode.choices, default=Mode.ELECTRONIC
    )
    allow_written_opinions = models.BooleanField(
        _("count written opinions of absent members"), default=False
    )
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    closes_at = models.DateTimeField(
        _("ballots accepted until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the bloc leader closes the vote."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    no_quorum_reason = models.TextField(_("why it closed without quorum"), blank=True)
    tie_break_note = models.TextField(_("the chair's tie-break"), blank=True)
    # Paper mode: the counts read from the paper ballots.
    paper_issued = models.PositiveSmallIntegerField(_("ballots issued"), null=True, blank=True)
    paper_valid = models.PositiveSmallIntegerField(_("valid ballots"), null=True, blank=True)
    paper_invalid = models.PositiveSmallIntegerField(_("invalid ballots"), null=True, blank=True)
    # The count, written once when the vote closes; nothing of it exists before.
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The vote's settings, opening, closing and result: never a ballot (Ballot, BallotMark
    # and VoterRecord keep no history, see docs/awards.md "Secrecy"). Casting a ballot does
    # not save the vote, so no record here tells when a unit voted. The paper counts and the
    # result are kept as entered; the history page hides them until the vote is closed, as
    # the vote's own page does.
    history = audit_history()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="award", award_type__isnull=False)
                | Q(kind="leadership", award_type__isnull=True),
                name="awards_vote_award_type_by_kind",
                violation_error_message=_("An award vote needs its award type; an election none."),
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="awards_vote_quorum_at_most_all",
                violation_error_message=_("The quorum cannot be more than all the members."),
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(result__isnull=True),
                name="awards_vote_no_result_before_closing",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:vote", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_paper(self) -> bool:
        return self.mode == self.Mode.PAPER


class Candidate(models.Model):
    """A candidate of a vote: a nomination (award votes) or a member unit for a role
    (the leadership election)."""

    class Role(models.TextChoices):
        NONE = "", _("No role")
        LEADER = "leader", _("Bloc leader")
        DEPUTY = "deputy", _("Deputy")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("candidate"), max_length=300)
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    role = models.CharField(
        _("role"), max_length=6, choices=Role.choices, blank=True, default=Role.NONE
    )
    paper_approvals = models.PositiveSmallIntegerField(
        _("approvals (paper)"), null=True, blank=True
    )
    tie_break_rank = models.PositiveSmallIntegerField(
        _("place in the chair's tie-break"), null=True, blank=True
    )

    # The chair's tie-break order is written at closing in one UPDATE and kept in the vote's
    # result and tie-break note; the paper approvals are hidden until the vote is closed.
    history = audit_history(excluded_fields=["tie_break_rank"])

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "nomination"],
                condition=Q(nomination__isnull=False),
                name="awards_candidate_unique_nomination",
            ),
            models.UniqueConstraint(
                fields=["vote", "unit", "role"],
                condition=Q(unit__isnull=False),
                name="awards_candidate_unique_unit_role",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One anonymous ballot. Nothing here can link it to a unit or a person: no unit, no user,
    no time, and a random key, so that neither a column nor the key's order tells who cast it
    or when. Who has voted is recorded apart, in VoterRecord. The receipt given to the voter is
    stored only as a hash. Never shown in the administration, and no history is kept of it
    (a history record carries a time and a user)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    receipt_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]  # random: no order of casting
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "receipt_hash"], name="awards_ballot_unique_receipt"
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class BallotMark(models.Model):
    """A ballot's mark for one candidate: approve (True) or disapprove (False)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    approve = models.BooleanField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "candidate"], name="awards_ballotmark_unique_candidate"
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class VoterRecord(models.Model):
    """That a member unit has voted (not how): one per unit and vote, enforced by the
    database, written in the same transaction as the anonymous ballot. For a named vote its
    choices are public and kept here for the minutes; for a secret vote they are not. No
    history is kept of it: a history record's time would pair it with its ballot."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Cast in the portal")
        WRITTEN_OPINION = "written", _("From its written opinion")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voters")
    unit = models.ForeignKey(
        "blocs.MemberUnit", on_delete=models.PROTECT, related_name="voter_records"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=7, choices=Channel.choices, default=Channel.PORTAL)
    named_choices = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "unit"],
                name="awards_voterrecord_one_ballot_per_unit",
                violation_error_message=_("This unit has already voted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} voted in {self.vote_id}"


class Submission(models.Model):
    """The submission letter (tờ trình) of a bloc's year to the ministry; the dossier PDF puts
    it together with the minutes of the year-end meeting and the consolidated report."""

    bloc = models.ForeignKey(
        "blocs.Bloc", verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="submissions"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("year-end meeting"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    number = models.CharField(
        _("number"), max_length=50, blank=True, help_text=_("For example 02/TTr-KTĐ.")
    )
    place = models.CharField(_("place"), max_length=100)
    dated = models.DateField(_("date"))
    body = models.TextField(
        _("additional text"), blank=True, help_text=_("Shown after the list of proposals.")
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("submission to the ministry")
        verbose_name_plural = _("submissions to the ministry")
        ordering = ["-year", "bloc"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="awards_submission_unique_bloc_year",
                violation_error_message=_("This bloc already has a submission for that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} — {self.year}"
