"""The police indicator lists (Kyrgyz manual, seed 004) as data with their source."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from simsuite.content import package_yaml
from simsuite.errors import UserInputError
from simsuite.i18n import _, localized

AGE_BANDS = ("adult", "child")
DATA_FILE = "kg_police_indicators.yaml"


@dataclass(frozen=True)
class Indicator:
    id: str
    label: dict[str, str]
    explanation: dict[str, str]
    source: str

    def text(self, lang: str | None = None) -> str:
        return localized(self.label, lang)

    def why(self, lang: str | None = None) -> str:
        return localized(self.explanation, lang)


@dataclass(frozen=True)
class IndicatorList:
    id: str
    age_band: str
    title: dict[str, str]
    indicators: tuple[Indicator, ...]
    source: str

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(indicator.id for indicator in self.indicators)

    def get(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise UserInputError(
            _("Unknown indicator {id!r} for the {band} list.").format(
                id=indicator_id, band=self.age_band
            ),
            allowed=", ".join(self.ids),
        )


@cache
def indicator_list(age_band: str) -> IndicatorList:
    """The police indicator list for ``adult`` or ``child`` victims."""
    if age_band not in AGE_BANDS:
        raise UserInputError(
            _("Unknown age band {band!r}.").format(band=age_band), allowed=", ".join(AGE_BANDS)
        )
    data = package_yaml("simsuite.activities.identification", "data", DATA_FILE)
    spec = data["lists"][age_band]
    seed = data["source"]["seed"]
    indicators = []
    for indicator_id in spec["indicators"]:
        entry = data["indicators"][indicator_id]
        indicators.append(
            Indicator(
                id=indicator_id,
                label=dict(entry["label"]),
                explanation=dict(entry["explanation"]),
                source=f"{seed}, lines {entry['source']['seed_lines']}",
            )
        )
    return IndicatorList(
        id=f"{data['id']}.{age_band}",
        age_band=age_band,
        title=dict(spec["title"]),
        indicators=tuple(indicators),
        source=f"{seed}, lines {spec['source']['seed_lines']}",
    )
