"""Forms of the awards pages. Points are typed the Vietnamese way (1.234,5)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from awards.models import (
    AgendaItem,
    Attendance,
    AwardType,
    Decision,
    Meeting,
    Nomination,
    Submission,
    Vote,
)
from khoi_thi_dua.fields import LocalizedDecimalField, RowsChoiceField
from khoi_thi_dua.numbers import format_number


class AgreedScoreForm(forms.Form):
    """The bloc-agreed points of one member: a field per criterion and per bonus or penalty
    item of the year's scoring table, within each item's maximum and the pact's caps."""

    def __init__(self, *args, pact, criteria, adjustments, **kwargs):
        super().__init__(*args, **kwargs)
        self.pact = pact
        self.criteria = list(criteria)
        self.adjustments = list(adjustments)
        for criterion in self.criteria:
            self.fields[f"s_{criterion.pk}"] = self._points(criterion)
        for item in self.adjustments:
            self.fields[f"a_{item.pk}"] = self._points(item)

    @staticmethod
    def _points(item):
        return LocalizedDecimalField(
            label=item.text,
            required=False,
            max_digits=6,
            decimal_places=2,
            min_value=Decimal(0),
            max_value=item.max_points,
        )

    def clean(self):
        data = super().clean()
        for kind, cap in (("bonus", self.pact.bonus_cap), ("penalty", self.pact.penalty_cap)):
            total = sum(
                (data.get(f"a_{i.pk}") or Decimal(0) for i in self.adjustments if i.kind == kind),
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

    def scores(self) -> dict[tuple[str, int], Decimal | None]:
        scores = {("criterion", c.pk): self.cleaned_data.get(f"s_{c.pk}") for c in self.criteria}
        scores.update(
            {("adjustment", a.pk): self.cleaned_data.get(f"a_{a.pk}") for a in self.adjustments}
        )
        return scores


class NominationForm(forms.ModelForm):
    """A nomination of the bloc and year: the bloc leader picks any member, a member its own
    unit (the choice is limited to it)."""

    class Meta:
        model = Nomination
        fields = ["award_type", "unit", "nominee_name", "nominee_title", "achievements"]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.filter(active=True)
        self.fields["award_type"].empty_label = None
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["unit"].label_from_instance = lambda u: u.name


class NominationAttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class DecisionForm(forms.Form):
    """The ministry's decision on a nomination the bloc passed."""

    awarded = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Awarded")), ("0", _("Not awarded"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    decision_note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("awarded"):
            if not data.get("decision_number"):
                self.add_error("decision_number", _("Give the number of the decision."))
            if not data.get("decision_date"):
                self.add_error("decision_date", _("Give the date of the decision."))
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "number",
            "held_on",
            "starts_at",
            "place",
            "host",
            "chair_name",
            "chair_title",
            "secretary_name",
            "secretary_title",
            "guests",
            "proceedings",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "starts_at": forms.TimeInput(attrs={"placeholder": "08:00"}),
            "guests": forms.Textarea(attrs={"rows": 2}),
            "proceedings": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = units
        self.fields["host"].label_from_instance = lambda u: u.name


def _agenda_formset():
    agenda = inlineformset_factory(
        Meeting,
        AgendaItem,
        fields=["order", "title"],
        extra=3,
        can_delete=True,
        widgets={"order": forms.NumberInput(attrs={"class": "order-input"})},
    )
    decisions = inlineformset_factory(
        Meeting,
        Decision,
        fields=["order", "text"],
        extra=2,
        can_delete=True,
        widgets={
            "text": forms.Textarea(attrs={"rows": 2}),
            "order": forms.NumberInput(attrs={"class": "order-input"}),
        },
    )
    return agenda, decisions


AgendaFormSet, DecisionFormSet = _agenda_formset()


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=())
    representative_name = forms.CharField(label=_("Representative"), max_length=150, required=False)
    representative_title = forms.CharField(label=_("Title"), max_length=150, required=False)
    written_opinion = forms.CharField(
        label=_("Written opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Attendance.Status.choices

    def clean(self):
        data = super().clean()
        if data.get("status") == "present" and not (data.get("representative_name") or "").strip():
            self.add_error(
                "representative_name", _("Name the representative of a unit that is present.")
            )
        return data


class VoteForm(forms.ModelForm):
    """A vote's settings: seats, method, secrecy, mode and rule (prefilled from the award
    type), and its candidates."""

    class Meta:
        model = Vote
        fields = [
            "title",
            "seats",
            "method",
            "secret",
            "mode",
            "allow_written_opinions",
            "threshold_percent",
            "threshold_comparison",
            "threshold_base",
            "quorum_numerator",
            "quorum_denominator",
            "closes_at",
        ]
        field_classes = {"threshold_percent": LocalizedDecimalField}
        widgets = {"closes_at": forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"})}

    def __init__(self, *args, nominations=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_election = self.instance.kind == Vote.Kind.LEADERSHIP
        if self.is_election:
            self.fields["leaders"] = RowsChoiceField(
                label=_("Candidates for bloc leader"),
                queryset=units,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["deputies"] = RowsChoiceField(
                label=_("Candidates for deputy"),
                queryset=units,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            for name in ("leaders", "deputies"):
                self.fields[name].label_from_instance = lambda u: u.name
            del self.fields["seats"]
        else:
            self.fields["nominations"] = RowsChoiceField(
                label=_("Candidates (proposed nominations)"),
                queryset=nominations,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["nominations"].label_from_instance = lambda n: n.nominee_label

    def clean(self):
        data = super().clean()
        num, den = data.get("quorum_numerator"), data.get("quorum_denominator")
        if num and den and num > den:
            self.add_error("quorum_numerator", _("The quorum cannot be more than all the members."))
        if self.is_election:
            both = set(data.get("leaders") or ()) & set(data.get("deputies") or ())
            if both:
                self.add_error(
                    "deputies",
                    _("A unit stands for leader or for deputy, not both: %(units)s.")
                    % {"units": ", ".join(u.short_name for u in both)},
                )
        return data


class PaperCountsForm(forms.Form):
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            self.fields[f"c_{c.pk}"] = forms.IntegerField(label=c.label, min_value=0)

    def approvals(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.candidates}


class CloseVoteForm(forms.Form):
    no_quorum_reason = forms.CharField(
        label=_("Why the vote closes without quorum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tie_break_note = forms.CharField(
        label=_("The chair's tie-break, in words (for the minutes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, tied=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tied = list(tied)
        for c in self.tied:
            self.fields[f"t_{c.pk}"] = forms.IntegerField(
                label=c.label, min_value=1, max_value=len(self.tied)
            )

    def clean(self):
        data = super().clean()
        if self.tied:
            places = [data.get(f"t_{c.pk}") for c in self.tied]
            if None in places or len(set(places)) != len(places):
                raise forms.ValidationError(
                    _("Give each tied candidate a different place, 1 for the chair's first choice.")
                )
            if not (data.get("tie_break_note") or "").strip():
                self.add_error("tie_break_note", _("Write down the chair's tie-break."))
        return data

    def tie_break(self) -> list[int] | None:
        if not self.tied:
            return None
        return [c.pk for c in sorted(self.tied, key=lambda c: self.cleaned_data[f"t_{c.pk}"])]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt"), max_length=40)


class SubmissionForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = ["meeting", "number", "place", "dated", "signer_name", "body"]
        widgets = {
            "dated": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "body": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = None
