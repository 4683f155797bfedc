"""Assess the response: rate a fictional country's counter-trafficking coordination against the
IOM needs assessment's indicators (rows 5.1-5.5, framework and operational, Level 1 and Level 2)
and rank recommendations.

A profile is generated from parameters (how mature the country's coordination is) and a seed:
for each indicator row the level its law and policy reach (framework) and the level its practice
reaches (operational), each stated as a finding; two further areas of the report (labour
inspection, the reflection period) with a gap or without.

Score = 0.6 x ratings + 0.4 x ranking.

* Ratings: each row's framework and operational level; the key's level earns 1, one level off
  earns 0.5.
* Ranking: every pair of recommendations the key orders (a missing foundation, where the profile
  shows nothing yet, before taking a working arrangement further, where Level 1 is met but not
  Level 2, before what is already in place) earns its share when the learner puts them in that
  order; pairs the key leaves tied do not count.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.elements.activity import ElementItem
from simsuite.activities.identification.evaluate import Evaluation
from simsuite.content import package_yaml, schema_checked
from simsuite.content.sources import cite
from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import N_, _, language, localized

PACKAGE = "simsuite.activities.needs_assessment"
LEVEL_IDS = ("none", "level_1", "level_2")
DIMENSIONS = ("framework", "operational")
RATING_WEIGHT = 0.6
MATURITY = {  # chances of level 0, 1, 2 per row; chance of a gap in a further area
    "low": ((0.45, 0.4, 0.15), 0.75),
    "mixed": ((1 / 3, 1 / 3, 1 / 3), 0.5),
    "high": ((0.15, 0.4, 0.45), 0.25),
}
TIER_NAMES = {
    0: N_("a missing foundation (nothing there yet)"),
    1: N_("taking a working arrangement further (Level 1 met, Level 2 not)"),
    2: N_("already in place"),
}


@cache
def content() -> Mapping[str, Any]:
    where = "needs_assessment/data/assessment.yaml"
    data = schema_checked(
        package_yaml(PACKAGE, "data", "assessment.yaml"), PACKAGE, "data/schema.json", "file",
        where,
    )
    rows = {r["id"] for r in data["rows"]}
    areas = {a["id"] for a in data["areas"]}
    ids = [r["id"] for r in data["recommendations"]]
    if len(ids) != len(set(ids)) or len(rows | areas) != len(data["rows"]) + len(data["areas"]):
        raise ContentError(_("Ids must be unique."), where=where)
    for rec in data["recommendations"]:
        place, dimension, _level = rec["target"]
        ok = (place in rows and dimension in DIMENSIONS) or (
            place in areas and dimension == "practice"
        )
        if not ok:
            raise ContentError(
                _("The target names no row dimension or area of this file."),
                where=f"{where}: recommendations/{rec['id']}",
                allowed=", ".join(sorted(rows | areas)),
            )
    return data


def rating_field(dimension: str, row: str) -> str:
    return f"{dimension}_{row.replace('.', '_')}"


@dataclass(frozen=True)
class PublicProfile:
    case_id: str
    lang: str
    country: str
    findings: tuple[tuple[str, str, tuple[str, ...]], ...]  # id, theme, finding texts
    indicators: tuple[tuple[str, str, tuple[str, str], tuple[str, str]], ...]
    recommendations: tuple[tuple[str, str], ...]  # in the order shown
    levels: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProfileKey:
    case_id: str
    lang: str
    reached: dict[str, tuple[int, int]]  # row -> (framework, operational)
    gaps: dict[str, bool]  # further area -> gap?
    evidence: dict[str, str]  # rating field -> the finding
    tiers: dict[str, int]  # recommendation -> 0 foundation, 1 further, 2 in place


def _fill(text: Mapping[str, str], lang: str, values: Mapping[str, Any]) -> str:
    return localized(text, lang).format(**values)


def _tier(rec: Mapping[str, Any], reached: Mapping[str, tuple[int, int]],
          gaps: Mapping[str, bool]) -> int:
    place, dimension, level = rec["target"]
    if dimension == "practice":
        current = 0 if gaps[place] else 1
    else:
        current = reached[place][DIMENSIONS.index(dimension)]
    if current >= level:
        return 2
    # nothing there yet: the recommendation lays the foundation, whatever level it aims at
    return 0 if current == 0 else 1


class NeedsAssessmentType(ExerciseType):
    name = "needs_assessment"
    title = N_("Assess the response")
    summary = N_(
        "Rate a country's counter-trafficking coordination against the framework and "
        "operational indicators of the IOM needs assessment, then rank the recommendations."
    )
    competencies = ("coordination",)
    app_notebook = "62_assess_the_response.ipynb"
    default_params = {"maturity": "mixed", "recommendations": 5}

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = super().check_params(params)
        if params["maturity"] not in MATURITY:
            raise UserInputError(
                _("Unknown maturity {value!r}.").format(value=params["maturity"]),
                where="params.maturity", allowed=", ".join(MATURITY),
            )
        count = params["recommendations"]
        if isinstance(count, bool) or not isinstance(count, int) or not 3 <= count <= 7:
            raise UserInputError(
                _("recommendations must be a whole number from 3 to 7."),
                where="params.recommendations", allowed="3 … 7",
            )
        return params

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        data = content()
        rng = random.Random(f"needs-assessment|{seed}|{params['maturity']}|"
                            f"{params['recommendations']}")
        weights, gap_chance = MATURITY[params["maturity"]]
        count = params["recommendations"]
        for _attempt in range(100):
            reached = {}
            for row in data["rows"]:
                framework = rng.choices((0, 1, 2), weights)[0]
                operational = rng.choices((0, 1, 2), weights)[0]
                requires = row.get("requires", {})
                # Level 2 includes Level 1: it needs what either level needs
                while operational and framework < max(
                    requires.get(f"operational_{level}", 0) for level in range(1, operational + 1)
                ):
                    operational -= 1
                reached[row["id"]] = (framework, operational)
            gaps = {area["id"]: rng.random() < gap_chance for area in data["areas"]}
            tiers = {r["id"]: _tier(r, reached, gaps) for r in data["recommendations"]}
            needed = [r for r, t in tiers.items() if t < 2]
            in_place = [r for r, t in tiers.items() if t == 2]
            if len(needed) >= 2 and in_place:
                break
        picked = rng.sample(needed, min(len(needed), count - 1)) + rng.sample(in_place, 1)
        if len(picked) < count:
            rest = [r for r in tiers if r not in picked]
            picked += rng.sample(rest, count - len(picked))
        rng.shuffle(picked)
        country = rng.choice(data["countries"])
        year = rng.randint(2015, 2020)
        with language(lang):
            name = localized(country["name"], lang)
            where = localized(country["in"], lang)
            values = {
                "country": name, "Country": name[:1].upper() + name[1:],
                "country_in": where, "Country_in": where[:1].upper() + where[1:],
                "year": year, "year_sop": year + rng.randint(1, 3),
                "n_returned": rng.choice((12, 15, 17, 18, 26)),
            }
            findings, evidence = [], {}
            for row in data["rows"]:
                texts = []
                for index, dimension in enumerate(DIMENSIONS):
                    text = _fill(row["findings"][dimension][reached[row["id"]][index]], lang,
                                 values)
                    texts.append(text)
                    evidence[rating_field(dimension, row["id"])] = text
                findings.append((row["id"], localized(row["theme"], lang), tuple(texts)))
            for area in data["areas"]:
                text = _fill(area["findings"][0 if gaps[area["id"]] else 1], lang, values)
                findings.append((area["id"], localized(area["theme"], lang), (text,)))
            recs = {r["id"]: r for r in data["recommendations"]}
            public = PublicProfile(
                case_id=f"NA-{seed}",
                lang=lang,
                country=name,
                findings=tuple(findings),
                indicators=tuple(
                    (
                        row["id"],
                        localized(row["theme"], lang),
                        tuple(localized(t, lang) for t in row["framework"]),
                        tuple(localized(t, lang) for t in row["operational"]),
                    )
                    for row in data["rows"]
                ),
                recommendations=tuple((r, localized(recs[r]["text"], lang)) for r in picked),
                levels=tuple((lv["id"], localized(lv["label"], lang)) for lv in data["levels"]),
            )
            key = ProfileKey(
                case_id=public.case_id,
                lang=lang,
                reached=reached,
                gaps=gaps,
                evidence=evidence,
                tiers={r: tiers[r] for r in picked},
            )
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicProfile) -> tuple[AnswerField, ...]:
        with language(public.lang):
            fields = []
            for row, theme, _framework, _operational in public.indicators:
                for dimension, name in (("framework", _("framework indicators")),
                                        ("operational", _("operational indicators"))):
                    fields.append(
                        AnswerField(
                            rating_field(dimension, row), "choice",
                            _("{row} {theme}: {dimension}").format(row=row, theme=theme,
                                                                    dimension=name),
                            public.levels, required=False,
                        )
                    )
            fields.append(
                AnswerField("ranking", "order", _("The recommendations, most urgent first"),
                            public.recommendations, required=False)
            )
        return tuple(fields)

    def answer_groups(self, public: PublicProfile) -> tuple[tuple[str, ...], ...]:
        ratings = tuple(rating_field(d, row) for row, *_rest in public.indicators
                        for d in DIMENSIONS)
        return (ratings, ("ranking",))

    def _parse(self, key: ProfileKey, answer: Mapping[str, Any]):
        ratings = {}
        for row in key.reached:
            for dimension in DIMENSIONS:
                field = rating_field(dimension, row)
                value = answer.get(field)
                if value is not None and value not in LEVEL_IDS:
                    raise UserInputError(
                        _("{value!r} is not one of the options.").format(value=value),
                        where=field, allowed=", ".join(LEVEL_IDS),
                    )
                ratings[field] = value
        ranking = answer.get("ranking")
        if ranking is not None:
            expected = sorted(key.tiers)
            if (isinstance(ranking, str | bytes) or not isinstance(ranking, Sequence)
                    or sorted(map(str, ranking)) != expected
                    or not all(isinstance(r, str) for r in ranking)):
                raise UserInputError(
                    _("Put every recommendation in the list exactly once, got {value!r}.").format(
                        value=ranking),
                    where="ranking", allowed=", ".join(expected),
                )
            ranking = list(ranking)
        return ratings, ranking

    def evaluate(self, key: ProfileKey, answer: Mapping[str, Any], lang: str) -> Evaluation:
        data = content()
        ratings, ranking = self._parse(key, answer)
        rows = {r["id"]: r for r in data["rows"]}
        recs = {r["id"]: r for r in data["recommendations"]}
        with language(lang):
            if ranking is None and all(v is None for v in ratings.values()):
                return Evaluation(0.0, (), blank=True,
                                  summary=_("Nothing answered yet: rate the indicators and rank "
                                            "the recommendations."))
            items, sources = [], []
            level_names = {lv["id"]: localized(lv["label"], lang) for lv in data["levels"]}
            credits = []
            for row_id, reached in key.reached.items():
                row = rows[row_id]
                for index, dimension in enumerate(DIMENSIONS):
                    field = rating_field(dimension, row_id)
                    right = reached[index]
                    given = ratings[field]
                    credit = 0.0
                    if given is not None:
                        gap = abs(LEVEL_IDS.index(given) - right)
                        credit = 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0
                    credits.append(credit)
                    outcome = ("missing" if given is None else "right" if credit == 1
                               else "partly" if credit else "wrong")
                    if right:
                        meaning = localized(row[dimension][right - 1], lang)
                        why = _("{level}: {meaning} The profile: {finding}").format(
                            level=level_names[LEVEL_IDS[right]], meaning=meaning,
                            finding=key.evidence[field])
                    else:
                        why = _("Neither level: not even Level 1 ({meaning}) is met. The "
                                "profile: {finding}").format(
                            meaning=localized(row[dimension][0], lang).rstrip("."),
                            finding=key.evidence[field])
                    dim_name = _("framework") if dimension == "framework" else _("operational")
                    label = f"{row_id} {localized(row['theme'], lang)}: {dim_name}"
                    items.append(ElementItem(field, outcome, label, why, credit))
                sources.append(row["source"])
            rating_credit = sum(credits) / len(credits)
            pairs = [(a, b) for a, b in itertools.permutations(key.tiers, 2)
                     if key.tiers[a] < key.tiers[b]]
            order = "; ".join(
                "{tier}: {recs}".format(
                    tier=_(TIER_NAMES[tier]),
                    recs=", ".join(localized(recs[r]["text"], lang).rstrip(".")
                                   for r in key.tiers if key.tiers[r] == tier))
                for tier in sorted(set(key.tiers.values()))
            )
            if ranking is None:
                rank_credit, outcome = 0.0, "missing"
                why = _("In order: {order}.").format(order=order)
            else:
                place = {r: i for i, r in enumerate(ranking)}
                right_pairs = [p for p in pairs if place[p[0]] < place[p[1]]]
                rank_credit = len(right_pairs) / len(pairs) if pairs else 1.0
                outcome = "right" if rank_credit == 1 else "partly" if rank_credit else "wrong"
                why = _("In order: {order}.").format(order=order)
                wrong = [p for p in pairs if p not in right_pairs]
                if wrong:
                    first, second = wrong[0]
                    why += " " + _("For example, “{a}” comes before “{b}”.").format(
                        a=localized(recs[first]["text"], lang).rstrip("."),
                        b=localized(recs[second]["text"], lang).rstrip("."))
            items.append(ElementItem("ranking", outcome, _("Ranking of the recommendations"),
                                     why, rank_credit))
            sources += [recs[r]["source"] for r in key.tiers] + [data["ranking_rule"]["source"]]
            citations = []
            for raw in sources:
                citation = cite(raw, lang)
                if citation not in citations:
                    citations.append(citation)
            score = RATING_WEIGHT * rating_credit + (1 - RATING_WEIGHT) * rank_credit
            summary = _("The report's own tables lost the marks of which indicators Azerbaijan "
                        "met; this profile is generated, and its findings decide the levels.")
        return Evaluation(round(score, 6), tuple(items), summary=summary,
                          sources=tuple(citations))

    def solution(self, key: ProfileKey) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for row, reached in key.reached.items():
            for index, dimension in enumerate(DIMENSIONS):
                answer[rating_field(dimension, row)] = LEVEL_IDS[reached[index]]
        answer["ranking"] = sorted(key.tiers, key=lambda r: (key.tiers[r], r))
        return answer

    def app_markdown(self, public: PublicProfile, lang: str) -> str:
        """The profile and the indicators; the recommendations are in the ranking control."""
        return self.public_markdown(public, lang, with_options=False)

    def public_markdown(self, public: PublicProfile, lang: str, with_options: bool = True) -> str:
        with language(lang):
            blocks = [
                "## " + _("The country profile"),
                _("A needs assessment of the counter-trafficking response of {country} "
                  "(a fictional country) found the following.").format(country=public.country),
            ]
            for _id, theme, texts in public.findings:
                blocks.append(f"**{theme}.** " + " ".join(texts))
            blocks.append("## " + _("The indicators"))
            blocks.append(_("Framework indicators describe law and policy on paper; operational "
                            "indicators describe practice. Level 2 is the more advanced stage "
                            "and includes Level 1."))
            names = (_("Framework, Level 1"), _("Framework, Level 2"),
                     _("Operational, Level 1"), _("Operational, Level 2"))
            for row, theme, framework, operational in public.indicators:
                lines = [f"**{row} {theme}**"]
                lines += [f"- {name}: {text}"
                          for name, text in zip(names, (*framework, *operational), strict=True)]
                blocks.append("\n".join(lines))
            if with_options:
                blocks.append("## " + _("The recommendations to rank"))
                blocks.append("\n".join(f"- `{r}`: {text}"
                                        for r, text in public.recommendations))
                scale = ", ".join(f"`{lv}` ({label})" for lv, label in public.levels)
                blocks.append(_("For each `framework_…` and `operational_…` answer, give one "
                                "of: {scale}.").format(scale=scale))
            return "\n\n".join(blocks)

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own country profile. Run the cell below to see yours. For "
            "each indicator row, say which level the country's law and policy reach (framework) "
            "and which level its practice reaches (operational); then put the recommendations in "
            "order, most urgent first. Run the check: it tells you whether the answer is in the "
            "right form, never whether it is right."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.widgets.form_app import ExerciseApp

        return ExerciseApp(self, seed=seed, lang=lang, **params)


TYPE = NeedsAssessmentType()
