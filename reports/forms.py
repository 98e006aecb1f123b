"""Forms of the report pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS
from khoi_thi_dua.fields import LocalizedDecimalField
from khoi_thi_dua.numbers import at_precision, format_number
from reports.models import ReportingPeriod


class CatalogueYearForm(forms.Form):
    nam = forms.IntegerField(
        label=_("Year"),
        validators=YEAR_VALIDATORS,
        error_messages={"invalid": _("Enter a year such as 2026.")},
    )


class ReportForm(forms.Form):
    """A value, a note and (when a rule warns) an explanation per indicator; the narrative;
    and, in the annual report, the self-score against the pact's scoring table."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    limitations = forms.CharField(
        label=_("Limitations and causes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    directions = forms.CharField(
        label=_("Directions and tasks ahead"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, indicators, criteria=(), adjustments=(), pact=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.criteria = list(criteria)
        self.adjustments = list(adjustments)
        self.pact = pact
        for ind in self.indicators:
            self.fields[f"v_{ind.pk}"] = LocalizedDecimalField(
                label=ind.name,
                required=False,
                max_digits=20,
                decimal_places=ind.decimals,
                min_value=at_precision(ind.min_value, ind.decimals),
                max_value=at_precision(ind.max_value, ind.decimals),
            )
            self.fields[f"n_{ind.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=500
            )
            self.fields[f"e_{ind.pk}"] = forms.CharField(
                label=_("Explanation"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for criterion in self.criteria:
            self.fields[f"s_{criterion.pk}"] = LocalizedDecimalField(
                label=criterion.text,
                required=False,
                max_digits=6,
                decimal_places=2,
                min_value=Decimal(0),
                max_value=criterion.max_points,
            )
        for item in self.adjustments:
            self.fields[f"a_{item.pk}"] = LocalizedDecimalField(
                label=item.text,
                required=False,
                max_digits=6,
                decimal_places=2,
                min_value=Decimal(0),
                max_value=item.max_points,
            )

    def clean(self):
        data = super().clean()
        if self.pact is not None:
            for kind, cap in (("bonus", self.pact.bonus_cap), ("penalty", self.pact.penalty_cap)):
                total = sum(
                    (
                        data.get(f"a_{i.pk}") or Decimal(0)
                        for i in self.adjustments
                        if i.kind == kind
                    ),
                    Decimal(0),
                )
                if total > cap:
                    self.add_error(
                        None,
                        _("The %(kind)s points add up to %(total)s, above the cap of %(cap)s.")
                        % {
                            "kind": _("bonus") if kind == "bonus" else _("penalty"),
                            "total": format_number(total),
                            "cap": format_number(cap),
                        },
                    )
        return data

    def values(self):
        from reports.services import ValueInput

        return {
            ind.pk: ValueInput(
                value=self.cleaned_data.get(f"v_{ind.pk}"),
                note=self.cleaned_data.get(f"n_{ind.pk}", ""),
                explanation=self.cleaned_data.get(f"e_{ind.pk}", ""),
            )
            for ind in self.indicators
        }

    def narrative(self) -> dict[str, str]:
        return {
            f: self.cleaned_data[f]
            for f in ("results", "limitations", "directions", "recommendations")
        }

    def self_scores(self):
        scores = {("criterion", c.pk): self.cleaned_data.get(f"s_{c.pk}") for c in self.criteria}
        scores.update(
            {("adjustment", a.pk): self.cleaned_data.get(f"a_{a.pk}") for a in self.adjustments}
        )
        return scores


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", "accept"), ("return", "return"), ("reopen", "reopen")]
    )
    reason = forms.CharField(
        label=_("Reason for the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodForm(forms.ModelForm):
    """The opening date and deadline of a reporting period, set by the bloc leader."""

    class Meta:
        model = ReportingPeriod
        fields = ["opens_on", "deadline"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "deadline": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }
