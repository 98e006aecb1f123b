"""Numbers typed and shown the Vietnamese way (1.234.567,89), and the English way."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from khoi_thi_dua.fields import LocalizedDecimalField
from khoi_thi_dua.numbers import NumberFormatError, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.637,3", Decimal("4637.3")),
        ("1.277", Decimal("1277")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("137.530", Decimal("137530")),
        ("207059", Decimal("207059")),
        ("0,5", Decimal("0.5")),
        (",5", Decimal("0.5")),
        ("-12,25", Decimal("-12.25")),
        (" 1 234 567,8 ", Decimal("1234567.8")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1.5", Decimal("1.5")),
    ],
)
def test_parse_vietnamese(text, expected):
    with translation.override("vi"):
        assert parse_number(text) == expected


def test_a_whole_number_has_no_decimal_places():
    with translation.override("vi"):
        assert parse_number("1.277").as_tuple().exponent == 0
        assert parse_number("12,50").as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,637.3", Decimal("4637.3")),
        ("1,277", Decimal("1277")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("0.5", Decimal("0.5")),
    ],
)
def test_parse_english(text, expected):
    with translation.override("en"):
        assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "1,2,3", "12.34.5", "1.2345.678", "1..2", "5%", "1.234,5,6"]
)
def test_parse_refuses_what_is_not_a_number_with_a_vietnamese_reason(text):
    with translation.override("vi"), pytest.raises(NumberFormatError) as excinfo:
        parse_number(text)
    assert any(word in str(excinfo.value) for word in ("số", "nhóm ba", "dấu"))


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (Decimal("1234567.89"), 2, "1.234.567,89", "1,234,567.89"),
        (Decimal("4637.3"), None, "4.637,3", "4,637.3"),
        (137530, 0, "137.530", "137,530"),
        (Decimal("-0.5"), 1, "-0,5", "-0.5"),
        (Decimal("1200"), None, "1.200", "1,200"),
        (Decimal("999"), 0, "999", "999"),
        (Decimal("2.005"), 2, "2,01", "2.01"),
    ],
)
def test_format(value, decimals, vi, en):
    with translation.override("vi"):
        assert format_number(value, decimals) == vi
    with translation.override("en"):
        assert format_number(value, decimals) == en


def test_template_filter_is_available_everywhere():
    template = Template("{{ v|vn_number:2 }}|{{ n|vn_number }}|{{ year }}")
    with translation.override("vi"):
        assert (
            template.render(Context({"v": Decimal("1234567.891"), "n": 207059, "year": 2026}))
            == "1.234.567,89|207.059|2026"
        )


class _Form(forms.Form):
    capital = LocalizedDecimalField(max_digits=14, decimal_places=2, min_value=0)


def test_form_field_accepts_what_a_vietnamese_user_types():
    with translation.override("vi"):
        form = _Form({"capital": "4.637,3"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["capital"] == Decimal("4637.3")


def test_form_field_keeps_the_bad_input_and_explains_in_vietnamese():
    with translation.override("vi"):
        form = _Form({"capital": "12.34.5"})
        assert not form.is_valid()
        assert "nhóm ba chữ số" in form.errors["capital"][0]
        assert 'value="12.34.5"' in str(form["capital"])
        assert 'inputmode="decimal"' in str(form["capital"])


def test_form_field_limits_still_apply_in_vietnamese():
    with translation.override("vi"):
        form = _Form({"capital": "-1"})
        assert not form.is_valid()
        form = _Form({"capital": "1,234"})
        assert not form.is_valid()  # three decimals where two are allowed


def test_form_field_shows_an_initial_value_in_vietnamese_notation():
    with translation.override("vi"):
        form = _Form(initial={"capital": Decimal("1234567.5")})
        assert 'value="1.234.567,50"' in str(form["capital"])
