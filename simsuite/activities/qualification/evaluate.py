"""The one scoring rule for legal-qualification answers.

The key is the qualification engine's verdict on the case facts (:mod:`simsuite.law.engine`);
the options are the law pack's (:mod:`simsuite.activities.qualification.options`).
Components and weights:

==========================  ======  ==========================================================
component                   weight  credit (0..1)
==========================  ======  ==========================================================
decision                    0.30    1 when "trafficking: yes/no" matches the verdict
article                     0.25    1 for the article the engine charges (trafficking only)
part                        0.15    1 for the right part/point *of the right article*
absorbed                    0.15    hits minus false alarms, floored at 0, over the offences
                                    absorbed; when none is absorbed, 1 minus the share of the
                                    options ticked (only within a "yes" decision)
cumulative                  0.15    the same, for the offences charged cumulatively
neighbouring offence        0.30    1 for the offence the pack's neighbour rule names (or an
                                    alternative the rule names with it); when no rule applies,
                                    1 for "none" (only within a "no" decision)
==========================  ======  ==========================================================

Only the components that apply are counted, and their weights are renormalized to sum to 1:
a trafficking case scores decision, article, part (when the pack's article has parts), absorbed
and cumulative (when the pack has absorption / cumulation rules); a case that is not trafficking
scores decision and neighbouring offence (0.5 each). So ticking every box earns nothing on a
set, leaving a set empty earns its credit only as part of a decision (otherwise doing nothing
would score), and an answer with nothing chosen is blank and scores zero.

Every miss is explained by quoting the engine's trace step, the pack rule behind it and its
source, and says when that source is flagged ``verified: false``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from simsuite.activities.identification.evaluate import Evaluation, ItemFeedback, ScorePart
from simsuite.activities.qualification.options import PackOptions, pack_options, part_key
from simsuite.content.sources import cite
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, available_languages, get_language, language, localized
from simsuite.law.engine import Step, Verdict
from simsuite.law.lawpack import Rule, load_pack

WEIGHTS: Mapping[str, float] = {
    "decision": 0.30,
    "article": 0.25,
    "part": 0.15,
    "absorbed": 0.15,
    "cumulative": 0.15,
    "neighbour": 0.30,
    "facts": 0.30,
}

# Outcome codes of one feedback item; the labels are translated when rendered.
OUTCOMES = {
    "right": N_("Right."),
    "wrong": N_("Not right."),
    "missing": N_("Not answered."),
    "hit": N_("Right."),
    "miss": N_("Missed."),
    "false_alarm": N_("Wrong on these facts."),
    "none_right": N_("Right: none on these facts."),
}
ERROR_OUTCOMES = frozenset({"wrong", "missing", "miss", "false_alarm"})

# Trace steps (by text key) that decide the three elements and the child rule.
_ELEMENT_KEYS = (
    "transport_dropped",
    "acts_found",
    "no_act",
    "purpose_not_in_pack",
    "purpose_found",
    "no_purpose",
    "means_not_in_pack",
    "abuse_not_proven",
    "threat_not_real",
    "child_rule",
    "child_means_required",
    "adult",
    "means_found",
    "no_means",
)
_AGE_KEYS = ("child_rule", "child_means_required", "adult")


def source_text(source: Mapping[str, object]) -> str:
    """A pack source as a learner reads it: document title and chapter, or the official text."""
    return cite(source).text


def _cite(source: Mapping[str, object], verified: bool) -> str:
    citation = cite(source, verified=verified and cite(source).verified)
    return _("[Source: {source}]").format(source=citation.render_text())


def quote_step(step: Step, lang: str, names: Mapping[str, str] | None = None) -> str:
    """A trace step as an expert would cite it: the finding, the rule, the source."""
    parts = [_("“{finding}”").format(finding=step.text(lang, names))]
    if step.explanation is not None:
        parts.append(_("Rule: {text}").format(text=localized(step.explanation, lang)))
    parts.append(_cite(step.source, step.verified))
    return " ".join(parts)


def quote_rule(rule: Rule, lang: str) -> str:
    return "{} {}".format(
        _("Rule: {text}").format(text=localized(rule.text, lang)), _cite(rule.source, rule.verified)
    )


def _is_blank_text(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_PREFIX = re.compile(r"^(?:art(?:icle)?\.?|ст(?:атья)?\.?)\s*", re.IGNORECASE)
_PART = re.compile(
    r"^(?:part\s*|ч\.?\s*)?(\d[\w-]*)\s*(?:(?:\(|\.|,?\s*(?:point|п\.?)\s*)\s*(\d[\w-]*)\s*\)?)?$",
    re.IGNORECASE,
)


def _article_text(value: object, where: str) -> str | None:
    if _is_blank_text(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise UserInputError(
            _("An article must be given as its number in quotes, got {value!r}.").format(
                value=value
            ),
            where=where,
            allowed=_("a text such as '166'"),
        )
    return _PREFIX.sub("", str(value).strip())


def _offence_set(value: object, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise UserInputError(
            _("The offences must be a set of article ids, got {value!r}.").format(value=value),
            where=where,
            allowed=_("a set such as {'139'}, or an empty set"),
        )
    ids = set()
    for item in value:
        text = _article_text(item, where)
        if text is not None:
            ids.add(text)
    return frozenset(ids)


def _decision(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"yes", "да", "true"}:
            return True
        if text in {"no", "нет", "false"}:
            return False
        if not text:
            return None
    raise UserInputError(
        _("The decision must be True (trafficking), False (not) or None, got {value!r}.").format(
            value=value
        ),
        where="is_trafficking",
        allowed="True, False, None",
    )


def _part(value: object) -> str | None:
    if _is_blank_text(value):
        return None
    if isinstance(value, tuple | list) and len(value) == 2:
        value = part_key(str(value[0]), None if value[1] is None else str(value[1]))
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise UserInputError(
            _("A part must be given as its number, got {value!r}.").format(value=value),
            where="part",
            allowed=_("a text such as '1' or '2(5)' (part 2, point 5)"),
        )
    match = _PART.match(str(value).strip())
    if match is None:
        raise UserInputError(
            _("Cannot read {value!r} as a part (and point).").format(value=value),
            where="part",
            allowed=_("a text such as '1' or '2(5)' (part 2, point 5)"),
        )
    return part_key(match.group(1), match.group(2))


def open_fact_categories() -> dict[str, Mapping[str, str]]:
    """What a trainee may name as "facts to establish" (the same list for every case)."""
    from simsuite.law.facts import vocabulary

    return dict(vocabulary()["open_fact_categories"])


def _open_decision(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise UserInputError(
        _("“Cannot be qualified yet” must be True, False or None, got {value!r}.").format(
            value=value
        ),
        where="qualification_open",
        allowed="True, False, None",
    )


def _categories(value: object) -> frozenset[str]:
    if value is None:
        return frozenset()
    allowed = open_fact_categories()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise UserInputError(
            _("The facts to establish must be a set of ids, got {value!r}.").format(value=value),
            where="facts_to_establish",
            allowed=", ".join(allowed),
        )
    chosen = frozenset(str(item) for item in value)
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise UserInputError(
            _("Not a fact to establish of the list: {ids}.").format(ids=", ".join(unknown)),
            where="facts_to_establish",
            allowed=", ".join(allowed),
        )
    return chosen


@dataclass(frozen=True)
class QualificationAnswer:
    """A trainee's qualification; ``None`` / empty means "not answered"."""

    is_trafficking: bool | None = None
    article: str | None = None
    part: str | None = None
    absorbed: frozenset[str] = frozenset()
    cumulative: frozenset[str] = frozenset()
    neighbour: str | None = None
    #: "the facts do not allow a qualification yet", with the facts to establish
    qualification_open: bool | None = None
    facts_to_establish: frozenset[str] = frozenset()

    @classmethod
    def parse(
        cls,
        is_trafficking: object = None,
        article: object = None,
        part: object = None,
        absorbed: object = None,
        cumulative: object = None,
        neighbour: object = None,
        qualification_open: object = None,
        facts_to_establish: object = None,
    ) -> QualificationAnswer:
        """Build an answer from loosely typed input ("Art. 166", 166, "2(5)", ("2", "5"), …)."""
        return cls(
            is_trafficking=_decision(is_trafficking),
            article=_article_text(article, "article"),
            part=_part(part),
            absorbed=_offence_set(absorbed, "absorbed"),
            cumulative=_offence_set(cumulative, "cumulative"),
            neighbour=_article_text(neighbour, "neighbour"),
            qualification_open=_open_decision(qualification_open),
            facts_to_establish=_categories(facts_to_establish),
        )

    @property
    def is_blank(self) -> bool:
        return (
            self.is_trafficking is None
            and self.article is None
            and self.part is None
            and not self.absorbed
            and not self.cumulative
            and self.neighbour is None
            and not self.qualification_open
            and not self.facts_to_establish
        )


@dataclass(frozen=True)
class QualificationKey:
    """The expert's qualification (the engine's verdict): never shipped in summative work."""

    jurisdiction: str
    is_trafficking: bool
    article: str | None = None  # article id in the pack
    part: str | None = None  # part_key(part, point), e.g. "2(5)"
    child_rule_applied: bool = False
    absorbed: frozenset[str] = frozenset()
    cumulative: frozenset[str] = frozenset()
    neighbour: str | None = None
    neighbour_alternatives: frozenset[str] = frozenset()  # named with it, e.g. 160 with 159
    trace: tuple[Step, ...] = ()
    summary: Mapping[str, str] = field(default_factory=dict)  # language -> verdict summary
    #: a fact that decides the qualification is not yet established
    is_open: bool = False
    to_establish: frozenset[str] = frozenset()  # categories of the facts to establish
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> id -> name

    def __post_init__(self) -> None:
        options = pack_options(self.jurisdiction)
        object.__setattr__(self, "jurisdiction", options.jurisdiction)
        named = [self.article, self.neighbour, *self.absorbed, *self.cumulative]
        unknown = sorted({a for a in named if a is not None and a not in options.by_id})
        if unknown:
            raise UserInputError(
                _("The key names articles the {code} pack does not define: {ids}.").format(
                    code=options.jurisdiction, ids=", ".join(unknown)
                ),
                where="key",
                allowed=", ".join(options.by_id),
            )
        if not self.is_open and self.is_trafficking != (self.article is not None):
            raise UserInputError(
                _("A trafficking key needs its article, and only a trafficking key has one."),
                where="key",
            )

    @classmethod
    def from_verdict(
        cls, verdict: Verdict, names: Mapping[str, Mapping[str, str]] | None = None
    ) -> QualificationKey:
        """The key for the engine's verdict; ``names`` (lang -> offender id -> name) lets the
        reasoning call people as the case does."""
        offence = verdict.offence
        options = pack_options(verdict.jurisdiction)
        names = dict(names or {})
        return cls(
            jurisdiction=verdict.jurisdiction,
            is_trafficking=bool(verdict.is_trafficking) and not verdict.is_open,
            is_open=verdict.is_open,
            to_establish=frozenset(fact.category for fact in verdict.to_establish()),
            names=names,
            article=offence.article if offence else None,
            part=part_key(offence.part, offence.point) if offence else None,
            child_rule_applied=verdict.child_rule_applied,
            absorbed=frozenset(ref.article for ref in verdict.absorbed),
            cumulative=frozenset(ref.article for ref in verdict.cumulative),
            neighbour=verdict.neighbour.article if verdict.neighbour else None,
            neighbour_alternatives=frozenset(
                ref.article
                for ref in verdict.neighbour_also
                if ref.article in {a.id for a in options.neighbours}
            ),
            trace=verdict.trace,
            summary={
                lang: verdict.summary(lang, names.get(lang)) for lang in available_languages()
            },
        )

    def perfect_answer(self) -> QualificationAnswer:
        if self.is_open:
            return QualificationAnswer(
                qualification_open=True, facts_to_establish=self.to_establish
            )
        return QualificationAnswer(
            is_trafficking=self.is_trafficking,
            article=self.article,
            part=self.part,
            absorbed=self.absorbed,
            cumulative=self.cumulative,
            neighbour=self.neighbour,
            qualification_open=False,
        )

    def summary_text(self, lang: str) -> str:
        return localized(self.summary, lang) if self.summary else ""

    def steps(self, *keys: str) -> tuple[Step, ...]:
        return tuple(step for step in self.trace if step.key in keys)

    def step_for(self, key: str, article_id: str) -> Step | None:
        """The trace step of ``key`` ("absorbed", "cumulative", "neighbour") for an article."""
        for step in self.trace:
            if step.key == key:
                ref = dict(step.params).get("offence")
                if getattr(ref, "article", None) == article_id:
                    return step
        return None


@dataclass(frozen=True)
class QualificationItem(ItemFeedback):
    """A feedback item with the qualification exercise's own outcome labels."""

    @property
    def is_error(self) -> bool:
        return self.outcome in ERROR_OUTCOMES

    def headline(self) -> str:
        return _(OUTCOMES[self.outcome])


@dataclass(frozen=True)
class QualificationEvaluation(Evaluation):
    """An :class:`Evaluation` plus the expert's reasoning, step by step with sources."""

    reasoning: tuple[str, ...] = ()
    credits: Mapping[str, float] = field(default_factory=dict)  # component -> credit 0..1

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["reasoning"] = list(self.reasoning)
        data["credits"] = dict(self.credits)
        return data

    def render_text(self) -> str:
        text = super().render_text()
        if not self.reasoning:
            return text
        steps = [f"{n}. {line}" for n, line in enumerate(self.reasoning, 1)]
        return "\n".join([text, _("The expert's reasoning:"), *steps])

    def render_html(self) -> str:
        if not self.reasoning:
            return super().render_html()
        steps = "".join(
            f'<li class="simsuite-step">{html.escape(line)}</li>' for line in self.reasoning
        )
        heading = html.escape(_("The expert's reasoning, step by step"))
        reasoning = f'<h4>{heading}</h4><ol class="simsuite-reasoning">{steps}</ol>'
        return super().render_html().removesuffix("</div>") + reasoning + "</div>"


def _check_answer(options: PackOptions, answer: QualificationAnswer) -> None:
    """Unknown ids are input errors naming what the pack allows (not wrong answers)."""
    allowed_articles = [a.id for a in options.articles]
    if answer.article is not None and answer.article not in allowed_articles:
        raise UserInputError(
            _("Not a trafficking article of the {code} pack: {value}.").format(
                code=options.jurisdiction, value=answer.article
            ),
            where="article",
            allowed=", ".join(allowed_articles),
        )
    if answer.part is not None:
        scope = options.parts_of(answer.article) if answer.article else ()
        if not answer.article:
            scope = tuple(p for a in options.articles for p in a.parts)
        allowed_parts = list(dict.fromkeys(p.key for p in scope))
        if answer.part not in allowed_parts:
            raise UserInputError(
                _("Not a part of the chosen article in the {code} pack: {value}.").format(
                    code=options.jurisdiction, value=answer.part
                ),
                where="part",
                allowed=", ".join(allowed_parts) or _("none (the article has no parts)"),
            )
    offence_ids = [a.id for a in options.offences]
    for name, chosen in (("absorbed", answer.absorbed), ("cumulative", answer.cumulative)):
        unknown = sorted(chosen - set(offence_ids))
        if unknown:
            raise UserInputError(
                _("Not an offence of the {code} pack: {ids}.").format(
                    code=options.jurisdiction, ids=", ".join(unknown)
                ),
                where=name,
                allowed=", ".join(offence_ids),
            )
    neighbour_ids = [a.id for a in options.neighbours]
    if answer.neighbour is not None and answer.neighbour not in neighbour_ids:
        raise UserInputError(
            _("Not a neighbouring offence of the {code} pack: {value}.").format(
                code=options.jurisdiction, value=answer.neighbour
            ),
            where="neighbour",
            allowed=", ".join(neighbour_ids),
        )


def _quotes(steps: Iterable[Step], lang: str, names: Mapping[str, str] | None = None) -> str:
    return " ".join(quote_step(step, lang, names) for step in steps)


def _explain(
    steps: tuple[Step, ...], fallback: str, lang: str, names: Mapping[str, str] | None = None
) -> str:
    """Quote the engine's trace; a key built without one falls back to the pack's own data."""
    return _quotes(steps, lang, names) if steps else fallback


def _cite_pack(text: str, source: Mapping[str, object], verified: bool) -> str:
    return "{} {}".format(_("“{finding}”").format(finding=text), _cite(source, verified))


def _rule_for(options: PackOptions, kind: str, article_id: str) -> Rule | None:
    for rule in load_pack(options.jurisdiction).rules_of(kind):
        if rule.article == article_id:
            return rule
    return None


def _set_items(
    kind: str,
    key: QualificationKey,
    answer: QualificationAnswer,
    options: PackOptions,
    lang: str,
) -> tuple[float, list[QualificationItem]]:
    """Absorbed or cumulative offences: hits minus false alarms, each item explained."""
    names = key.names.get(lang, {})
    expected = key.absorbed if kind == "absorbed" else key.cumulative
    ticked = answer.absorbed if kind == "absorbed" else answer.cumulative
    other_kind = "cumulative" if kind == "absorbed" else "absorbed"
    other = key.cumulative if kind == "absorbed" else key.absorbed
    rule_kind = "absorption" if kind == "absorbed" else "cumulation"
    items: list[QualificationItem] = []
    hits = false_alarms = 0
    for option in options.offences:
        name = option.short(lang)
        label = (
            _("Absorbed: {offence}") if kind == "absorbed" else _("Charged cumulatively: {offence}")
        ).format(offence=name)
        step = key.step_for(kind, option.id)
        if option.id in expected:
            if option.id in ticked:
                hits += 1
                why = step.text(lang) if step else ""
                items.append(QualificationItem(f"{kind}:{option.id}", "hit", label, why))
            else:
                rule = _rule_for(options, rule_kind, option.id)
                fallback = quote_rule(rule, lang) if rule else ""
                why = _explain((step,) if step else (), fallback, lang, names)
                items.append(QualificationItem(f"{kind}:{option.id}", "miss", label, why))
        elif option.id in ticked:
            false_alarms += 1
            other_step = key.step_for(other_kind, option.id)
            rule = _rule_for(options, rule_kind, option.id)
            if option.id in other:
                lead = (
                    _("{offence} is charged cumulatively, not absorbed.")
                    if kind == "absorbed"
                    else _("{offence} is absorbed, not charged cumulatively.")
                ).format(offence=name)
                other_rule = _rule_for(
                    options, "cumulation" if kind == "absorbed" else "absorption", option.id
                )
                fallback = quote_rule(other_rule, lang) if other_rule else ""
                steps = (other_step,) if other_step else ()
                why = f"{lead} {_explain(steps, fallback, lang, names)}".strip()
            elif rule is not None:
                why = "{} {}".format(
                    _("The pack's rule for {offence} does not apply on these facts.").format(
                        offence=name
                    ),
                    quote_rule(rule, lang),
                )
            elif kind == "absorbed":
                why = _(
                    "{offence} is not absorbed: nothing in the law makes it part of the "
                    "trafficking charge on these facts."
                ).format(offence=name)
            else:
                why = _("{offence} is not charged together with trafficking on these facts.")
                why = why.format(offence=name)
            items.append(QualificationItem(f"{kind}:{option.id}", "false_alarm", label, why))
    if expected:
        return max(0, hits - false_alarms) / len(expected), items
    heading = _("Absorbed offences") if kind == "absorbed" else _("Cumulative charges")
    nothing = (
        _("Nothing is absorbed on these facts.")
        if kind == "absorbed"
        else _("Nothing is charged cumulatively on these facts.")
    )
    if answer.is_trafficking is not True:
        # "none" is a legal conclusion only a trafficking qualification draws
        why = "{} {}".format(nothing, _("Say so as part of qualifying the case as trafficking."))
        return 0.0, [*items, QualificationItem(kind, "missing", heading, why)]
    credit = 1 - false_alarms / len(options.offences)
    if not false_alarms:
        items.append(QualificationItem(kind, "none_right", heading, nothing))
    return credit, items


def _evaluate_open(
    key: QualificationKey, answer: QualificationAnswer, lang: str, names: Mapping[str, str]
) -> QualificationEvaluation:
    """A case with a decisive fact not yet established: the answer is "cannot be qualified
    yet" with the facts to establish; what each outcome would make of the case is the why."""
    credits: dict[str, float] = {}
    items: list[QualificationItem] = []
    summary = key.summary_text(lang)
    if answer.qualification_open:
        outcome, credits["decision"] = "right", 1.0
        why = _("Right: a fact that decides the qualification is not yet established.")
    else:
        outcome = "missing" if answer.is_trafficking is None else "wrong"
        credits["decision"] = 0.0
        why = _(
            "It cannot be qualified yet: a fact that decides the qualification is not yet "
            "established, and qualifying now would guess it."
        )
    items.append(QualificationItem("decision", outcome, _("Can the case be qualified now?"), why))
    categories = open_fact_categories()
    hits = false_alarms = 0
    for category, label in categories.items():
        chosen, needed = category in answer.facts_to_establish, category in key.to_establish
        text = localized(label, lang)
        facts = [step for step in key.trace if step.key == "open_fact"]
        detail = " ".join(
            step.text(lang, names)
            for step in facts
            if dict(step.params)["fact"].category == category
        )
        if chosen and needed:
            hits += 1
            items.append(QualificationItem(f"facts:{category}", "hit", text, detail))
        elif needed:
            items.append(QualificationItem(f"facts:{category}", "miss", text, detail))
        elif chosen:
            false_alarms += 1
            items.append(
                QualificationItem(
                    f"facts:{category}",
                    "false_alarm",
                    text,
                    _("This is established, or does not change the qualification."),
                )
            )
    credits["facts"] = max(0, hits - false_alarms) / max(1, len(key.to_establish))
    total = sum(WEIGHTS[name] for name in credits)
    score = round(sum(WEIGHTS[name] * credit for name, credit in credits.items()) / total, 6)
    reasoning = tuple(quote_step(step, lang, names) for step in key.trace)
    breakdown = tuple(
        ScorePart(name, _(PART_LABELS[name]), WEIGHTS[name] / total, credit, _how(name, items))
        for name, credit in credits.items()
    )
    return QualificationEvaluation(
        score=score,
        items=tuple(items),
        summary=summary,
        reasoning=reasoning,
        credits=credits,
        breakdown=breakdown,
        sources=tuple(
            cite(step.source, lang, verified=step.verified and cite(step.source).verified)
            for step in key.trace
        ),
    )


def evaluate_qualification(
    key: QualificationKey, answer: QualificationAnswer, lang: str | None = None
) -> QualificationEvaluation:
    """Score a qualification against the engine's verdict, explaining every item."""
    lang = lang or get_language()
    with language(lang):
        return _evaluate(key, answer, lang)


def _evaluate(
    key: QualificationKey, answer: QualificationAnswer, lang: str
) -> QualificationEvaluation:
    options = pack_options(key.jurisdiction)
    _check_answer(options, answer)
    if answer.is_blank:
        return QualificationEvaluation(
            score=0.0,
            items=(),
            blank=True,
            summary=_("No answer was given: decide whether this is trafficking and qualify it."),
        )
    items: list[QualificationItem] = []
    credits: dict[str, float] = {}
    names = key.names.get(lang, {})
    if key.is_open:
        return _evaluate_open(key, answer, lang, names)

    # Decision: trafficking or not, explained by the element steps.
    verdict = _("Trafficking: yes.") if key.is_trafficking else _("Trafficking: no.")
    elements = key.steps(*_ELEMENT_KEYS)
    if answer.qualification_open:
        outcome, credits["decision"] = "wrong", 0.0
        verdict = "{} {}".format(
            _("The facts that decide the qualification are established: qualify the case."),
            verdict,
        )
    elif answer.is_trafficking is None:
        outcome, credits["decision"] = "missing", 0.0
    elif answer.is_trafficking == key.is_trafficking:
        outcome, credits["decision"] = "right", 1.0
    else:
        outcome, credits["decision"] = "wrong", 0.0
    why = verdict if outcome == "right" else f"{verdict} {_quotes(elements, lang, names)}".strip()
    items.append(QualificationItem("decision", outcome, _("Trafficking in persons?"), why))

    if key.is_trafficking:
        assert key.article is not None
        right = options.article(key.article)
        article_steps = (*key.steps(*_AGE_KEYS), *key.steps("article"))
        if answer.article == key.article:
            outcome, credits["article"] = "right", 1.0
            why = right.text(lang)
        else:
            outcome, credits["article"] = ("missing" if answer.article is None else "wrong"), 0.0
            lead = _("The charge is {right}.").format(right=right.text(lang))
            if answer.article is not None:
                lead = _("The charge is {right}, not {given}.").format(
                    right=right.text(lang), given=options.article(answer.article).short(lang)
                )
            fallback = _cite_pack(right.text(lang), right.source, right.verified)
            why = f"{lead} {_explain(article_steps, fallback, lang, names)}"
        items.append(QualificationItem("article", outcome, _("Article"), why))

        if key.part is not None:
            part_label = right.short(lang, right.part(key.part))
            if answer.part == key.part and answer.article == key.article:
                outcome, credits["part"] = "right", 1.0
                why = part_label
            else:
                outcome = "missing" if answer.part is None else "wrong"
                credits["part"] = 0.0
                lead = _("The part is {part}.").format(part=part_label)
                if answer.part == key.part:
                    lead += " " + _("A part counts only together with the right article.")
                part = right.part(key.part)
                fallback = (
                    _cite_pack(right.part_text(part, lang), part.source, part.verified)
                    if part
                    else ""
                )
                why = f"{lead} {_explain(key.steps('part'), fallback, lang, names)}".strip()
            items.append(QualificationItem("part", outcome, _("Part"), why))

        if options.has_absorption:
            credits["absorbed"], found = _set_items("absorbed", key, answer, options, lang)
            items += found
        if options.has_cumulation:
            credits["cumulative"], found = _set_items("cumulative", key, answer, options, lang)
            items += found
    else:
        alternatives = {key.neighbour, *key.neighbour_alternatives} - {None}
        label = _("Neighbouring offence")
        if key.neighbour is None:
            # "none" is a conclusion only a "not trafficking" decision draws
            if answer.neighbour is None and answer.is_trafficking is False:
                outcome, credits["neighbour"] = "right", 1.0
            else:
                outcome, credits["neighbour"] = ("wrong" if answer.neighbour else "missing"), 0.0
            why = _("None: these facts point to no neighbouring offence.")
            if outcome != "right":
                why += " " + _quotes(elements, lang, names)
        else:
            right = options.article(key.neighbour)
            if answer.neighbour in alternatives:
                outcome, credits["neighbour"] = "right", 1.0
                why = right.text(lang)
            else:
                outcome = "missing" if answer.neighbour is None else "wrong"
                credits["neighbour"] = 0.0
                lead = _("Instead of trafficking: {right}.").format(right=right.text(lang))
                rule = _rule_for(options, "neighbour", key.neighbour)
                fallback = quote_rule(rule, lang) if rule else ""
                why = f"{lead} {_explain(key.steps('neighbour'), fallback, lang, names)}".strip()
        items.append(QualificationItem("neighbour", outcome, label, why))

    total = sum(WEIGHTS[name] for name in credits)
    score = round(sum(WEIGHTS[name] * credit for name, credit in credits.items()) / total, 6)
    reasoning = tuple(quote_step(step, lang, names) for step in key.trace)
    breakdown = tuple(
        ScorePart(name, _(PART_LABELS[name]), WEIGHTS[name] / total, credit, _how(name, items))
        for name, credit in credits.items()
    )
    return QualificationEvaluation(
        score=score,
        items=tuple(items),
        summary=key.summary_text(lang),
        reasoning=reasoning,
        credits=credits,
        sources=tuple(
            cite(step.source, lang, verified=step.verified and cite(step.source).verified)
            for step in key.trace
        ),
        breakdown=breakdown,
    )


PART_LABELS = {
    "decision": N_("Trafficking in persons?"),
    "article": N_("Article"),
    "part": N_("Part"),
    "absorbed": N_("Absorbed offences"),
    "cumulative": N_("Cumulative charges"),
    "neighbour": N_("Neighbouring offence"),
    "facts": N_("Facts to establish"),
}


def _how(name: str, items: list[QualificationItem]) -> str:
    """How the credit of one component was counted, from the items that explain it."""
    if name in {"absorbed", "cumulative", "facts"}:
        mine = [i for i in items if i.item == name or i.item.startswith(f"{name}:")]
        hits = sum(i.outcome == "hit" for i in mine)
        misses = sum(i.outcome == "miss" for i in mine)
        wrong = sum(i.outcome == "false_alarm" for i in mine)
        if hits + misses:
            return _(
                "{hits} of {expected} found, {wrong} ticked wrongly: ({hits} − {wrong}) ÷ "
                "{expected}, not below zero."
            ).format(hits=hits, expected=hits + misses, wrong=wrong)
        item = next((i for i in mine if i.item == name), None)
        if item is not None and item.outcome == "missing":
            return _("None applies; that counts only within a “trafficking: yes” decision.")
        return _("None applies; {wrong} ticked wrongly.").format(wrong=wrong)
    item = next((i for i in items if i.item == name), None)
    outcome = item.outcome if item else "missing"
    return {
        "right": _("Right."),
        "wrong": _("Not right."),
        "missing": _("Not answered."),
    }.get(outcome, _(OUTCOMES.get(outcome, "")))
