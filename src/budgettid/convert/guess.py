"""Guesses from Danish (and English) titles: kind, bodies with roles, statutory steps, ids.

Each guess returns the value and a Message saying what it was guessed from, which becomes
the YAML comment beside it. The tables below are the words of Danish municipal budget
documents; a body not known here still becomes a body (role `committee` for an "...udvalg",
else `other`), marked for review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..i18n import Message

# ---- ids ------------------------------------------------------------------------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_STOP = frozenset(
    ["af", "i", "og", "til", "for", "om", "med", "paa", "the", "of", "and", "to", "in", "on", "at", "a", "an",
     "en", "et", "den", "det", "de"]
)  # fmt: skip


def slug(text: str, *, words: int = 6, limit: int = 48) -> str:
    """'Frist for ændringsforslag til budget 2024-31' → 'frist-aendringsforslag-budget-2024-31'."""
    # Days and asides in parentheses make poor ids: "Økonomiudvalget (3/10) og byrådet (10/10)".
    text = re.sub(r"\([^)]*\)|(?<!\d)\d{1,2}(?:-\d{1,2})?/\d{1,2}(?:-\d{2,4})?(?!\d)", " ", text)
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode()
    parts = [p for p in re.split(r"[^a-z0-9]+", ascii_text) if p]
    kept = [p for p in parts if p not in _STOP] or parts
    out = ""
    for part in kept[:words]:
        if out and len(out) + 1 + len(part) > limit:
            break
        out = f"{out}-{part}" if out else part[:limit]
    return out or "aktivitet"


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... when taken; the result is added to `taken`."""
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


# ---- bodies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownBody:
    id: str
    name: str
    role: str
    short: str | None
    words: re.Pattern[str]  # the name and its forms, case-insensitive
    label: re.Pattern[str] | None  # the abbreviation, case-sensitive (MED is not "med")


def _known(
    id: str, name: str, role: str, short: str | None, words: str, label: str | None = None
) -> KnownBody:
    return KnownBody(
        id,
        name,
        role,
        short,
        re.compile(rf"(?<![\wæøå])(?:{words})", re.IGNORECASE),
        re.compile(rf"(?<![\wæøåÆØÅ])(?:{label})(?![\wæøåÆØÅ])") if label else None,
    )


KNOWN_BODIES: tuple[KnownBody, ...] = (
    _known(
        "oeu", "Økonomiudvalget", "finance_committee", "ØU", r"økonomiudvalg\w*|finance committee", "ØU|OEU"
    ),
    _known("byraadet", "Byrådet", "council", "BR", r"byråd\w*|city council|council", "BR"),
    _known("kommunalbestyrelsen", "Kommunalbestyrelsen", "council", "KB", r"kommunalbestyrelse\w*", "KB"),
    _known("fagudvalg", "Fagudvalgene", "committee", "FU", r"fagudvalg\w*|standing committees?", "FU"),
    _known("hovedudvalget", "Hovedudvalget", "staff", "HU", r"hovedudvalg\w*|hoved-med\w*", "HU|HMU"),
    _known("med", "MED-organisationen", "staff", "MED", r"med-organisation\w*|med-udvalg\w*", "MED"),
    _known("partierne", "Partierne", "parties", None, r"partier\w*|parties|byrådsmedlemmer\w*"),
    _known("borgmesteren", "Borgmesteren", "mayor", None, r"borgmester\w*|mayor"),
    _known(
        "forvaltningen",
        "Forvaltningen",
        "administration",
        None,
        r"forvaltning\w*|direktion\w*|administration",
    ),
    _known(
        "offentligheden",
        "Offentligheden",
        "public",
        None,
        r"offentlighed\w*|borgerne|borgere|borgermøde\w*|the public",
    ),
)
_COMMITTEE = re.compile(
    r"(?<![\wæøå])([A-ZÆØÅ][\wæøå-]*(?:\s+og\s+[A-ZÆØÅ]?[\wæøå-]+)?udvalg(?:et)?)(?![\wæøå])"
)


def known_body(text: str) -> KnownBody | None:
    """The known body a name or label stands for ('ØU', 'Byrådets', 'Kommunalbestyrelsen')."""
    text = text.strip()
    for body in KNOWN_BODIES:
        if body.words.fullmatch(text) or (body.label and body.label.fullmatch(text)):
            return body
    return None


def bodies_in_title(title: str) -> list[tuple[KnownBody | str, str]]:
    """Bodies a title names, in order: a known body or an unknown committee's name, and the words seen."""
    found: list[tuple[int, KnownBody | str, str]] = []
    for body in KNOWN_BODIES:
        for pattern in (body.words, body.label):
            if pattern and (m := pattern.search(title)):
                found.append((m.start(), body, m.group()))
                break
    for m in _COMMITTEE.finditer(title):
        name = m.group(1)
        if known_body(name) is None and not any(
            isinstance(b, KnownBody) and b.words.search(name) for _, b, _ in found
        ):
            found.append((m.start(), name, name))
    found.sort(key=lambda x: x[0])
    seen: set[str] = set()
    out: list[tuple[KnownBody | str, str]] = []
    for _, named, words in found:
        key = named.id if isinstance(named, KnownBody) else named
        if key not in seen:
            seen.add(key)
            out.append((named, words))
    return out


def role_of(name: str) -> tuple[str, Message]:
    """The role of a body that is not known: a committee when its name says "udvalg"."""
    if re.search(r"udvalg|committee", name, re.IGNORECASE):
        return "committee", Message("import.why.role_committee", {"name": name})
    return "other", Message("import.why.role_unknown", {"name": name})


# ---- kinds and steps ------------------------------------------------------------------------

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(words, re.IGNORECASE))
    for kind, words in (
        ("deadline", r"frist\w*|deadline|senest|afleveringsfrist"),
        ("hearing", r"høring\w*|hearing|consultation"),
        (
            "event",
            r"seminar\w*|borgermøde\w*|konference|workshop|offentliggør\w*|foreligger|økonomiaftale\w*",
        ),
        ("meeting", r"møde\w*|behandl\w*|orienter\w*|fremlæg\w*|beslut\w*|drøft\w*|meeting|reading"),
        ("period", r"forhandling\w*|negotiation\w*|periode\w*|period"),
    )
)


def kind(title: str, window: bool) -> tuple[str, Message]:
    """The kind a title suggests, and why; a period is only a window.

    A deadline word wins ("Høringsfrist" is a deadline); otherwise the word that comes first
    ("Fagudvalgene behandler kataloget med henblik på udsendelse i høring" is a meeting).
    """
    found = []
    for rank, (name, pattern) in enumerate(_KINDS):
        if (m := pattern.search(title)) and not (name == "period" and not window):
            found.append((0 if name == "deadline" else 1, m.start(), rank, name, m.group()))
    if found:
        _, _, _, name, word = min(found)
        return name, Message("import.why.kind_word", {"word": word})
    if window:
        return "period", Message("import.why.kind_window", {})
    return "event", Message("import.why.kind_default", {})


_FIRST = re.compile(r"1\.\s*behandl\w*|første behandl\w*|first reading|1st reading", re.IGNORECASE)
_SECOND = re.compile(r"2\.\s*behandl\w*|anden behandl\w*|second reading|2nd reading", re.IGNORECASE)
_AMEND = re.compile(r"ændringsforslag\w*|amendment\w*", re.IGNORECASE)
# The budget itself, not its negotiations or process ("budgetforhandlingerne").
_BUDGET = re.compile(r"(?<![\wæøå])budget(?:tet|forslag\w*|oplæg\w*)?(?![\wæøå])", re.IGNORECASE)


def step(title: str, kind: str, roles: dict[str, str]) -> tuple[str, Message] | None:
    """The statutory step a title names, and why (1. behandling in the council → first_reading).

    `roles` maps the roles of the event's bodies to their names.
    """
    if m := _FIRST.search(title):
        if "council" in roles:
            return "first_reading", Message(
                "import.why.step_in", {"word": m.group(), "body": roles["council"]}
            )
        if "finance_committee" in roles:
            return "budget_proposal", Message(
                "import.why.step_finance", {"word": m.group(), "body": roles["finance_committee"]}
            )
    if (m := _SECOND.search(title)) and "council" in roles:
        return "second_reading", Message("import.why.step_in", {"word": m.group(), "body": roles["council"]})
    if (m := _AMEND.search(title)) and kind == "deadline":
        return "amendment_deadline", Message("import.why.step_word", {"word": m.group()})
    if kind == "hearing" and (m := _BUDGET.search(title)):
        return "public_hearing", Message("import.why.step_hearing", {})
    return None


_PHASE_HEADING = re.compile(r"^\s*(?:fase|phase)\s*\d*\s*[:.]?", re.IGNORECASE)


def is_phase_heading(text: str) -> bool:
    """'Fase 1: Afklaring og kvalificering', 'Phase 2 - Negotiations'."""
    return bool(_PHASE_HEADING.match(text)) and len(text) < 120


def phase_id(title: str) -> str:
    """'Fase 1: Afklaring og kvalificering' → 'afklaring-og-kvalificering' (the words after the number)."""
    rest = _PHASE_HEADING.sub("", title).strip(" -–:")
    return slug(rest or title, words=4, limit=40)


_MUNICIPALITY = re.compile(r"(?<![\wæøå])((?:[A-ZÆØÅ][\wæøå]+[- ])*[A-ZÆØÅ][\wæøå]+ Kommune)(?![\wæøå])")


def municipality(text: str) -> str | None:
    """'Fjordby Kommune – tidsplan for budget 2024-27' → 'Fjordby Kommune'."""
    m = _MUNICIPALITY.search(text)
    return m.group(1) if m else None


_YEARS = re.compile(r"budget\w*\s+(?:for\s+)?(\d{4})\s*[-–/]\s*(\d{2}|\d{4})(?!\d)", re.IGNORECASE)


def budget_years(text: str) -> tuple[str, str] | None:
    """'Budgetprocessen 2024-31' → ('2024-2031', 'Budgetprocessen 2024-31')."""
    if m := _YEARS.search(text):
        first, last = int(m.group(1)), m.group(2)
        end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        if end < first:
            end += 100
        if first < end <= first + 20:
            return f"{first}-{end}", m.group()
    return None
