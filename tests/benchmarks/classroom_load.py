"""A classroom on one machine: 30 learners open apps, answer and leave for 10 minutes.

``make load-test`` runs it (about 13 minutes) against a classroom server on 127.0.0.1 only,
bounded in learners, pages and time, and writes its figures into ``docs/benchmarks.md``
(section "The classroom"). It checks what the issue asks of a server that holds a classroom:

* no error: every page opens (no time-out, no error page, no server-full page at this size)
  and every Check gives feedback;
* no kernel left behind: after the last learner leaves, within the culling interval only the
  warm pool is left;
* memory back within 10% of what the server used before the class;
* p95 time to the first usable widget.

Culling is shortened here (60 s idle, checked every 10 s) so the test ends in minutes; the
classroom defaults are in ``simsuite.server.app``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from browser_support import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS, classroom_server  # noqa: E402

BEGIN, END = "<!-- classroom:begin -->", "<!-- classroom:end -->"
CULL_IDLE, CULL_INTERVAL = 60, 10
APPS = (
    ("00_start_here.ipynb", ".simsuite-path-modules a"),
    ("10_spot_the_indicators.ipynb", ".simsuite-check"),
    ("15_qualify_the_case.ipynb", ".simsuite-check"),
    ("20_mass_event_planner.ipynb", ".widget-dropdown select"),
)


@dataclass
class Tally:
    opened: list[float] = field(default_factory=list)  # seconds to the first usable widget
    checks: int = 0
    errors: list[str] = field(default_factory=list)


def server_tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def memory_mb(pid: int) -> float:
    total = 0
    for process in server_tree(pid):
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def kernels(pid: int) -> int:
    count = 0
    for process in server_tree(pid):
        try:
            if any("ipykernel" in part for part in process.cmdline()):
                count += 1
        except psutil.NoSuchProcess:
            pass
    return count


async def leave(page, tally: Tally) -> None:
    """Leave the app for a blank page (the kernel is freed by the page's beacon)."""
    for _ in range(3):
        try:
            await page.goto("about:blank")
            return
        except Exception as error:  # a navigation still under way: wait for it, then leave
            last = error
            await asyncio.sleep(2)
    tally.errors.append(f"leaving: {type(last).__name__}: {str(last)[:160]}")


async def learner(number: int, browser, base: str, until: float, tally: Tally) -> None:
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, 60))  # the class arrives over the first minute
    context = await browser.new_context(viewport=VIEWPORTS[rng.choice(["desktop", "phone"])])
    page = await context.new_page()
    page.set_default_timeout(180_000)
    lang = rng.choice(["en", "ru"])
    try:
        while time.monotonic() < until:
            path, ready = rng.choices(APPS, weights=(1, 3, 3, 1))[0]
            start = time.monotonic()
            try:
                response = await page.goto(
                    f"{base}/voila/render/{path}?lang={lang}", wait_until="commit"
                )
                if response is None or response.status != 200:
                    tally.errors.append(f"{path}: HTTP {response and response.status}")
                    await asyncio.sleep(5)
                    continue
                await page.locator(ready).first.wait_for(state="visible")
                await page.locator("#loading").wait_for(state="detached")
                tally.opened.append(time.monotonic() - start)
                await asyncio.sleep(rng.uniform(5, 20))  # reading the case
                if ready == ".simsuite-check":
                    await page.locator(".simsuite-decision input[type=radio]").first.check()
                    await page.locator(".simsuite-check").click()
                    await page.locator(".simsuite-feedback, .simsuite-prompt").first.wait_for()
                    tally.checks += 1
                    await asyncio.sleep(rng.uniform(5, 15))  # reading the feedback
            except Exception as error:  # counted, not raised: the test reports every failure
                tally.errors.append(f"{path}: {type(error).__name__}: {str(error)[:160]}")
            await leave(page, tally)
    finally:
        await context.close()


async def classroom(base: str, learners: int, minutes: float) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    until = time.monotonic() + minutes * 60
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            await asyncio.gather(
                *(learner(n, browser, base, until, tally) for n in range(learners))
            )
        finally:
            await browser.close()
    return tally


def settle(pid: int, pool: int, timeout: float) -> tuple[int, float]:
    """Wait until only the warm pool is left (or ``timeout``); kernels left and seconds."""
    start = time.monotonic()
    while kernels(pid) > pool and time.monotonic() - start < timeout:
        time.sleep(2)
    return kernels(pid), time.monotonic() - start


def report(figures: dict) -> str:
    f = figures
    ok = lambda good: "yes" if good else "**no**"  # noqa: E731
    limit = CULL_IDLE + 2 * CULL_INTERVAL
    return "\n".join(
        [
            BEGIN,
            "## The classroom",
            "",
            "Written by `make load-test` (`tests/benchmarks/classroom_load.py`): "
            f"{f['learners']} learners (Playwright browser contexts, half on a phone-sized "
            f"screen, English or Russian) open apps, answer and leave for {f['minutes']:g} "
            "minutes against `python -m simsuite.server` on 127.0.0.1 "
            f"(culling shortened to {CULL_IDLE} s idle, checked every {CULL_INTERVAL} s; "
            f"{f['pool']} warm kernels).",
            "",
            f"- Date: {f['date']}; load average before the class: {f['load_before']}",
            "",
            "| figure | value | target | met |",
            "|---|---|---|---|",
            f"| pages opened | {f['pages']} | – | – |",
            f"| Checks answered | {f['checks']} | – | – |",
            f"| errors | {len(f['errors'])} | 0 | {ok(not f['errors'])} |",
            f"| time to the first usable widget, median | {f['median_s']:.1f} s | – | – |",
            f"| time to the first usable widget, p95 | {f['p95_s']:.1f} s | reported | – |",
            f"| most kernels at once | {f['peak_kernels']} | – | – |",
            f"| peak memory of the server and its kernels | {f['peak_mb']:.0f} MB | – | – |",
            f"| kernels left after the class (pool excluded) | {f['left']} | 0 | "
            f"{ok(f['left'] == 0)} |",
            f"| seconds until they were gone | {f['settle_s']:.0f} s | ≤ culling interval "
            f"({limit} s) | {ok(f['settle_s'] <= limit)} |",
            f"| memory before / after | {f['mb_before']:.0f} MB / {f['mb_after']:.0f} MB | "
            f"within 10% | {ok(f['mb_after'] <= f['mb_before'] * 1.10)} |",
            "",
            *(f"- error: {e}" for e in f["errors"][:20]),
            END,
        ]
    )


def write_section(section: str, target: Path) -> None:
    text = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    target.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--pool", type=int, default=2)
    parser.add_argument("--output", default=str(REPO / "docs" / "benchmarks.md"))
    args = parser.parse_args(argv)
    assert 0 < args.learners <= 60 and 0 < args.minutes <= 20, "bounded by design"

    logs = REPO / ".benchmarks"
    logs.mkdir(exist_ok=True)
    options = (
        f"--cull-idle-seconds={CULL_IDLE}",
        f"--cull-interval-seconds={CULL_INTERVAL}",
        f"--warm-kernels={args.pool}",
        "--max-kernels=60",
    )
    load_before = ", ".join(f"{x:.1f}" for x in psutil.getloadavg())
    with classroom_server(logs, *options) as base:
        pid = next(
            p.pid for p in psutil.Process().children()
            if any("simsuite.server" in part for part in p.cmdline())
        )
        settle(pid, 0, 0)
        while kernels(pid) < args.pool:  # the pool is warm before the class comes in
            time.sleep(1)
        time.sleep(5)
        mb_before = memory_mb(pid)
        peak = {"kernels": 0, "mb": mb_before}

        async def watch(done: asyncio.Event) -> None:
            while not done.is_set():
                peak["kernels"] = max(peak["kernels"], kernels(pid) - args.pool)
                peak["mb"] = max(peak["mb"], memory_mb(pid))
                await asyncio.sleep(2)

        async def run() -> Tally:
            done = asyncio.Event()
            watcher = asyncio.ensure_future(watch(done))
            try:
                return await classroom(base, args.learners, args.minutes)
            finally:
                done.set()
                await watcher

        tally = asyncio.run(run())
        left, settle_s = settle(pid, args.pool, CULL_IDLE + 4 * CULL_INTERVAL)
        time.sleep(5)
        mb_after = memory_mb(pid)
    opened = sorted(tally.opened) or [float("nan")]
    figures = {
        "learners": args.learners,
        "minutes": args.minutes,
        "pool": args.pool,
        "date": time.strftime("%Y-%m-%d"),
        "load_before": load_before,
        "pages": len(tally.opened),
        "checks": tally.checks,
        "errors": tally.errors,
        "median_s": statistics.median(opened),
        "p95_s": opened[min(len(opened) - 1, int(0.95 * len(opened)))],
        "peak_kernels": peak["kernels"],
        "peak_mb": peak["mb"],
        "left": left - args.pool,
        "settle_s": settle_s,
        "mb_before": mb_before,
        "mb_after": mb_after,
    }
    (logs / "classroom.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    write_section(report(figures), Path(args.output))
    print(report(figures))
    good = not tally.errors and figures["left"] == 0 and mb_after <= mb_before * 1.10
    return 0 if good else 1


if __name__ == "__main__":
    raise SystemExit(main())
