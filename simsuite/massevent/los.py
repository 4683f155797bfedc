"""Fruin levels of service for a density (persons per m2)."""

from __future__ import annotations

from simsuite.massevent.model import standards


def fruin_level(density: float, table: str = "walkway") -> str:
    bounds = standards()[f"fruin_{table}"]["bounds"]
    for level in ("A", "B", "C", "D", "E"):
        if density <= bounds[level]:
            return level
    return "F"
