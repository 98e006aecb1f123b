"""What the fuzz tests type into the forms, and the checks they share."""

from __future__ import annotations

from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils import translation
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from khoi_thi_dua.numbers import format_number


def fuzz(examples: int):
    """Bounded: a fixed number of examples, no deadline (a page takes what it takes), nothing
    stored between runs. The database fixture is shared by a test's examples on purpose: each
    example compares the rows before and after its own request."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        # No "explain" phase: it reruns a failing example hundreds of times to point at lines.
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def _vi(value: Decimal, decimals: int) -> str:
    with translation.override("vi"):
        return format_number(value, decimals)


# Numbers the way people type them, right and wrong.
vi_numbers = st.builds(
    _vi,
    st.decimals(min_value=Decimal("-1e16"), max_value=Decimal("1e16"), allow_nan=False, places=3),
    st.integers(min_value=0, max_value=4),
)
number_junk = st.sampled_from(
    [
        "",
        " ",
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-Infinity",
        "inf",
        "1e10",
        "1E-5",
        "١٢٣",  # Arabic-Indic digits
        "²",
        "½",
        "1.234.56",
        "1,2,3",
        "--1",
        "−5",
        "+7",
        "1.5",
        "0,0000001",
        "9" * 25,
        "-" + "9" * 25,
        "1" + "0" * 400,
        "9" * 5000,
        "1\x002",
        "12 345,6",
        "1\u00a0234,5",
        "0x10",
        "١",
        "𝟙𝟚𝟛",  # mathematical digits
    ]
)
number_texts = st.one_of(
    vi_numbers,
    number_junk,
    st.from_regex(r"[-+−]?[0-9.,]{1,30}", fullmatch=True),
    st.text(max_size=40),
)
texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", "\x00", "a\x00b", "<script>alert(1)</script>", "x" * 5000, "𝕏" * 300]),
)
ids = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "²", "١", "0", "-1", "1.0", "None", "9" * 40, "1 2"]),
    st.text(max_size=12),
)
dates = st.one_of(
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(
        ["30/02/2027", "31/12/9999", "00/00/0000", "1/1/1", "2026-13-01", "32/01/2026", ""]
    ),
    st.text(max_size=20),
)
times = st.one_of(
    st.sampled_from(["08:00", "24:00", "23:59:59", "8h", "25:61", "", "-1:00"]),
    st.text(max_size=10),
)


def rows(queryset) -> list[dict]:
    """The rows as plain dictionaries, to compare before and after a request."""
    return [model_to_dict(obj) for obj in queryset.order_by("pk")]


def said(message: str, language: str = "vi") -> str:
    """A message as the page shows it (translated, HTML-escaped)."""
    with translation.override(language):
        return escape(str(message))


# A formset's TOTAL_FORMS and INITIAL_FORMS, small or broken. (Past any limit Django builds its
# maximum of 2 000 forms, seconds per request: tests/fuzz/test_forms.py tries that once.)
formset_counts = st.one_of(
    st.integers(min_value=-3, max_value=8).map(str),
    st.sampled_from(["", "x", "²", "١", "1.5", "-0"]),
)
