"""The one shape every exercise type implements.

An exercise type is a package under ``simsuite/activities/`` whose ``__init__`` exposes ``TYPE``,
an instance of a subclass of :class:`ExerciseType`. The flow is the same for every type::

    params, seed ──generate──▶ Scenario(public, key)
    public ──widget / public_markdown──▶ what the learner sees (Voilà app, released notebook)
    answer (a mapping of answer fields to values) ──evaluate(key, answer)──▶ Result

The registry (:mod:`simsuite.activities.registry`) lists the types; the learning path, the course
builder, autograde, feedback and the reports iterate over it and never name a type. A type
implements the abstract methods once; the defaults cover the rest (one graded score per
assignment, feedback rendered from the result).

Rules of the shape:

* ``generate`` is pure: the same (params, seed) gives the same scenario, byte for byte.
* ``public`` holds nothing of the key. What is released to a graded trainee is
  :meth:`ExerciseType.public_markdown` and :meth:`ExerciseType.answer_fields`, written on the
  instructor's side; the trainee's kernel needs no simsuite to read them.
* ``evaluate`` is the only place the type's scoring rule lives. The widget, the nbgrader hidden
  test, the feedback page and the report call it.
* An answer is a mapping from answer-field names to plain values (str, bool, numbers, lists and
  sets of str, None). A ``sequence`` is a list of option ids in the order they were chosen
  (options may be left out; a branching scenario's path). A malformed answer raises
  :class:`simsuite.errors.UserInputError` naming the field and what is allowed.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

from simsuite.errors import UserInputError
from simsuite.i18n import N_, _

#: The kinds of answer field. The trainee-side format check knows exactly these.
FIELD_KINDS = {
    "choice": N_("one of the options, in quotes"),
    "choices": N_("a set of options, for example {example}"),
    "order": N_("every option once, in order, as a list"),
    "sequence": N_("a list of option ids in the order you chose them, for example {example}"),
    "bool": N_("True or False"),
    "number": N_("a number"),
    "text": N_("a text in quotes"),
}


@dataclass(frozen=True)
class AnswerField:
    """One value a trainee gives: its variable name, its kind, and the options it takes.

    ``options`` are (id, label) pairs; they are public (the learner chooses among them), so they
    may be written into released material. ``blank`` is the value that means "not answered".
    """

    name: str
    kind: str
    label: str
    options: tuple[tuple[str, str], ...] = ()
    blank: Any = None
    required: bool = True

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"unknown answer field kind {self.kind!r}")
        if not self.name.isidentifier():
            raise ValueError(f"answer field name {self.name!r} is not a Python identifier")

    def hint(self) -> str:
        first = ", ".join(repr(o) for o, _label in self.options[:2])
        example = f"[{first}]" if self.kind == "sequence" else "{" + first + "}"
        return _(FIELD_KINDS[self.kind]).format(example=example)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the released files (labels already translated)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "label": self.label,
            "hint": self.hint(),
            "options": [list(pair) for pair in self.options],
            "required": self.required,
        }

    def blank_literal(self) -> str:
        """The Python literal of the blank value, for the answer cell."""
        if isinstance(self.blank, set | frozenset):
            return "set()"
        return repr(self.blank)


@dataclass(frozen=True)
class Scenario:
    """A generated exercise: the public part and the key, with how it was made."""

    type_name: str
    seed: int
    params: Mapping[str, Any]
    lang: str
    public: Any
    key: Any


@runtime_checkable
class Result(Protocol):
    """What ``evaluate`` returns; every type's result class satisfies this protocol.

    ``score`` is 0..1; ``items`` are the per-part verdicts (each with ``item``, ``outcome``,
    ``label``, ``why`` and ``is_error``); ``blank`` marks an answer with nothing in it;
    ``sources`` are the :class:`simsuite.content.sources.Citation` s the feedback rests on.
    """

    score: float
    blank: bool
    summary: str
    sources: tuple[Any, ...]

    @property
    def items(self) -> Sequence[Any]: ...

    def points(self, max_points: float) -> float: ...

    def render_html(self) -> str: ...

    def render_text(self) -> str: ...

    def to_dict(self) -> dict[str, object]: ...


@dataclass(frozen=True)
class GradedPart:
    """A graded cell of an nbgrader assignment: which part of the result it scores."""

    grade_id: str
    points: float
    #: the result item whose credit this cell gives; None = the whole result's score
    item: str | None = None


class ExerciseType(ABC):
    """Base class of exercise types. Subclasses set the class attributes and implement the
    abstract methods; everything else has a default that fits a one-case exercise."""

    #: registry id; also the ``kind`` of an assignment in the course file
    name: ClassVar[str]
    #: what the learner sees as the activity's name and one-line summary (marked with ``N_``)
    title: ClassVar[str]
    summary: ClassVar[str]
    #: competency ids (the item bank's vocabulary) that this type exercises
    competencies: ClassVar[tuple[str, ...]]
    #: the self-paced app's notebook under ``notebooks/`` (None: no app)
    app_notebook: ClassVar[str | None] = None
    #: the parameters ``generate`` takes, with their defaults (validated by ``check_params``)
    default_params: ClassVar[Mapping[str, Any]] = {}
    #: "assignment": a trainee's seed differs per assignment; "trainee": one seed per trainee
    #: across assignments (for paired forms such as the pre- and post-test)
    seed_scope: ClassVar[str] = "assignment"
    #: fields that the public part and the key both hold by design (context the learner is
    #: given, such as the language or the indicator list's age band); no other key field may
    #: appear in the public part
    context_fields: ClassVar[frozenset[str]] = frozenset({"lang", "case_id", "jurisdiction"})

    # --- what every type must implement -------------------------------------------------------

    @abstractmethod
    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        """The scenario for (params, seed) in ``lang``: pure and deterministic."""

    @abstractmethod
    def answer_fields(self, public: Any) -> tuple[AnswerField, ...]:
        """The values a trainee gives for this public part, in the order they are asked."""

    @abstractmethod
    def evaluate(self, key: Any, answer: Mapping[str, Any], lang: str) -> Result:
        """Score an answer against the key and explain it (the type's one scoring rule)."""

    @abstractmethod
    def solution(self, key: Any) -> dict[str, Any]:
        """A perfect answer for the key (for the instructor's preview and the contract test)."""

    @abstractmethod
    def public_markdown(self, public: Any, lang: str) -> str:
        """The public part as Markdown, for a released notebook or a printed handout."""

    # --- defaults -----------------------------------------------------------------------------

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """Validate parameters at the edge; unknown names are an error naming what is allowed."""
        params = dict(params or {})
        unknown = sorted(set(params) - set(self.default_params))
        if unknown:
            raise UserInputError(
                _("Unknown parameter(s) {names} for {type}.").format(
                    names=", ".join(unknown), type=self.name
                ),
                where="params",
                allowed=", ".join(sorted(self.default_params)) or _("none"),
            )
        return {**self.default_params, **params}

    def accepts(self, scenario: Scenario, settings: Mapping[str, Any]) -> bool:
        """Whether a generated scenario meets an assignment's constraints (``settings`` from the
        course file), so that every trainee's variant is comparable. Default: any scenario."""
        return True

    def public_data(self, public: Any) -> dict[str, Any]:
        """The public part as JSON-ready data (the contract test checks no key field is in it)."""
        if dataclasses.is_dataclass(public):
            return dataclasses.asdict(public)
        if isinstance(public, Mapping):
            return dict(public)
        raise TypeError(f"{self.name}: override public_data for {type(public).__name__}")

    def instructions(self, lang: str) -> str:
        """What a graded trainee is asked to do (Markdown), above their case."""
        return _(
            "Every trainee has their own case. Run the cell below to see yours, write your "
            "answer in the cell after it, and run the check: it tells you whether the answer is "
            "in the right form, never whether it is right."
        )

    def graded_parts(self, public: Any, points: float) -> tuple[GradedPart, ...]:
        """The graded cells of an assignment. Default: one cell worth ``points`` for the score."""
        return (GradedPart("score", points),)

    def graded_feedback_html(self, scenario: Scenario, answer: Mapping[str, Any]) -> str:
        """What a graded trainee reads after grading. Default: the result, as in the app; an
        answer that is not in the right form is explained instead."""
        import html

        try:
            return self.evaluate(scenario.key, answer, scenario.lang).render_html()
        except UserInputError as error:
            return f'<p class="simsuite-wrong">{html.escape(error.render())}</p>'

    def app_markdown(self, public: Any, lang: str) -> str:
        """The public part as the self-paced app shows it above its controls. Default: the
        released notebook's Markdown; a type whose Markdown lists answer ids and options for
        the notebook (which the app's controls already show) returns the case alone."""
        return self.public_markdown(public, lang)

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any) -> Any:
        """The self-paced app (an object with a ``widget`` attribute); None if the type has none."""
        return None

    def blank_answer(self, public: Any) -> dict[str, Any]:
        return {f.name: f.blank for f in self.answer_fields(public)}
