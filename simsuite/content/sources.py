"""Sources as learners read them, and as instructors check them.

Content entries cite their source in one of a few forms (a mapping with ``seed``/``lines``/
``digest``/``official``/``note``, or a short string such as ``"seeds/004_….txt, lines 896-909"``
or ``"002 [L79-L91]: …"``). :func:`cite` turns any of them into a :class:`Citation`:

* ``text``: the document's title and chapter in the learner's language ("Kyrgyz police manual on
  countering trafficking in persons, ch. 4, Actions of the district police officer"), never a
  file name, line range or internal id;
* ``detail``: the file and lines (or digest section) for an instructor who checks the key;
* ``verified``: False when the source says the fact is not in the sources or awaits checking
  against the official text; learners then see a short badge, never a raw flag.

The documents and their chapters are data (``simsuite/content/data/documents.yaml``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.content import package_yaml
from simsuite.i18n import _, localized

_SEED = re.compile(r"(?:seeds/|seed-digests/|\b)(00\d)(?:[ab]\b|_[0-9a-f]+\.txt|\b)")
_LINE = re.compile(r"(?:lines?\s*|\[L|L)(\d+)")
_UNVERIFIED = re.compile(
    r"not (?:quoted|stated|given|named|in) (?:in )?the (?:sources|manual|seeds?)|verify|"
    r"inference|assumption|not in the sources",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    text: str  # learner-facing
    detail: str  # instructor-facing: file and lines, digest section, note
    verified: bool = True

    def render_text(self) -> str:
        if self.verified:
            return self.text
        return f"{self.text} ({unverified_badge()})"

    def render_html(self) -> str:
        cite = f'<cite class="simsuite-source">{html.escape(self.text)}</cite>'
        if self.verified:
            return cite
        badge = html.escape(unverified_badge())
        return f'{cite} <span class="simsuite-unverified">{badge}</span>'


def unverified_badge() -> str:
    return _("to be checked against the official text")


@cache
def _documents() -> dict[str, Mapping[str, Any]]:
    data = package_yaml("simsuite.content", "data", "documents.yaml")
    return {entry["seed"]: entry for entry in data["documents"]}


@cache
def _official() -> dict[str, Mapping[str, Any]]:
    """Official texts and secondary sources (no seed file), by id."""
    data = package_yaml("simsuite.content", "data", "documents.yaml")
    return {entry["id"]: entry for entry in data.get("official", ())}


_ARTICLE = re.compile(r"Art(?:icle)?\.?\s*(\d+[\w()\-]*(?:\s*,\s*\d+[\w()\-]*)*)")


def _section_text(section: str, lang: str | None) -> str:
    """ "Art. 3(a)" in the learner's language ("ст. 3(a)" in Russian)."""
    if (lang or "") == "az":
        section = re.sub(r"\bPrinciple (\d+)", r"prinsip \1", section)
        return _ARTICLE.sub(lambda m: f"maddə {m.group(1)}", section)
    if (lang or "") == "ru":
        section = re.sub(r"\bPrinciple (\d+)", r"принцип \1", section)
        return _ARTICLE.sub(lambda m: f"ст. {m.group(1)}", section)
    return section


def _official_text(raw: str, lang: str | None) -> str | None:
    """An official text named in words ("Trafficking Protocol Art. 3(c), ratified by …") as a
    learner reads it ("Palermo Protocol, Art. 3(c)"), or None if no known document is named."""
    for entry in _official().values():
        for alias in entry.get("aliases", ()):
            if alias in raw:
                title = localized(entry["short"], lang)
                article = _ARTICLE.search(raw[raw.index(alias) + len(alias) :])
                if article:
                    return f"{title}, {_section_text(article.group(0), lang)}"
                return title
    return None


def _document_text(source: Mapping[str, Any], lang: str | None) -> str | None:
    """A ``document`` (+ ``section``) source: the document's short title and the section."""
    entry = _official().get(str(source.get("document")))
    if entry is None:
        return None
    title = localized(entry["short"], lang)
    section = source.get("section")
    return f"{title}, {_section_text(str(section), lang)}" if section else title


def document_title(seed: str, lang: str | None = None) -> str:
    return localized(_documents()[seed]["title"], lang)


def _section(document: Mapping[str, Any], line: int, lang: str | None) -> str | None:
    for section in document.get("sections", ()):
        start, end = section["lines"]
        if start <= line <= end:
            return localized(section["title"], lang)
    return None


def _from_text(text: str, lang: str | None) -> tuple[str | None, str | None]:
    """(document title with chapter, or None; the seed id) of a free-text source."""
    match = _SEED.search(text)
    if not match or match.group(1) not in _documents():
        return None, None
    document = _documents()[match.group(1)]
    title = localized(document["title"], lang)
    line = _LINE.search(text[match.end() :])
    section = _section(document, int(line.group(1)), lang) if line else None
    return (f"{title}, {section}" if section else title), match.group(1)


def cite(source: Any, lang: str | None = None, verified: bool | None = None) -> Citation:
    """A content entry's source as a :class:`Citation` (``verified`` overrides the guess)."""
    if isinstance(source, Mapping):
        official = source.get("official")
        seed_text = str(source.get("seed") or source.get("digest") or "")
        if source.get("seed") and source.get("lines"):
            seed_text = f"{source['seed']}, lines {source['lines']}"
        detail = "; ".join(
            str(part)
            for part in (
                official,
                f"{source['seed']}, lines {source['lines']}"
                if source.get("seed") and source.get("lines")
                else source.get("seed"),
                f"digest {source['digest']}" if source.get("digest") else None,
                source.get("note"),
            )
            if part
        )
        texts = []
        named = _document_text(source, lang)
        if named:
            texts.append(named)
            entry = _official()[str(source["document"])]
            detail = "; ".join(part for part in (localized(entry["title"], "en"), detail) if part)
        if official:
            texts.append(_official_text(str(official), lang) or str(official))
        document, _seed = _from_text(seed_text, lang)
        if document:
            texts.append(document)
        note = str(source.get("note", ""))
        guessed = bool(texts) and not _UNVERIFIED.search(note)
        text = "; ".join(texts) if texts else _("not stated in the source documents")
        return Citation(text, detail, guessed if verified is None else verified)
    raw = str(source or "").strip()
    if not raw:
        return Citation(_("not stated in the source documents"), "", False)
    document, _seed = _from_text(raw, lang)
    if document:
        # keep only the part before any free-text remark for the learner
        return Citation(
            document, raw, (not _UNVERIFIED.search(raw)) if verified is None else verified
        )
    # an official text or a public standard, named in words
    official = _official_text(raw, lang)
    if official:
        return Citation(official, raw, True if verified is None else verified)
    unverified = bool(_UNVERIFIED.search(raw))
    text = _("not stated in the source documents") if unverified else raw
    return Citation(text, raw, (not unverified) if verified is None else verified)


def cite_text(source: Any, lang: str | None = None) -> str:
    return cite(source, lang).render_text()
