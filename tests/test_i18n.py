"""i18n's CLDR words are Babel's, pattern by pattern, for every day the tests walk through."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.dates import format_date, get_month_names

from budgettid import i18n
from budgettid.format.values import FuzzyDate


def _days() -> list[date]:
    """Every day of 2023-2024 (a leap year), and the 1st and 28th of every month 1990-2060."""
    walk = [date(2023, 1, 1) + timedelta(days=n) for n in range(731)]
    return walk + [date(y, m, d) for y in range(1990, 2061) for m in range(1, 13) for d in (1, 28)]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_dates_read_as_babel_writes_them(lang: str):
    dot = ". " if lang == "da" else " "
    for d in _days():
        fd = FuzzyDate.day(d)
        assert i18n.day(d, lang) == format_date(d, f"EEE d{dot}MMM y", locale=lang)
        assert i18n.fuzzy(fd, lang) == format_date(d, f"EEE d{dot}MMM y", locale=lang)
        short = "d/M" if lang == "da" else "d MMM"
        assert i18n.short(fd, lang) == format_date(d, short, locale=lang)
        assert i18n.short(fd, lang, year=True) == format_date(d, f"{short} y", locale=lang)
    for y in (1999, 2023, 2060):
        for m in range(1, 13):
            first, month = date(y, m, 1), FuzzyDate.month(y, m)
            assert i18n.fuzzy(month, lang) == format_date(first, "MMMM y", locale=lang)
            assert i18n.month_short(m, lang) == format_date(first, "MMM", locale=lang).rstrip(".")
            abbr = format_date(first, "MMM", locale=lang).rstrip(".")
            assert i18n.short(month, lang) == abbr
            assert i18n.short(month, lang, year=True) == f"{abbr} {y}"
            assert i18n.month_name(m, lang) == get_month_names("wide", context="stand-alone", locale=lang)[m]


@pytest.mark.parametrize(
    ("start", "end", "da", "en"),
    [
        ("2023-05-30", "2023-05-31", "30.–31. maj 2023", "30–31 May 2023"),
        ("2023-08-29", "2023-09-06", "29. aug. – 6. sep. 2023", "29 Aug – 6 Sep 2023"),
        ("2022-12-15", "2023-08-31", "15. dec. 2022 – 31. aug. 2023", "15 Dec 2022 – 31 Aug 2023"),
        ("2023-05", "2023-08", "maj – august 2023", "May – August 2023"),
        ("2023-04", "2023-04", "april 2023", "April 2023"),
        ("2023-Q1", "2023-06-13", "1. kvt. 2023 – 13. jun. 2023", "Q1 2023 – 13 Jun 2023"),
    ],
)
def test_spans_read_as_short_as_they_can(start: str, end: str, da: str, en: str):
    a, b = FuzzyDate.parse(start), FuzzyDate.parse(end)
    assert (i18n.span(a, b, "da"), i18n.span(a, b, "en")) == (da, en)


# --- the catalogue: one set of keys, the same placeholders, every key the code asks for ---------

import re  # noqa: E402
import string  # noqa: E402
from pathlib import Path  # noqa: E402

from budgettid.i18n import da, en  # noqa: E402
from budgettid.rules import RULES  # noqa: E402

# The one asymmetry: a rule's English explanation is its docstring (rules/*.py, as yamllint
# keeps them), so only the Danish catalogue has `rules.explain.<code>`.
DANISH_ONLY = "rules.explain."


def _fields(value: object) -> list[set[str]]:
    """The {placeholders} of each text in a value (a text, a (one, other) pair, a list)."""
    texts = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    out = []
    for text in texts:
        names = set()
        for _, name, _, _ in string.Formatter().parse(text):  # raises on a stray brace
            if name is not None:
                names.add(re.split(r"[.\[!:]", name)[0])
        out.append(names)
    return out


def test_both_languages_have_the_same_keys():
    danish = {k for k in da.WORDS if not k.startswith(DANISH_ONLY)}
    assert sorted(danish ^ set(en.WORDS)) == []
    assert not [k for k in en.WORDS if k.startswith(DANISH_ONLY)], (
        "English explanations are the rules' docstrings"
    )


def test_every_rule_is_explained_in_danish_and_english():
    for code, rule in RULES.items():
        assert f"{DANISH_ONLY}{code}" in da.WORDS, f"{code} has no Danish explanation"
        assert rule.doc, f"{code} has no docstring (its English explanation)"
        assert f"rules.summary.{code}" in da.WORDS and f"rules.summary.{code}" in en.WORDS
    assert {k.removeprefix(DANISH_ONLY) for k in da.WORDS if k.startswith(DANISH_ONLY)} == set(RULES)


@pytest.mark.parametrize("key", sorted(en.WORDS))
def test_both_languages_have_the_same_placeholders(key: str):
    d, e = da.WORDS[key], en.WORDS[key]
    assert type(d) is type(e), key
    if isinstance(e, tuple):
        assert len(d) == len(e) == 2
        # one set of names for both forms of a count: {n} and whatever the sentence needs
        assert set().union(*_fields(d)) == set().union(*_fields(e)), key
    elif isinstance(e, list):
        assert len(d) == len(e)
        assert _fields(d) == _fields(e), key
    else:
        assert _fields(d) == _fields(e), key


def test_danish_explanations_are_texts_that_format():
    for key, value in da.WORDS.items():
        if key.startswith(DANISH_ONLY):
            assert _fields(value) == [set()], key
            assert i18n.t("da", key)


SRC = Path(i18n.__file__).resolve().parent.parent
# A key the code asks for as a literal: msg("…"), t(lang, "…"), plural(lang, "…", n), Invalid("…").
_LITERAL = re.compile(
    r"""(?:\bmsg|\bMessage|\bInvalid|\bt|\bplural|\bi18n\.t|\bi18n\.plural|\blocalize\.t)\(\s*(?:\w+,\s*)?"([a-z][\w.-]*\.[\w.-]+)\""""
)


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    asked = {}
    for path in SRC.rglob("*.py"):
        if path.parent.name == "i18n":
            continue
        for m in _LITERAL.finditer(path.read_text(encoding="utf-8")):
            asked.setdefault(m.group(1), str(path.relative_to(SRC)))
    assert len(asked) > 150  # the pattern still finds the calls
    missing = {k: where for k, where in asked.items() if k not in en.WORDS}
    assert missing == {}


def test_messages_render_dates_counts_and_lists_in_both_languages():
    from budgettid.format.values import FuzzyDate
    from budgettid.i18n import Join, msg

    day, month = FuzzyDate.parse("2024-09-21"), FuzzyDate.parse("2023-04")
    m = msg("order.fix_later", what="x", date=day)
    assert (m.text("da"), m.text("en")) == (
        "flyt x til lørdag den 21. september 2024 eller senere",
        "move x to Saturday 21 September 2024 or later",
    )
    assert msg("check.in", date=month).text("da") == "i april 2023"
    assert [msg("report.files", n=n).text("da") for n in (1, 2)] == ["1 fil", "2 filer"]
    assert (
        i18n.plural("da", "report.files", 1) == "1 fil" and i18n.plural("en", "report.files", 3) == "3 files"
    )
    assert Join(("a", "b", "c")).text("da") == "a, b og c" and Join(("a", "b"), "or").text("en") == "a or b"
