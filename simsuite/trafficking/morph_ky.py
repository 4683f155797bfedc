"""Kyrgyz case endings for names and places in case stories.

Kyrgyz marks case with a suffix whose vowel follows the last vowel of the word (vowel harmony:
back or front, rounded or not) and whose first consonant follows the last sound (vowel, voiced
or voiceless consonant). A template writes ``{victim:dat}`` and gets ``Айзада Касымовага``;
the suffix goes on the last word of the name. Cases: ``nom`` (no suffix), ``gen`` (-нын),
``dat`` (-га), ``acc`` (-ны), ``loc`` (-да); ``ins`` is the postposition ``менен``
("with"), which takes the bare name. The ablative (-дан) has no marker in the renderer's case
list: templates reach it through a common noun ("... шаарынан").

A name that ends in an abbreviation (a full stop) takes the suffix after a hyphen-free join,
as Kyrgyz writes ``К.нын``; the packaged name pools avoid this by giving full surnames.
"""

from __future__ import annotations

VOWELS = "аеёиоөуүыэюя"
#: Voiceless consonants: after them the suffix starts with т/к.
VOICELESS = "кпстфхцчшщ"
#: The last vowel decides the harmony: back/front and rounded/unrounded.
_HARMONY = {
    "а": "a", "ы": "a", "я": "a",
    "о": "o", "ё": "o",
    "у": "u", "ю": "u",
    "е": "e", "и": "e", "э": "e",
    "ө": "ö", "ү": "ü",
}  # fmt: skip
#: Low vowel (-га/-да) and high vowel (-нын/-ны) of the suffix for each harmony class.
_LOW = {"a": "а", "o": "о", "u": "а", "e": "е", "ö": "ө", "ü": "ө"}
_HIGH = {"a": "ы", "o": "у", "u": "у", "e": "и", "ö": "ү", "ü": "ү"}
CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "abl")


def _harmony(word: str) -> str:
    for letter in reversed(word.lower()):
        if letter in _HARMONY:
            return _HARMONY[letter]
    return "a"


def _last_sound(word: str) -> str:
    """'vowel', 'voiceless' or 'voiced', by the last letter of the word."""
    letters = [c for c in word.lower() if c.isalpha()]
    if not letters:
        return "vowel"
    last = letters[-1]
    if last in VOWELS:
        return "vowel"
    if last in "ьъ" and len(letters) > 1:
        return "voiceless" if letters[-2] in VOICELESS else "voiced"
    return "voiceless" if last in VOICELESS else "voiced"


def suffix(word: str, grammatical_case: str) -> str:
    """The case suffix that ``word`` takes (empty for the nominative)."""
    if grammatical_case not in CASES:
        raise ValueError(f"unknown case {grammatical_case!r}")
    if grammatical_case in ("nom", "ins"):
        return ""
    harmony, sound = _harmony(word), _last_sound(word)
    low, high = _LOW[harmony], _HIGH[harmony]
    if grammatical_case == "gen":
        start = {"vowel": "н", "voiced": "д", "voiceless": "т"}[sound]
        return f"{start}{high}н"
    if grammatical_case == "acc":
        start = {"vowel": "н", "voiced": "д", "voiceless": "т"}[sound]
        return f"{start}{high}"
    if grammatical_case == "dat":
        start = "к" if sound == "voiceless" else "г"
        return f"{start}{low}"
    start = "т" if sound == "voiceless" else "д"  # loc, abl
    return f"{start}{low}" if grammatical_case == "loc" else f"{start}{low}н"


def inflect(name: str, grammatical_case: str) -> str:
    """``name`` in ``grammatical_case``: the suffix joins the last word (``ins`` adds the
    postposition ``менен``)."""
    if grammatical_case == "ins":
        return f"{name} менен"
    return name + suffix(name, grammatical_case)
