"""Azerbaijani case suffixes for names in case stories.

Azerbaijani marks case with a suffix on the last word of a name ("Leyla Məmmədova" ->
"Leyla Məmmədovanın"). The suffix follows vowel harmony (the last vowel of the word: back
a ı o u, front e ə i ö ü; rounded o u ö ü for the four-way suffixes) and takes a buffer
consonant after a vowel (n in the genitive and accusative, y in the dative and with "ilə").
Case templates mark the case as in Russian (``{victim:gen}``); the nominative is the name as
it stands. Names in the Azerbaijani pools are written in full, so the suffix joins a
surname; an abbreviation (a trailing full stop or capitals, "M." or "QHT") takes the suffix
after a hyphen, as Azerbaijani spelling does ("QHT-nin").
"""

from __future__ import annotations

BACK = frozenset("aıou")
FRONT = frozenset("eəiöü")
VOWELS = BACK | FRONT
#: Four-way harmony (ı i u ü) by the last vowel.
_FOUR = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}
#: Letters as Azerbaijani reads them aloud, for the harmony of an abbreviation ("QHT" -> "te").
_LETTER_NAMES = {
    "A": "a",
    "B": "be",
    "C": "ce",
    "Ç": "çe",
    "D": "de",
    "E": "e",
    "Ə": "ə",
    "F": "fe",
    "G": "ge",
    "Ğ": "ğe",
    "H": "he",
    "X": "xe",
    "I": "ı",
    "İ": "i",
    "J": "je",
    "K": "ka",
    "Q": "qe",
    "L": "el",
    "M": "em",
    "N": "en",
    "O": "o",
    "Ö": "ö",
    "P": "pe",
    "R": "er",
    "S": "es",
    "Ş": "şe",
    "T": "te",
    "U": "u",
    "Ü": "ü",
    "V": "ve",
    "Y": "ye",
    "Z": "ze",
}
CASES = ("nom", "gen", "dat", "acc", "ins", "loc")


def _lower(text: str) -> str:
    # Azerbaijani dotted and dotless i: "I" -> "ı", "İ" -> "i" (str.lower() gets "İ" wrong)
    return text.replace("I", "ı").replace("İ", "i").lower()


def _sound(word: str) -> tuple[str, bool]:
    """The last vowel that decides harmony, and whether the word ends in a vowel sound."""
    core = word.rstrip(".")
    abbreviation = word.endswith(".") or (len(core) > 1 and core.isupper())
    if abbreviation:
        spoken = _LETTER_NAMES.get(core[-1:], "")
    else:
        spoken = _lower(core)
    vowels = [ch for ch in spoken if ch in VOWELS]
    if not vowels:
        raise ValueError(f"no vowel to harmonise with in {word!r}")
    return vowels[-1], spoken[-1:] in VOWELS


def suffix(word: str, case: str) -> str:
    """The suffix ``case`` takes on ``word`` (empty for the nominative)."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")
    if case == "nom":
        return ""
    vowel, open_end = _sound(word)
    four = _FOUR[vowel]
    two = "a" if vowel in BACK else "ə"
    if case == "gen":
        return ("n" if open_end else "") + four + "n"
    if case == "acc":
        return ("n" if open_end else "") + four
    if case == "dat":
        return ("y" if open_end else "") + two
    if case == "loc":
        return "d" + two
    return ("y" if open_end else "") + "l" + two  # ins: "ilə" joined as a suffix


def inflect(word: str, case: str) -> str:
    """``word`` with the suffix of ``case``; an abbreviation takes it after a hyphen."""
    ending = suffix(word, case)
    if not ending:
        return word
    core = word.rstrip(".")
    if word.endswith(".") or (len(core) > 1 and core.isupper()):
        return f"{word}-{ending}"
    return word + ending


def inflect_name(full_name: str, case: str) -> str:
    """A full name in ``case``: the suffix joins its last word ("Elnur Hüseynovun")."""
    head, _space, last = full_name.rpartition(" ")
    inflected = inflect(last, case)
    return f"{head} {inflected}" if head else inflected
