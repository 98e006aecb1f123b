"""Forms of the bloc pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    """Chooses the year a bloc page shows; only years the bloc has data for are offered."""

    nam = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [(y, str(y)) for y in years]
        self.fields["nam"].error_messages["invalid_choice"] = _(
            "There is no data for the year %(value)s; choose one of the years listed."
        )
