"""Awards: the award types a unit can aim for and be nominated for (ministry catalogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from khoi_thi_dua.bilingual import in_active_language


class AwardType(models.Model):
    """A form of award, e.g. the ministry's Emulation Flag or the minister's Certificate of Merit."""

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
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["display_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_vi, self.name_en)
