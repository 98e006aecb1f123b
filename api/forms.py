"""The one form of the token page: what to do with the person's token."""

from django import forms


class TokenActionForm(forms.Form):
    ISSUE, REVOKE = "issue", "revoke"

    action = forms.ChoiceField(choices=[(ISSUE, ISSUE), (REVOKE, REVOKE)])
