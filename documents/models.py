"""PDF documents the portal produces: one row per version of a document about a subject."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """A rendered (or to-be-rendered) PDF of a subject, e.g. the pact of a bloc for a year.

    The payload is the snapshot of the data taken when the document was requested; the PDF is
    rendered from it alone, so a version's file always matches its content hash. Same data →
    same row; changed data → the next version, and earlier versions stay downloadable.
    """

    class Kind(models.TextChoices):
        PACT = "pact", _("Emulation pact")
        UNIT_REPORT = "unit_report", _("Unit report")
        BLOC_REPORT = "bloc_report", _("Consolidated bloc report")
        MINUTES = "minutes", _("Meeting minutes")
        DOSSIER = "dossier", _("Award submission dossier")
        SUMMARY = "summary", _("Cross-bloc summary")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RENDERING = "rendering", _("Being produced")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("document kind"), max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        help_text=_("SHA-256 of the data snapshot and the template version."),
    )
    payload = models.JSONField(_("data snapshot"))
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(
        _("year"),
        help_text=_("The year the document is about, or the year it was requested."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    error = models.TextField(_("reason for the failure"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True, max_length=300)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # What the download centre filters and compares by (set when the version is made).
    bloc = models.ForeignKey(
        "blocs.Bloc",
        verbose_name=_("bloc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period_kind = models.CharField(
        _("period"), max_length=2, blank=True, help_text=_("H1 or FY, for reports.")
    )
    data_as_of = models.DateTimeField(
        _("data as of"),
        null=True,
        blank=True,
        help_text=_("When the newest data in this version was accepted or signed."),
    )
    data_state = models.CharField(
        _("state of the data"),
        max_length=200,
        blank=True,
        help_text=_("A short fingerprint of the data; another value now means newer data."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Who holds the render (documents.tasks.claim): the same message delivered again after its
    # worker process died takes the row over at once, and a worker that starts again under the
    # same node name takes back what it was rendering when it was killed.
    task_id = models.CharField(_("task id"), max_length=255, blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # Also the index behind "the latest version of this subject's pact" (request_document)
            # and "earlier versions" on the document page.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "version"],
                name="documents_document_unique_version",
                violation_error_message=_("This version of the document already exists."),
            ),
            # Also the index behind "is this exact data already rendered?" (request_document).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "content_hash"],
                name="documents_document_unique_content",
                violation_error_message=_("A document with this content already exists."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="documents_document_progress_0_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="documents_document_version_from_1",
                violation_error_message=_("Versions are numbered from 1."),
            ),
        ]
        indexes = [
            # Rows stuck in RENDERING after a worker died (recover_stale_documents).
            models.Index(fields=["status", "started_at"], name="documents_doc_status_started"),
            # The download centre: ready documents of a year, newest first.
            models.Index(fields=["status", "year", "-requested_at"], name="documents_doc_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    def get_kind_label(self) -> str:
        """The kind's label, also for a kind that is registered but not in Kind (tests)."""
        try:
            return self.Kind(self.kind).label
        except ValueError:
            return self.kind

    def download_filename(self) -> str:
        from documents.registry import get_kind

        return get_kind(self.kind).filename(self.subject, self.version)


class DocumentPart(models.Model):
    """One part of a document rendered in parallel (the cover, then a section per bloc):
    each part is a PDF of its own, merged in order once all are ready."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveSmallIntegerField(_("part"))
    status = models.CharField(
        _("status"), max_length=10, choices=Document.Status.choices, default=Document.Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to="documents/parts/%Y/", blank=True, max_length=300)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("reason for the failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=255, blank=True)  # as Document.task_id

    class Meta:
        verbose_name = _("part of a document")
        verbose_name_plural = _("parts of documents")
        ordering = ["document", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "index"], name="documents_documentpart_unique_index"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.index}: {self.status}"


class PendingTask(models.Model):
    """A background job written in the same transaction as the change that calls for it (a
    transactional outbox, see documents.dispatch): sent to the broker once that transaction has
    committed, and deleted as soon as the broker has it. While the broker is down the row stays
    here and is sent when the broker is back, so a job is never lost with it."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("sending attempts"), default=0)
    last_error = models.TextField(_("last sending error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last sending attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("job waiting to be sent")
        verbose_name_plural = _("jobs waiting to be sent")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class DownloadLog(models.Model):
    """Who downloaded which version of a document, and when."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at"]
        indexes = [
            # "Who downloaded this document?" (administration), newest first.
            models.Index(fields=["document", "-at"], name="documents_download_doc_at"),
            # "What did this person download?" (administration), newest first.
            models.Index(fields=["user", "-at"], name="documents_download_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.document} — {self.at:%d/%m/%Y %H:%M}"
