"""First contact as an exercise type: a branching conversation with the presumed victim of a
generated case, scored per principle of the Kyrgyz police manual.

The scenario graph comes from data (:mod:`simsuite.activities.first_contact.graph`); the
answer is the *path*: the ids of the choices made, in order, from the first step until the
conversation ends (or stops). The self-paced app builds the path click by click; a graded
trainee writes it as a list. Both are scored by :meth:`FirstContactType.evaluate`:

* each principle that applies to this person (safety first, interpreter, legal representative
  and psychologist for a child, do no harm, rights, hotline, confidentiality, the 72-hour rule,
  the foreign-victim questions, the notice to the duty officer, respect for a refusal, the
  documents warning) is *kept* when a choice on the path keeps it and none breaks it, *broken*
  when any choice breaks it, and *missed* otherwise (never addressed, or the conversation ended
  before it);
* score = principles kept / principles that apply. The best path keeps them all.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.first_contact.graph import (
    COMPLETED,
    END,
    ChoiceKey,
    EndingKey,
    PrincipleKey,
    PublicNode,
    build_graph,
    walk,
)
from simsuite.activities.identification.evaluate import Evaluation
from simsuite.activities.referral.feedback import PartFeedback, unique_citations
from simsuite.activities.referral.person import (
    CASE_PARAMS,
    briefing,
    check_case_params,
    generate_person_case,
)
from simsuite.content.sources import cite
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, language

JURISDICTIONS = ("KG",)


@dataclass(frozen=True)
class PublicFirstContact:
    case_id: str
    lang: str
    jurisdiction: str
    narrative: str
    briefing: str
    start: str
    nodes: tuple[PublicNode, ...]

    def node(self, node_id: str) -> PublicNode:
        return next(n for n in self.nodes if n.id == node_id)


@dataclass(frozen=True)
class FirstContactKey:
    jurisdiction: str
    lang: str
    entry: str
    choice_keys: tuple[ChoiceKey, ...]
    principles: tuple[PrincipleKey, ...]
    endings: tuple[EndingKey, ...]
    best_path: tuple[str, ...]
    #: (node id, situation text): what the transcript in the feedback shows
    situations: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Turn:
    """One exchange of the conversation: the situation, what the officer did, the reaction."""

    situation: str
    choice: str
    reaction: str


@dataclass(frozen=True)
class ConversationResult(Evaluation):
    """The per-principle verdicts, how the conversation ended, and the conversation itself."""

    turns: tuple[Turn, ...] = ()
    ending: str | None = None

    def render_html(self) -> str:
        if not self.turns:
            return super().render_html()
        you = html.escape(_("You:"))
        rows = "".join(
            f"<li><p>{html.escape(turn.situation)}</p><p><b>{you}</b> "
            f"{html.escape(turn.choice)}</p><p><i>{html.escape(turn.reaction)}</i></p></li>"
            for turn in self.turns
        )
        transcript = (
            '<details class="simsuite-transcript-review"><summary>{}</summary><ol>{}</ol>'
            "</details>".format(html.escape(_("How the conversation went")), rows)
        )
        feedback = super().render_html()
        return feedback.replace("</ul>", "</ul>" + transcript, 1)


VERDICTS = {
    "right": N_("Kept."),
    "wrong": N_("Broken."),
    "missing": N_("Missed."),
}


@dataclass(frozen=True)
class PrincipleFeedback(PartFeedback):
    def headline(self) -> str:
        return _(VERDICTS[self.outcome])


class FirstContactType(ExerciseType):
    name = "first_contact"
    title = N_("First contact")
    summary = N_(
        "Talk to a presumed victim step by step: choose what to do and say, see how the person "
        "reacts, and learn which principles of first response you kept."
    )
    competencies = ("first_response",)
    app_notebook = "41_first_contact.ipynb"
    default_params = CASE_PARAMS

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = super().check_params(params)
        check_case_params(params, JURISDICTIONS, self.name)
        params["jurisdiction"] = str(params["jurisdiction"]).upper()
        return params

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        case, person = generate_person_case(params, seed)
        with language(lang):
            graph = build_graph(person, lang)
            public = PublicFirstContact(
                case_id=case.case_id,
                lang=lang,
                jurisdiction=person.jurisdiction,
                narrative=case.render(lang=lang),
                briefing=briefing(person, lang),
                start=graph.entry,
                nodes=graph.nodes,
            )
            key = FirstContactKey(
                jurisdiction=person.jurisdiction,
                lang=lang,
                entry=graph.entry,
                choice_keys=graph.choice_keys,
                principles=graph.principles,
                endings=graph.endings,
                best_path=graph.best_path,
                situations=tuple((node.id, node.situation) for node in graph.nodes),
            )
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicFirstContact) -> tuple[AnswerField, ...]:
        options = tuple(
            (choice.id, f"{node.id}: {choice.text}")
            for node in public.nodes
            for choice in node.choices
        )
        with language(public.lang):
            label = _("Your path: the choices you make, in order")
        return (AnswerField("path", "sequence", label, options),)

    def accepts(self, scenario: Scenario, settings: Mapping[str, Any]) -> bool:
        return len(scenario.key.principles) >= int(settings.get("min_principles", 0))

    def evaluate(
        self, key: FirstContactKey, answer: Mapping[str, Any], lang: str
    ) -> ConversationResult:
        path = answer.get("path")
        if path is not None and (isinstance(path, str) or not isinstance(path, list | tuple)):
            raise UserInputError(
                _("Give the path as a list of choice ids, got {value!r}.").format(value=path),
                where="path",
                allowed=_("a list such as {example}").format(example=repr(["s1_a", "s2_c"])),
            )
        walked = walk(key.entry, key.choice_keys, path or ())
        with language(lang):
            sources = unique_citations(
                cite(source, lang) for p in key.principles for source in p.sources
            )
            if not walked.choices:
                return ConversationResult(
                    0.0,
                    (),
                    blank=True,
                    summary=_("The conversation has not started: make your first choice."),
                    sources=sources,
                )
            kept = {p for choice in walked.choices for p in choice.keeps}
            broken: dict[str, ChoiceKey] = {}
            for choice in walked.choices:
                for principle in choice.breaks:
                    broken.setdefault(principle, choice)
            items = []
            for principle in key.principles:
                if principle.id in broken:
                    verdict = "wrong"
                    why = _("{rule} Your choice: “{choice}”").format(
                        rule=principle.rule, choice=broken[principle.id].text
                    )
                elif principle.id in kept:
                    verdict, why = "right", principle.rule
                else:
                    verdict = "missing"
                    reason = (
                        _("The conversation ended before you got to it.")
                        if walked.at == END and walked.ending != COMPLETED
                        else _("None of your choices did this.")
                    )
                    if walked.at != END:
                        reason = _("You have not got to it yet.")
                    why = f"{principle.rule} {reason}"
                items.append(
                    PrincipleFeedback(
                        principle.id,
                        verdict,
                        principle.title,
                        why,
                        1.0 if verdict == "right" else 0.0,
                    )
                )
            score = round(sum(i.credit for i in items) / len(items), 6)
            summary = self._ending_text(key, walked.ending, bool(broken), walked.at)
            situations = dict(key.situations)
            turns = tuple(
                Turn(situations[choice.node], choice.text, choice.reaction)
                for choice in walked.choices
            )
            ending_sources = tuple(
                cite(e.source, lang) for e in key.endings if e.id == walked.ending
            )
            return ConversationResult(
                score,
                tuple(items),
                summary=summary,
                sources=unique_citations((*sources, *ending_sources)),
                turns=turns,
                ending=walked.ending,
            )

    @staticmethod
    def _ending_text(key: FirstContactKey, ending: str | None, mistakes: bool, at: str) -> str:
        if ending is None:
            return _("The conversation is not finished: it stands at step {step}.").format(step=at)
        entry = next(e for e in key.endings if e.id == ending)
        return entry.guarded if ending == COMPLETED and mistakes else entry.text

    def solution(self, key: FirstContactKey) -> dict[str, Any]:
        return {"path": list(key.best_path)}

    def public_markdown(self, public: PublicFirstContact, lang: str) -> str:
        with language(lang):
            blocks = [
                "## " + _("Your case"),
                public.narrative.strip(),
                "## " + _("The first contact"),
                public.briefing,
                _(
                    "Start at step {start}. At each step choose one option and go on to the step "
                    "it leads to, until the conversation ends. Your answer is the list of the "
                    "options you chose, in order."
                ).format(start=public.start),
            ]
            for node in public.nodes:
                heading = _("Step {step}").format(step=node.id)
                lines = [f"### {heading}", "", node.situation, ""]
                lines.append(f"**{node.prompt}**")
                lines.append("")
                for choice in node.choices:
                    target = (
                        _("the conversation ends")
                        if choice.next == END
                        else _("step {step}").format(step=choice.next)
                    )
                    lines.append(f"- `{choice.id}`: {choice.text} → {target}")
                blocks.append("\n".join(lines))
            return "\n\n".join(blocks)

    def public_data(self, public: PublicFirstContact) -> dict[str, Any]:
        import dataclasses

        return dataclasses.asdict(public)

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case. Run the cell below to see yours: the case, who "
            "you are, and the steps of a first conversation with the person. Follow the "
            "conversation from the first step, choosing one option at each step, and write the "
            "ids of your choices, in order, as a list. Then run the check."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.activities.first_contact.widget import FirstContactApp

        return FirstContactApp(self, seed=seed, lang=lang, **params)


TYPE = FirstContactType()
