"""The download centre's filter: kind of document, year, period and bloc."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DocumentFilterForm(forms.Form):
    """Only kinds and years the person has documents of are offered."""

    loai = forms.ChoiceField(label=_("Document kind"), required=False)
    nam = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    ky = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("All periods")), ("H1", _("First half")), ("FY", _("Full year"))],
    )
    khoi = forms.ChoiceField(label=_("Bloc"), required=False)

    def __init__(
        self,
        *args,
        kinds: list[tuple[str, str]],
        years: list[int],
        blocs: list[tuple[str, str]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["khoi"].choices = [("", _("All blocs")), *blocs]
        self.fields["khoi"].error_messages["invalid_choice"] = _(
            "You have no documents of that bloc; all blocs are shown."
        )
        self.fields["ky"].error_messages["invalid_choice"] = _(
            "There is no such period; all periods are shown."
        )
        self.fields["loai"].choices = [("", _("All kinds")), *kinds]
        self.fields["nam"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.fields["loai"].error_messages["invalid_choice"] = _(
            "You have no documents of that kind; all kinds are shown."
        )
        self.fields["nam"].error_messages["invalid_choice"] = _(
            "You have no documents for the year %(value)s; all years are shown."
        )
