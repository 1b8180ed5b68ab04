"""The JD check's shortcuts on long texts find exactly what a search of the whole text finds:
pay ranges only on lines with a digit, years only around their unit word."""

from hypothesis import given, settings
from hypothesis import strategies as st

from jd.lint import _PAY, _YEARS, _YEARS_UNIT, _near, _pay_matches

PIECES = [
    "5", "10", "3-5", "12 – 15", "one", "twenty", "+", "plus", " or more ", "years", "year",
    "yrs", "yr", "Years", "yearly", "$", "USD ", "180,000", "180k", "220K", " to ", "-", "–",
    "and", "k", "m", ".", ",", " ", " ", "\n", "x", "s", "of experience", "\t",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_it_finds_the_same_years_as_a_whole_search(text):
    whole = [m.span() for m in _YEARS.finditer(text)]
    assert [m.span() for m in _near(_YEARS, _YEARS_UNIT, text, before=40, after=0)] == whole


@settings(max_examples=400, deadline=None)
@given(texts)
def test_it_finds_the_same_pay_ranges_as_a_whole_search(text):
    assert [m.span() for m in _pay_matches(text)] == [m.span() for m in _PAY.finditer(text)]


def test_it_finds_years_and_ranges_in_a_long_text():
    text = ("We ship weekly.\n" * 500) + "You have 5+ years of Python.\nPay: $180,000 – $220,000\n"
    assert [m.group() for m in _near(_YEARS, _YEARS_UNIT, text, before=40, after=0)] == ["5+ years"]
    assert [m.group() for m in _pay_matches(text)] == ["$180,000 – $220,000"]
