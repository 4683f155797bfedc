"""Content texts (data files) in the catalogues translators work in.

Content files hold their texts as ``{en: ..., ru: ...}`` mappings. A language can be added there
entry by entry, or, without touching the data files, in the content catalogue
``simsuite/i18n/locales/content/<lang>.po``: the English text is the message id and the file and
key path are its context, so translators work in one standard gettext file per language, with a
comment saying where each text is used. :func:`simsuite.i18n.localized` looks in the mapping
first, then in the content catalogue, then falls back to English.

``python -m simsuite.i18n.content`` (run by ``make messages``) extracts every content text into
``simsuite/i18n/content.pot`` and updates each language's content catalogue.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from simsuite.yamlio import load_shipped

REPOSITORY = Path(__file__).resolve().parents[2]
#: Content data that learners or instructors read. Case templates are not here: each language
#: has its own template file, with the grammar its sentences need.
CONTENT_GLOBS = (
    "simsuite/**/*.yaml",
    "grading/item_bank.yaml",
    "grading/items/*.yaml",
)
EXCLUDED = ("simsuite/trafficking/templates/",)
LANGUAGE_KEYS = frozenset({"en", "ru", "ky", "az", "uz"})
TEMPLATE = Path(__file__).with_name("content.pot")
FOLDER = Path(__file__).with_name("locales") / "content"


def is_text(value: Any) -> bool:
    """A content text: a mapping that has English and whose keys are language codes, or that
    has English and another language beside data of its own (``{strength: weak, en: ..., ru:
    ...}``): the other languages of such an entry come from the catalogue like any text."""
    return (
        isinstance(value, Mapping)
        and isinstance(value.get("en"), str)
        and bool(value.get("en", "").strip())
        and (set(value) <= LANGUAGE_KEYS or len(set(value) & LANGUAGE_KEYS) > 1)
    )


def texts(data: Any, path: str = "") -> Iterator[tuple[str, Mapping[str, str]]]:
    """(key path, text) of every content text in a loaded data file."""
    if is_text(data):
        yield path, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, f"{path}[{index}]")


def content_files(root: Path = REPOSITORY) -> list[Path]:
    found: set[Path] = set()
    for pattern in CONTENT_GLOBS:
        found.update(root.glob(pattern))
    return sorted(
        p for p in found if not any(str(p.relative_to(root)).startswith(e) for e in EXCLUDED)
    )


def content_texts(root: Path = REPOSITORY) -> Iterator[tuple[str, str, Mapping[str, str]]]:
    """(file, key path, text) of every content text of the project."""
    for path in content_files(root):
        data = load_shipped(path.read_text(encoding="utf-8"))
        for key_path, text in texts(data):
            yield str(path.relative_to(root)), key_path, text


def write_catalogues(root: Path = REPOSITORY) -> None:
    """Write the content template and update every language's content catalogue."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(project="simsuite-content", fuzzy=False)
    for file, key_path, text in content_texts(root):
        message = template.get(text["en"])
        where = f"{file}: {key_path}"
        if message is None:
            template.add(text["en"], auto_comments=[where])
        elif len(message.auto_comments) < 3:
            message.auto_comments.append(where)
    with TEMPLATE.open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True, width=76)
    FOLDER.mkdir(parents=True, exist_ok=True)
    for po in sorted(FOLDER.glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.stem)
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, sort_output=True, width=76)


if __name__ == "__main__":
    write_catalogues(Path(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORY)
