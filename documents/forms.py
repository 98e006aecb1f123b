"""The download centre's filter: kind of document and year."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DocumentFilterForm(forms.Form):
    """Only kinds and years the person has documents of are offered."""

    loai = forms.ChoiceField(label=_("Document kind"), required=False)
    nam = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, kinds: list[tuple[str, str]], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loai"].choices = [("", _("All kinds")), *kinds]
        self.fields["nam"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.fields["loai"].error_messages["invalid_choice"] = _(
            "You have no documents of that kind; all kinds are shown."
        )
        self.fields["nam"].error_messages["invalid_choice"] = _(
            "You have no documents for the year %(value)s; all years are shown."
        )
