"""Trafficking case engine throughput: generation plus qualification, one core."""

from __future__ import annotations

from simsuite.law import qualify
from simsuite.trafficking import GeneratorParams, generate_case

BATCH = 1000
TARGET = 2000  # cases per second, issue 3


def _generate_and_qualify(params: GeneratorParams, start: int) -> int:
    trafficking = 0
    for seed in range(start, start + BATCH):
        case = generate_case(seed, params)  # generation includes the engine's verdict
        trafficking += bool(case.verdict.is_trafficking)
    return trafficking


def _report(benchmark, metric: str) -> None:
    per_second = BATCH / benchmark.stats.stats.median
    benchmark.extra_info.update(
        target="≥ 2000 cases/s on one core",
        metric=metric,
        value=round(per_second),
        unit="cases/s",
        met=per_second >= TARGET,
    )


def test_generate_and_qualify_cases_per_second(benchmark):
    """1,000 cases generated (facts, story, indicators) and qualified by the engine."""
    params = GeneratorParams(jurisdiction="KG", difficulty="hard", non_trafficking_share=0.3)
    _generate_and_qualify(params, 0)  # load packs and templates once, as a session does
    result = benchmark(_generate_and_qualify, params, 10_000)
    assert 0 < result < BATCH
    _report(benchmark, "cases per second (generate + qualify)")


def test_generate_qualify_and_render_cases_per_second(benchmark):
    """The same, plus the English narrative, the evidence map and an explicit re-qualification."""
    params = GeneratorParams(jurisdiction="KG", difficulty="medium")

    def run() -> int:
        total = 0
        for seed in range(BATCH):
            case = generate_case(seed, params)
            total += len(case.render("en")) + len(case.indicator_evidence("en"))
            total += bool(qualify(case.facts, "KG").is_trafficking)
        return total

    run()
    assert benchmark(run) > 0
    _report(benchmark, "cases per second (generate + qualify + render en)")
