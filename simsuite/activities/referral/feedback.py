"""Feedback parts shared by the first-response exercise types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simsuite.activities.identification.evaluate import ItemFeedback
from simsuite.content.sources import Citation
from simsuite.i18n import N_, _

OUTCOMES = {
    "right": N_("Right."),
    "partly": N_("Partly right."),
    "wrong": N_("Not right."),
    "missing": N_("Not answered."),
}


@dataclass(frozen=True)
class PartFeedback(ItemFeedback):
    """One scored part of an answer, with its credit (0..1)."""

    credit: float = 0.0

    @property
    def is_error(self) -> bool:
        return self.outcome != "right"

    def headline(self) -> str:
        return _(OUTCOMES[self.outcome])


def outcome(credit: float, answered: bool) -> str:
    if not answered:
        return "missing"
    return "right" if credit == 1 else "partly" if credit > 0 else "wrong"


def unique_citations(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """Each document and chapter once (the first citation of it decides whether it is shown as
    verified)."""
    seen: dict[tuple[str, bool], Citation] = {}
    for citation in citations:
        seen.setdefault((citation.text, citation.verified), citation)
    return tuple(seen.values())
