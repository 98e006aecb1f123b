"""Forms of the report pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS


class CatalogueYearForm(forms.Form):
    nam = forms.IntegerField(
        label=_("Year"),
        validators=YEAR_VALIDATORS,
        error_messages={"invalid": _("Enter a year such as 2026.")},
    )
