"""Law packs: one validated YAML file per jurisdiction under ``simsuite/law/packs/``.

A pack carries the articles (elements, parts, penalties, sources, ``verified`` flags) and the
rules of qualification (child rule, absorption, cumulation, competition, neighbouring crimes),
each rule keyed by a condition id the engine understands (see ``CONDITIONS``). An academy adds
its country by writing a YAML file; ``load_pack`` validates it against
``schemas/law-pack.schema.json`` and checks the cross-references.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import _
from simsuite.yamlio import load_given, load_shipped

#: Condition ids a rule's ``when`` may use (documented in docs/law-packs.md).
CONDITIONS = (
    "always",
    "child_victim",
    "consent_given",
    "independent_travel",
    "vulnerability_without_proven_abuse",
    "unreal_threat",
    "illegal_border_crossing",
    "exploitation_occurred",
    "prostitution_without_means",
    "crossing_without_purpose",
    "ransom_without_purpose",
    "labour_relation_without_trafficking",
    "not_trafficking",
    "abduction_for_marriage",
    "marriage_without_means",
    "forced_criminality",
    "consent_withdrawn",
    "means_without_act",
)
#: ``means_used:<means id>`` is also allowed (absorption of the means into trafficking), and
#: ``means_not_in_pack:<means id>`` (a means the facts prove that this law does not list).
MEANS_PREFIX = "means_used:"
FOREIGN_MEANS_PREFIX = "means_not_in_pack:"
#: ``not:<condition>`` negates a condition.
NOT_PREFIX = "not:"


def known_condition(condition: str) -> bool:
    condition = condition.removeprefix(NOT_PREFIX)
    return (
        condition in CONDITIONS
        or condition.startswith(MEANS_PREFIX)
        or condition.startswith(FOREIGN_MEANS_PREFIX)
    )


@dataclass(frozen=True)
class Article:
    id: str
    number: str | None
    kind: str
    title: Mapping[str, str]
    parts: tuple[Mapping[str, Any], ...]
    penalty: Mapping[str, Any] | None
    source: Mapping[str, Any]
    verified: bool
    note: str | None
    elements: Mapping[str, str] | None
    #: aggravating features the sources neither confirm nor exclude: feature -> note per language
    unverified_features: Mapping[str, Mapping[str, str]] = None  # type: ignore[assignment]

    def ref(self) -> dict[str, Any]:
        """Compact reference for verdicts."""
        return {
            "id": self.id,
            "number": self.number,
            "title": dict(self.title),
            "verified": self.verified,
            "source": dict(self.source),
        }


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    when: tuple[str, ...]  # every condition must hold
    text: Mapping[str, str]
    source: Mapping[str, Any]
    verified: bool
    article: str | None = None
    also: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class LawPack:
    id: str
    name: Mapping[str, str]
    instrument: Mapping[str, str]
    territory: str | None
    child_age: int
    subject_min_age: int | None
    acts: frozenset[str]
    means: frozenset[str]
    purposes: frozenset[str]
    child_means_required: bool
    definition_source: Mapping[str, Any]
    trafficking_article: str
    child_trafficking_article: str | None
    articles: Mapping[str, Article]
    rules: tuple[Rule, ...]
    raw: Mapping[str, Any]

    def rules_of(self, kind: str) -> tuple[Rule, ...]:
        return self._by_kind.get(kind, ())

    def rule_when(self, condition: str) -> Rule | None:
        """The first rule whose only condition is ``condition``."""
        return self._by_condition.get(condition)

    @cached_property
    def _by_kind(self) -> dict[str, tuple[Rule, ...]]:
        kinds: dict[str, list[Rule]] = {}
        for rule in self.rules:
            kinds.setdefault(rule.kind, []).append(rule)
        return {kind: tuple(rules) for kind, rules in kinds.items()}

    @cached_property
    def _by_condition(self) -> dict[str, Rule]:
        found: dict[str, Rule] = {}
        for rule in self.rules:
            if len(rule.when) == 1:
                found.setdefault(rule.when[0], rule)
        return found

    def unverified(self) -> list[str]:
        """Ids of everything flagged ``verified: false`` (for reports and docs)."""
        found = [f"article {a.id}" for a in self.articles.values() if not a.verified]
        for article in self.articles.values():
            for part in article.parts:
                if not part.get("verified", False):
                    label = f"article {article.id} part {part.get('part')}"
                    if part.get("point"):
                        label += f" point {part['point']}"
                    found.append(label)
        found += [f"rule {r.id}" for r in self.rules if not r.verified]
        return found


@cache
def pack_schema() -> Mapping[str, Any]:
    text = resources.files("simsuite.law").joinpath("schemas", "law-pack.schema.json")
    return json.loads(text.read_text("utf-8"))


def _pack_files() -> dict[str, Any]:
    folder = resources.files("simsuite.law").joinpath("packs")
    return {
        entry.name[: -len(".yaml")].upper(): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def available_jurisdictions() -> tuple[str, ...]:
    return tuple(sorted(_pack_files()))


@cache
def load_pack(jurisdiction: str) -> LawPack:
    """The validated pack for a jurisdiction code (``KG``, ``AZ``, ``UZ``, ``PALERMO``)."""
    files = _pack_files()
    code = jurisdiction.upper() if isinstance(jurisdiction, str) else jurisdiction
    if code not in files:
        raise UserInputError(
            _("unknown jurisdiction {code!r}.").format(code=jurisdiction),
            where="--jurisdiction",
            allowed=", ".join(sorted(files)),
        )
    entry = files[code]
    # Shipped packs are schema-checked by the test suite (tests/law/test_packs.py), so the
    # run-time load skips jsonschema, whose import alone costs about two seconds: that is the
    # price of every graded notebook's kernel otherwise.
    return parse_pack(
        load_shipped(entry.read_text("utf-8")), where=f"law pack {entry.name}", validate=False
    )


def load_pack_file(path: str | Path) -> LawPack:
    """Validate a pack file outside the package (an academy's own country)."""
    path = Path(path)
    try:
        data = load_given(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(str(error), where=str(path)) from None
    return parse_pack(data, where=str(path))


def schema_errors(data: Any) -> list:
    """Schema violations of a pack, first by location."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(pack_schema())
    return sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))


def parse_pack(data: Any, where: str, validate: bool = True) -> LawPack:
    errors = schema_errors(data) if validate else []
    if errors:
        error = errors[0]
        location = ".".join(str(p) for p in error.path) or "(top level)"
        allowed = None
        if error.validator == "enum":
            allowed = ", ".join(map(str, error.validator_value))
        raise ContentError(error.message, where=f"{where}: {location}", allowed=allowed)
    articles = {
        str(a["id"]): Article(
            id=str(a["id"]),
            number=a.get("number"),
            kind=a["kind"],
            title=a["title"],
            parts=tuple(a.get("parts", [])),
            penalty=a.get("penalty"),
            source=a["source"],
            verified=a["verified"],
            note=a.get("note"),
            elements=a.get("elements"),
            unverified_features={f["feature"]: f["note"] for f in a.get("unverified_features", [])},
        )
        for a in data["articles"]
    }
    rules = tuple(
        Rule(
            id=r["id"],
            kind=r["kind"],
            when=(r["when"],) if isinstance(r["when"], str) else tuple(r["when"]),
            text=r["text"],
            source=r["source"],
            verified=r["verified"],
            article=r.get("article"),
            also=tuple(r.get("also", [])),
            note=r.get("note"),
        )
        for r in data["rules"]
    )
    for index, rule in enumerate(rules):
        for condition in rule.when:
            if not known_condition(condition):
                raise ContentError(
                    f"unknown condition {condition!r}",
                    where=f"{where}: rules.{index}.when",
                    allowed=", ".join(CONDITIONS)
                    + f", {MEANS_PREFIX}<means>, {FOREIGN_MEANS_PREFIX}<means>, {NOT_PREFIX}…",
                )
        for ref in (rule.article, *rule.also):
            if ref is not None and ref not in articles:
                raise ContentError(
                    f"rule {rule.id!r} refers to article {ref!r}, which the pack does not define",
                    where=f"{where}: rules.{index}",
                    allowed=", ".join(articles),
                )
    offences = data["offences"]
    for key in ("trafficking", "child_trafficking"):
        ref = offences.get(key)
        if ref is not None and ref not in articles:
            raise ContentError(
                f"offences.{key} refers to article {ref!r}, which the pack does not define",
                where=f"{where}: offences.{key}",
                allowed=", ".join(articles),
            )
    definition = data["definition"]
    return LawPack(
        id=data["id"],
        name=data["name"],
        instrument=data["instrument"],
        territory=data.get("territory"),
        child_age=data["child_age"]["value"],
        subject_min_age=data["subject_min_age"]["value"],
        acts=frozenset(definition["acts"]),
        means=frozenset(definition["means"]),
        purposes=frozenset(definition["purposes"]),
        child_means_required=definition["child_means_required"],
        definition_source=definition["source"],
        trafficking_article=offences["trafficking"],
        child_trafficking_article=offences.get("child_trafficking"),
        articles=articles,
        rules=rules,
        raw=data,
    )
