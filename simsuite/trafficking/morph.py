"""Russian declension of personal names, by the pymorphy3 morphological dictionary.

Case templates mark every name that is not in the nominative (``{victim:gen}``); the renderer
declines the first name here and keeps the initial ("Айзада К." -> "Айзаде К."). A name the
dictionary holds as indeclinable ("Асель", "Айгерим") stays as it is, which is correct Russian.
The analyser loads only when Russian is rendered (about half a second, once per process).
"""

from __future__ import annotations

from functools import cache, lru_cache

#: Template case markers -> pymorphy3 grammemes.
CASES = {
    "nom": "nomn",
    "gen": "gent",
    "dat": "datv",
    "acc": "accs",
    "ins": "ablt",
    "loc": "loct",
}
_GENDER = {"female": "femn", "male": "masc"}


@cache
def analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def name_parse(first_name: str, sex: str):
    """The dictionary's parse of ``first_name`` as a given name of that sex in the nominative
    singular, or None when the dictionary does not know it as such."""
    gender = _GENDER[sex]
    for parse in analyzer().parse(first_name):
        tag = parse.tag
        if "Name" in tag and gender in tag and "sing" in tag and "nomn" in tag:
            return parse
    return None


@lru_cache(maxsize=4096)
def decline_first_name(first_name: str, sex: str, case: str) -> str:
    """``first_name`` in ``case`` (a key of CASES), capitalised as given."""
    if case == "nom":
        return first_name
    parse = name_parse(first_name, sex)
    if parse is None:
        raise ValueError(f"the dictionary does not know {first_name!r} as a {sex} name")
    form = parse.inflect({CASES[case]})
    if form is None:
        return first_name
    word = form.word
    return word[:1].upper() + word[1:]


def decline_name(full_name: str, sex: str, case: str) -> str:
    """A "First I." name in ``case``: the first name declines, the initial does not."""
    first, _space, rest = full_name.partition(" ")
    declined = decline_first_name(first, sex, case)
    return f"{declined} {rest}".rstrip() if rest else declined


def is_indeclinable(first_name: str, sex: str) -> bool:
    parse = name_parse(first_name, sex)
    return parse is not None and "Fixd" in parse.tag
