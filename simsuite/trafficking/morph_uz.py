"""Uzbek case suffixes for the names and places that case templates join words to.

Uzbek marks case with a suffix on the last word of the noun phrase ("Dilnoza Rahimova" ->
"Dilnoza Rahimovaga"). The suffixes do not follow vowel harmony; only the dative changes its
first consonant after a word ending in k or g ("-ka") or in q or gʻ ("-qa"). The templates
mark the case the same way as in Russian (``{victim:dat}``); there is no instrumental case,
so ``ins`` gives the postposition "bilan" ("with"). A phrase ending in a digit or a stop
("Karavan-9", "R.") takes the suffix after a hyphen, as Uzbek writes it.
"""

from __future__ import annotations

#: Template case markers -> the suffix in its basic form.
SUFFIXES = {"nom": "", "gen": "ning", "dat": "ga", "acc": "ni", "loc": "da", "ins": " bilan"}
_OKINA = ("ʻ", "'", "‘", "`")


def dative(word: str) -> str:
    """The dative suffix for ``word``: -ga, or -ka after k/g, or -qa after q/gʻ."""
    stem = word.rstrip("»\"”")
    last = stem[-1:].lower()
    if last in _OKINA and stem[-2:-1].lower() == "g":
        return "qa"
    if last in ("k", "g"):
        return "ka"
    if last == "q":
        return "qa"
    return "ga"


def inflect(phrase: str, case: str) -> str:
    """``phrase`` (a name, a town, a company) in ``case`` (a key of SUFFIXES)."""
    if case not in SUFFIXES:
        raise ValueError(f"unknown case {case!r}")
    if case == "nom" or not phrase:
        return phrase
    suffix = dative(phrase) if case == "dat" else SUFFIXES[case]
    if case == "ins":
        return phrase + suffix
    last = phrase[-1:]
    if last.isdigit() or last == ".":
        return f"{phrase}-{suffix}"
    return phrase + suffix
