"""The answer options of a qualification exercise, read from a jurisdiction's law pack.

A read-only view over :class:`simsuite.law.LawPack`: which articles a trainee may name as the
trafficking charge (with their parts), which offences may be ticked as absorbed or cumulative,
and which may be named as the neighbouring offence. Everything comes from the pack, so an
academy's own pack gives its own options without code; nothing here changes the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from simsuite.i18n import _, localized
from simsuite.law import load_pack
from simsuite.law.engine import OffenceRef

#: Article kinds a trafficking charge can be brought under.
TRAFFICKING_KINDS = ("trafficking", "child_trafficking")
#: Article kinds that are offences besides trafficking (candidates to absorb or to cumulate).
OFFENCE_KINDS = ("neighbour",)
#: Article kinds a case that is not trafficking may be instead.
NEIGHBOUR_KINDS = ("neighbour", "non_criminal")


def part_key(part: str | None, point: str | None) -> str | None:
    """One text for part and point as the pack numbers them: ``"1"``, ``"2(5)"``."""
    if part is None:
        return None
    return f"{part}({point})" if point else str(part)


@dataclass(frozen=True)
class PartOption:
    key: str  # part_key(part, point)
    part: str
    point: str | None
    label: Mapping[str, str]
    verified: bool
    source: Mapping[str, object]


@dataclass(frozen=True)
class ArticleOption:
    pack: str
    id: str
    number: str | None
    kind: str
    title: Mapping[str, str]
    verified: bool
    source: Mapping[str, object]
    parts: tuple[PartOption, ...] = ()
    code: Mapping[str, str] | None = None  # the instrument's abbreviation ("УК КР")

    def short(self, lang: str | None = None, part: PartOption | None = None) -> str:
        """The engine's own citation ("Art. 166(2)(5)", "ст. 166 ч. 2 п. 5"); an article
        without a number is named by its description."""
        if self.number is None:
            return localized(self.title, lang)
        ref = OffenceRef(
            pack=self.pack,
            article=self.id,
            number=self.number,
            title=self.title,
            verified=self.verified,
            part=part.part if part else None,
            point=part.point if part else None,
            code=self.code,
        )
        return ref.label(lang or "en")

    def text(self, lang: str | None = None) -> str:
        """Option label: citation and title."""
        if self.number is None:
            return localized(self.title, lang)
        return _("{article} — {title}").format(
            article=self.short(lang), title=localized(self.title, lang)
        )

    def part_text(self, part: PartOption, lang: str | None = None) -> str:
        return _("{article} — {label}").format(
            article=self.short(lang, part), label=localized(part.label, lang)
        )

    def part(self, key: str) -> PartOption | None:
        return next((p for p in self.parts if p.key == key), None)


@dataclass(frozen=True)
class PackOptions:
    """What a trainee may choose from, for one jurisdiction."""

    jurisdiction: str
    name: Mapping[str, str]
    articles: tuple[ArticleOption, ...]  # the trafficking charge
    offences: tuple[ArticleOption, ...]  # absorbed / cumulative checkboxes
    neighbours: tuple[ArticleOption, ...]  # the neighbouring offence
    has_absorption: bool
    has_cumulation: bool
    by_id: Mapping[str, ArticleOption]

    def article(self, article_id: str) -> ArticleOption:
        return self.by_id[article_id]

    def parts_of(self, article_id: str | None) -> tuple[PartOption, ...]:
        if article_id is None or article_id not in self.by_id:
            return ()
        return self.by_id[article_id].parts

    @property
    def has_parts(self) -> bool:
        return any(article.parts for article in self.articles)


@cache
def pack_options(jurisdiction: str) -> PackOptions:
    """The options of a shipped (or academy-added) pack, in the pack's own order."""
    pack = load_pack(jurisdiction)
    by_id: dict[str, ArticleOption] = {}
    for article in pack.articles.values():
        parts = tuple(
            PartOption(
                key=part_key(str(p["part"]), p.get("point")) or "",
                part=str(p["part"]),
                point=str(p["point"]) if p.get("point") is not None else None,
                label=p["label"],
                verified=bool(p.get("verified", False)),
                source=p.get("source", article.source),  # as the engine cites a part
            )
            for p in article.parts
            if p.get("part") is not None
        )
        by_id[article.id] = ArticleOption(
            pack=pack.id,
            id=article.id,
            number=article.number,
            kind=article.kind,
            title=article.title,
            verified=article.verified,
            source=article.source,
            parts=parts,
            code=pack.raw.get("abbreviation"),
        )
    absorption = {r.article for r in pack.rules_of("absorption") if r.article}
    cumulation = {r.article for r in pack.rules_of("cumulation") if r.article}
    neighbour_rules = {r.article for r in pack.rules_of("neighbour") if r.article}
    # A rule may name an article of another kind; it must still be on offer.
    charged = {pack.trafficking_article, pack.child_trafficking_article}
    articles = tuple(a for a in by_id.values() if a.kind in TRAFFICKING_KINDS or a.id in charged)
    offences = tuple(
        a
        for a in by_id.values()
        if a not in articles and (a.kind in OFFENCE_KINDS or a.id in absorption | cumulation)
    )
    neighbours = tuple(
        a
        for a in by_id.values()
        if a not in articles and (a.kind in NEIGHBOUR_KINDS or a.id in neighbour_rules)
    )
    return PackOptions(
        jurisdiction=pack.id,
        name=pack.name,
        articles=articles,
        offences=offences,
        neighbours=neighbours,
        has_absorption=bool(absorption),
        has_cumulation=bool(cumulation),
        by_id=by_id,
    )
