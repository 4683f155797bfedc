"""The smallest complete exercise type: add two numbers. It lives in the tests to show that a
new type is one package plus its data, registered without touching simsuite.

(The same code is the worked example in docs/architecture.md, "Adding an exercise type".)
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.identification.evaluate import Evaluation, ItemFeedback
from simsuite.content.sources import cite
from simsuite.errors import UserInputError


@dataclass(frozen=True)
class Sum:
    a: int
    b: int


@dataclass(frozen=True)
class Total:
    total: int


class ToySum(ExerciseType):
    name = "toy_sum"
    title = "Add two numbers"
    summary = "A worked example of an exercise type."
    competencies = ("mass_event_risk",)
    default_params = {"largest": 20}

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        rng = random.Random(seed)
        a, b = rng.randint(1, params["largest"]), rng.randint(1, params["largest"])
        return Scenario(self.name, seed, params, lang, Sum(a, b), Total(a + b))

    def answer_fields(self, public: Sum) -> tuple[AnswerField, ...]:
        return (AnswerField("total", "number", "a + b"),)

    def evaluate(self, key: Total, answer: Mapping[str, Any], lang: str) -> Evaluation:
        given = answer.get("total")
        if given is None:
            return Evaluation(0.0, (), blank=True)
        if isinstance(given, bool) or not isinstance(given, int):
            raise UserInputError("the total must be a whole number", where="total")
        right = given == key.total
        item = ItemFeedback(
            "total", "hit" if right else "miss", "a + b", f"{key.total} is the sum."
        )
        source = cite("UK Guide to Safety at Sports Grounds (Green Guide)", lang)
        return Evaluation(1.0 if right else 0.0, (item,), sources=(source,))

    def solution(self, key: Total) -> dict[str, Any]:
        return {"total": key.total}

    def public_markdown(self, public: Sum, lang: str) -> str:
        return f"What is {public.a} + {public.b}?"


TYPE = ToySum()
