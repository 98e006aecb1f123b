"""Forms of the pact pages. Points and targets are typed the Vietnamese way (1.234,5)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType
from khoi_thi_dua.fields import LocalizedDecimalField, RowsChoiceField
from khoi_thi_dua.numbers import at_precision
from pacts.models import (
    CriteriaGroup,
    Pact,
    PactClause,
    ScoreAdjustment,
    ScoringCriterion,
)
from reports.models import Indicator


def _localized(field: models.Field, **kwargs):
    if isinstance(field, models.DecimalField):
        return field.formfield(form_class=LocalizedDecimalField, **kwargs)
    return field.formfield(**kwargs)


class PactCreateForm(forms.Form):
    bloc = forms.ModelChoiceField(label=_("Bloc"), queryset=None, empty_label=None)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    copy_previous = forms.BooleanField(
        label=_("Start from last year's pact (clauses, scoring table, indicators)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, led: list[tuple], **kwargs):
        """led: (bloc, year) pairs the user leads and that have no pact yet."""
        super().__init__(*args, **kwargs)
        from blocs.models import Bloc

        self.fields["bloc"].queryset = Bloc.objects.filter(pk__in={b.pk for b, _y in led})
        self.fields["year"].choices = sorted({(y, str(y)) for _b, y in led}, reverse=True)


class PactForm(forms.ModelForm):
    class Meta:
        model = Pact
        formfield_callback = _localized
        field_classes = {"indicators": RowsChoiceField}
        fields = [
            "title",
            "number",
            "place",
            "preamble",
            "total_points",
            "bonus_cap",
            "penalty_cap",
            "indicators",
        ]
        widgets = {
            "preamble": forms.Textarea(attrs={"rows": 6}),
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.in_force(self.instance.year)
        self.fields["indicators"].label_from_instance = lambda i: f"{i.name} ({i.unit_of_measure})"


ClauseFormSet = inlineformset_factory(
    Pact,
    PactClause,
    fields=["order", "text"],
    extra=2,
    can_delete=True,
    widgets={
        "text": forms.Textarea(attrs={"rows": 3}),
        "order": forms.NumberInput(attrs={"class": "order-input"}),
    },
)
GroupFormSet = inlineformset_factory(
    Pact,
    CriteriaGroup,
    fields=["order", "title"],
    extra=1,
    can_delete=True,
    widgets={"order": forms.NumberInput(attrs={"class": "order-input"})},
)
CriterionFormSet = inlineformset_factory(
    CriteriaGroup,
    ScoringCriterion,
    fields=["order", "text", "max_points", "guidance"],
    formfield_callback=_localized,
    extra=2,
    can_delete=True,
    widgets={
        "text": forms.Textarea(attrs={"rows": 2}),
        "guidance": forms.Textarea(attrs={"rows": 2}),
        "order": forms.NumberInput(attrs={"class": "order-input"}),
    },
)
AdjustmentFormSet = inlineformset_factory(
    Pact,
    ScoreAdjustment,
    fields=["kind", "order", "text", "max_points", "guidance"],
    formfield_callback=_localized,
    extra=1,
    can_delete=True,
    widgets={
        "text": forms.Textarea(attrs={"rows": 2}),
        "guidance": forms.Textarea(attrs={"rows": 2}),
        "order": forms.NumberInput(attrs={"class": "order-input"}),
    },
)


class StatusForm(forms.Form):
    ACTIONS = {
        "open": Pact.Status.OPEN,
        "withdraw": Pact.Status.DRAFT,
        "reopen": Pact.Status.DRAFT,
        "archive": Pact.Status.ARCHIVED,
    }
    action = forms.ChoiceField(choices=[(a, a) for a in [*ACTIONS, "close_signing"]])
    reason = forms.CharField(
        label=_("Reason (required when signatures would be cancelled)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistrationForm(forms.Form):
    """A target for each indicator the pact selects, the titles aimed for, other commitments."""

    award_types = RowsChoiceField(
        label=_("Titles and awards aimed for"),
        queryset=AwardType.objects.filter(active=True, recipient=AwardType.Recipient.COLLECTIVE),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Other commitments"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[self.field_name(indicator)] = LocalizedDecimalField(
                label=f"{indicator.name} ({indicator.unit_of_measure})",
                required=indicator.required,
                max_digits=20,
                decimal_places=indicator.decimals,
                min_value=at_precision(indicator.min_value, indicator.decimals),
                max_value=at_precision(indicator.max_value, indicator.decimals),
            )
        self.order_fields([self.field_name(i) for i in self.indicators] + ["award_types", "note"])

    @staticmethod
    def field_name(indicator) -> str:
        return f"target_{indicator.pk}"

    def target_fields(self):
        return [self[self.field_name(i)] for i in self.indicators]

    def targets(self) -> dict[int, object]:
        return {i.pk: self.cleaned_data.get(self.field_name(i)) for i in self.indicators}
