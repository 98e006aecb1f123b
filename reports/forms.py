"""Forms of the report pages."""

from decimal import Decimal
from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
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
    and, in the annual report, the self-score against the pact's scoring table.

    With indicator_fields=False (a form that is only shown, never sent) the indicators get
    no fields: the page shows their saved values itself (reports.views._indicator_row)."""

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

    def __init__(
        self,
        *args,
        indicators,
        criteria=(),
        adjustments=(),
        pact=None,
        indicator_fields=True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.criteria = list(criteria)
        self.adjustments = list(adjustments)
        self.pact = pact
        for ind in self.indicators if indicator_fields else ():
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


# One indicator's row of the report form (reports.views._indicator_row gives the values).
# The markup is put together here rather than in reports/report.html: a form has 30 or more
# of these rows, and placing a dozen values in each through the template engine took most of
# the page's time (docs/benchmarks.md). Every value is escaped, as the template would.
_ROW_HTML = (
    "<tr{warning}>"
    '<td><label for="{input_id}">{name}</label> <span class="text-secondary small">({unit})'
    "{required}</span></td>"
    '<td><input type="text" name="{input_name}" id="{input_id}" value="{input_value}" '
    'inputmode="decimal" autocomplete="off" class="form-control form-control-sm text-end'
    '{invalid}">{errors}{conflict}</td>'
    '<td class="num d-none d-md-table-cell">{last_year}</td>'
    '<td class="num d-none d-md-table-cell">{growth}</td>'
    '<td class="num d-none d-lg-table-cell">{target}</td>'
    '<td class="num d-none d-lg-table-cell">{of_target}</td>'
    '<td class="d-none d-md-table-cell"><input type="text" name="{note_name}" '
    'value="{note_value}" maxlength="500" class="form-control form-control-sm" '
    'aria-label="{note_label}"></td>'
    "</tr>"
)
_RULE_HTML = (
    '<div class="{text_class}"><i class="bi {icon} me-1" aria-hidden="true"></i>{message}'
    "{explained}</div>"
)
_EXPLANATION_HTML = (
    '<label class="form-label mt-1 mb-0" for="{id}">{label}</label>'
    '<textarea name="{name}" id="{id}" rows="2" class="form-control form-control-sm">'
    "{value}</textarea>"
)
_HIDDEN_HTML = '<input type="hidden" name="{name}" value="{value}">'


def _text(value) -> str:
    return escape(str(value))


def indicator_rows_html(rows: list[dict]) -> SafeString:
    """The <tr> elements of one group of the report form: each indicator's input, last year's
    value, growth, target, share of the target and note, then the rule messages and the
    explanation they call for, or the explanation kept as a hidden input."""
    note_label = _text(gettext("Note"))
    parts = []
    for row in rows:
        parts.append(
            _ROW_HTML.format(
                warning=' class="table-warning"' if row["rules"] else "",
                input_id=_text(row["input_id"]),
                name=_text(row["name"]),
                unit=_text(row["unit"]),
                required=' <span class="text-danger">*</span>' if row["required"] else "",
                input_name=_text(row["input_name"]),
                input_value=_text(row["input_value"]),
                invalid=" is-invalid" if row["errors"] else "",
                errors="".join(
                    f'<div class="invalid-feedback">{_text(error)}</div>' for error in row["errors"]
                ),
                conflict=(
                    f'<div class="small text-danger mt-1">'
                    f"{_text(gettext('Saved by the other person:'))} "
                    f"{_text(row['other_version_text'])}</div>"
                    if row["conflict"]
                    else ""
                ),
                last_year=_text(row["last_year_text"]),
                growth=_text(row["growth_text"]),
                target=_text(row["target_text"]),
                of_target=_text(row["of_target_text"]),
                note_name=_text(row["note_name"]),
                note_value=_text(row["note_value"]),
                note_label=note_label,
            )
        )
        if row["rules"]:
            parts.append('<tr class="table-warning"><td colspan="7" class="small">')
            for rule in row["rules"]:
                error = rule.severity == "error"
                parts.append(
                    _RULE_HTML.format(
                        text_class="text-danger" if error else "text-body",
                        icon="bi-x-circle" if error else "bi-exclamation-triangle",
                        message=_text(rule.message),
                        explained=(
                            f' <span class="text-success">({_text(gettext("explained"))})</span>'
                            if rule.severity == "warning" and rule.explained
                            else ""
                        ),
                    )
                )
            if row["needs_explanation"]:
                parts.append(
                    _EXPLANATION_HTML.format(
                        id=_text(row["explanation_id"]),
                        label=_text(
                            gettext(
                                "Explanation (the reviewers and the consolidated report see it)"
                            )
                        ),
                        name=_text(row["explanation_name"]),
                        value=_text(row["explanation_value"]),
                    )
                )
            parts.append("</td></tr>")
        if not row["needs_explanation"] and row["explanation_value"]:
            parts.append(
                _HIDDEN_HTML.format(
                    name=_text(row["explanation_name"]), value=_text(row["explanation_value"])
                )
            )
    return mark_safe("".join(parts))  # every value above is escaped


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
