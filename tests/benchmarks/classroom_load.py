"""A classroom on one machine: 30 learners open apps, answer and leave for 10 minutes.

``make load-test`` runs it (about 13 minutes) against a classroom server on 127.0.0.1 only,
bounded in learners, pages and time, and writes its figures into ``docs/benchmarks.md``
(section "The classroom"). It checks what the issue asks of a server that holds a classroom:

* no error: every page opens (no time-out, no error page, no server-full page at this size),
  every answer gets its feedback, no kernel reports an error;
* no kernel left behind: after the last learner leaves, within the culling interval only the
  warm pool is left;
* memory back within 10% of what the server used before the class;
* p95 time to the first usable widget.

In a classroom each learner has their own computer; here the learners and the server share
two cores. So most learners are protocol clients that do over HTTP and the kernel's websocket
what the page's script does (fetch the page, open the widget control channel, ask for the
widgets' state, change a control, press Check, send the leaving beacon), and a few are real
Chromium pages, for the time a browser adds. Thirty headless browsers on the same two cores
measured the test machine, not the server (see docs/benchmarks.md).

Culling is shortened here (60 s idle, checked every 10 s) so the test ends in minutes; the
classroom defaults are in ``simsuite.server.app``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import struct
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import websockets

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from app_catalog import App, curriculum_pages  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS, classroom_server  # noqa: E402

BEGIN, END = "<!-- classroom:begin -->", "<!-- classroom:end -->"
CULL_IDLE, CULL_INTERVAL = 60, 10
STEP_TIMEOUT = 180  # one page or one answer; past it the step counts as an error
#: a learner reads a case for a while before answering, then reads the feedback
READING, FEEDBACK = (30, 90), (15, 45)
WEIGHT = {"practice": 3, "lesson": 1, "path": 1}
#: the widget a protocol client presses: the first of these a page has
PRESS = ("simsuite-check", "simsuite-start-planning", "simsuite-submit")
FEEDBACK_CLASSES = ("simsuite-feedback", "simsuite-prompt", "simsuite-wrong")


@dataclass
class Tally:
    opened: list[float] = field(default_factory=list)  # protocol: seconds to the widgets
    opened_in_browser: list[float] = field(default_factory=list)
    answers: int = 0
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


def ready_classes(app: App) -> list[str]:
    """The widget classes that make the app usable (the first class of each alternative of
    its selector: ".simsuite-planner select" is the planner's box)."""
    return [re.match(r"\s*\.([\w-]+)", part).group(1) for part in app.ready.split(",")]


class KernelChannel:
    """The kernel websocket of one page, as the page's widget manager uses it."""

    def __init__(self, socket, session: str) -> None:
        self.socket = socket
        self.session = session

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "learner",
                  "session": self.session, "date": "", "version": "5.3"}  # fmt: skip
        await self.socket.send(json.dumps({
            "header": header, "parent_header": {}, "metadata": metadata or {},
            "content": content, "channel": "shell", "buffers": [],
        }))  # fmt: skip
        return msg_id

    async def receive(self) -> dict:
        frame = await self.socket.recv()
        if isinstance(frame, bytes):  # a message with binary buffers: the JSON part first
            count = struct.unpack("!I", frame[:4])[0]
            offsets = struct.unpack(f"!{count}I", frame[4 : 4 + 4 * count])
            frame = frame[offsets[0] : offsets[1] if count > 1 else None]
        return json.loads(frame)

    async def widget_states(self) -> dict:
        """What the page's widget manager asks first: the state of every widget."""
        comm = uuid.uuid4().hex
        await self.send("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                      "data": {}}, metadata={"version": "1.0.0"})  # fmt: skip
        await self.send("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
        while True:
            message = await self.receive()
            data = message["content"].get("data") or {}
            if message["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                return data["states"]

    async def change(self, model: str, state: dict) -> str:
        return await self.send("comm_msg", {"comm_id": model, "data": {
            "method": "update", "state": state, "buffer_paths": []}},
            metadata={"version": "2.1.0"})  # fmt: skip

    async def press(self, model: str) -> str:
        return await self.send("comm_msg", {"comm_id": model, "data": {
            "method": "custom", "content": {"event": "click"}}},
            metadata={"version": "2.1.0"})  # fmt: skip

    async def outcome(self, msg_id: str) -> tuple[str, list[str]]:
        """Everything the kernel sent in answer to one message, until it is idle again; and
        the errors it raised."""
        said, errors = [], []
        while True:
            message = await self.receive()
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "error":
                errors.append(f"{content.get('ename')}: {content.get('evalue', '')[:120]}")
            elif kind == "status" and content.get("execution_state") == "idle":
                return "\n".join(said), errors
            else:
                said.append(json.dumps(content))


def with_class(states: dict, name: str) -> list[str]:
    return [m for m, s in states.items() if name in s["state"].get("_dom_classes", ())]


def shows(states: dict, name: str) -> bool:
    """Whether the page has a widget of this class, or an HTML widget showing one."""
    return bool(with_class(states, name)) or any(
        name in str(s["state"].get("value", "")) for s in states.values()
    )


async def answer(channel: KernelChannel, states: dict) -> tuple[bool, list[str]]:
    """Change a control and press the page's button, as a learner does; whether feedback came
    (pages without feedback count when the kernel handled the press without error)."""
    for model, entry in states.items():
        if entry["model_name"] == "RadioButtonsModel" and entry["state"].get("_options_labels"):
            _said, errors = await channel.outcome(await channel.change(model, {"index": 0}))
            if errors:
                return False, errors
            break
    else:
        sliders = [m for m, e in states.items() if e["model_name"].endswith("SliderModel")]
        if sliders:
            state = states[sliders[0]]["state"]
            middle = (state["min"] + state["max"]) / 2
            value = int(middle) if states[sliders[0]]["model_name"].startswith("Int") else middle
            said, errors = await channel.outcome(await channel.change(sliders[0], {"value": value}))
            return not errors, errors
    for name in PRESS:
        buttons = with_class(states, name)
        if buttons:
            said, errors = await channel.outcome(await channel.press(buttons[0]))
            if name == "simsuite-check":
                return any(c in said for c in FEEDBACK_CLASSES) and not errors, errors
            return not errors, errors
    return False, []  # nothing to answer on this page (a lesson, the start page)


async def protocol_learner(number: int, base: str, apps: list[App], until: float,
                           tally: Tally) -> None:  # fmt: skip
    rng = random.Random(number)
    lang = rng.choice(["en", "ru"])
    socket_base = base.replace("http://", "ws://")
    await asyncio.sleep(rng.uniform(0, 60))  # the class arrives over the first minute
    async with httpx.AsyncClient(timeout=STEP_TIMEOUT) as client:
        while time.monotonic() < until:
            app = rng.choices(apps, weights=[WEIGHT[a.kind] for a in apps])[0]
            kernel = None
            start = time.monotonic()
            try:
                response = await client.get(f"{base}/voila/render/{app.notebook}?lang={lang}")
                found = re.search(r'"kernelId": "([0-9a-f-]+)"', response.text)
                if response.status_code != 200 or found is None:
                    tally.errors.append(f"{app.name}: HTTP {response.status_code}, no kernel")
                    await asyncio.sleep(5)
                    continue
                kernel = found.group(1)
                address = f"{socket_base}/api/kernels/{kernel}/channels"
                session = uuid.uuid4().hex
                async with websockets.connect(f"{address}?session_id={session}",
                                              max_size=None) as socket:  # fmt: skip
                    channel = KernelChannel(socket, session)
                    states = await asyncio.wait_for(channel.widget_states(), STEP_TIMEOUT)
                    shown = re.findall(r'"model_id": "([0-9a-f]+)"', response.text)
                    if not any(model in states for model in shown):
                        tally.errors.append(f"{app.name}: the page came without its widget")
                        continue
                    if not any(shows(states, name) for name in ready_classes(app)):
                        tally.errors.append(f"{app.name}: no {app.ready} among the widgets")
                        continue
                    tally.opened.append(time.monotonic() - start)
                    await asyncio.sleep(rng.uniform(*READING))
                    answered, errors = await asyncio.wait_for(answer(channel, states), STEP_TIMEOUT)
                    tally.errors.extend(f"{app.name}: kernel error {e}" for e in errors)
                    if answered:
                        tally.answers += 1
                        await asyncio.sleep(rng.uniform(*FEEDBACK))
                    elif app.kind == "practice" and not errors:
                        tally.errors.append(f"{app.name}: no feedback after the answer")
            except Exception as error:  # counted, not raised: the test reports every failure
                tally.errors.append(f"{app.name}: {type(error).__name__}: {str(error)[:160]}")
            finally:
                if kernel is not None:  # the beacon the page sends when the learner leaves
                    try:
                        left = await client.post(f"{base}/voila/api/shutdown/{kernel}")
                        if left.status_code >= 400:
                            tally.errors.append(f"leaving: HTTP {left.status_code}")
                    except httpx.HTTPError as error:
                        tally.errors.append(f"leaving: {type(error).__name__}")


async def browser_learner(number: int, browser, base: str, apps: list[App], until: float,
                          tally: Tally) -> None:  # fmt: skip
    rng = random.Random(1000 + number)
    await asyncio.sleep(rng.uniform(0, 60))
    context = await browser.new_context(viewport=VIEWPORTS[rng.choice(["desktop", "phone"])])
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT * 1000)
    lang = rng.choice(["en", "ru"])
    try:
        while time.monotonic() < until:
            app = rng.choices(apps, weights=[WEIGHT[a.kind] for a in apps])[0]
            start = time.monotonic()
            try:
                response = await page.goto(
                    f"{base}/voila/render/{app.notebook}?lang={lang}", wait_until="commit"
                )
                if response is None or response.status != 200:
                    status = response and response.status
                    tally.errors.append(f"{app.name} (browser): HTTP {status}")
                    await asyncio.sleep(5)
                    continue
                await page.locator(app.ready).first.wait_for(state="visible")
                await page.locator("#loading").wait_for(state="detached")
                tally.opened_in_browser.append(time.monotonic() - start)
                await asyncio.sleep(rng.uniform(*READING))
                check = page.locator(".simsuite-check")
                if await check.count():
                    radios = page.locator(".simsuite-decision input[type=radio]")
                    if await radios.count():
                        await radios.first.check()
                    await check.first.click()
                    await page.locator(
                        ", ".join(f".{name}" for name in FEEDBACK_CLASSES)
                    ).first.wait_for()
                    tally.answers += 1
                    await asyncio.sleep(rng.uniform(*FEEDBACK))
            except Exception as error:
                problem = f"{type(error).__name__}: {str(error)[:160]}"
                tally.errors.append(f"{app.name} (browser): {problem}")
            try:
                await page.goto("about:blank")  # leaving: the page sends its beacon
            except Exception as error:
                tally.errors.append(f"leaving (browser): {type(error).__name__}")
    finally:
        await context.close()


async def classroom(base: str, learners: int, browsers: int, minutes: float) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    apps = curriculum_pages()
    until = time.monotonic() + minutes * 60
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            await asyncio.gather(
                *(browser_learner(n, browser, base, apps, until, tally) for n in range(browsers)),
                *(protocol_learner(n, base, apps, until, tally)
                  for n in range(learners - browsers)),
            )  # fmt: skip
        finally:
            await browser.close()
    return tally


def settle(pid: int, pool: int, timeout: float) -> tuple[int, float]:
    """Wait until only the warm pool is left (or ``timeout``); kernels left and seconds."""
    start = time.monotonic()
    while kernels(pid) > pool and time.monotonic() - start < timeout:
        time.sleep(2)
    return kernels(pid), time.monotonic() - start


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


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
            f"{f['learners']} learners, English or Russian, open any page of the curriculum "
            f"(practice pages three times as often), read for {READING[0]}–{READING[1]} s, "
            f"answer (a choice, a slider or Check), read the feedback for {FEEDBACK[0]}–"
            f"{FEEDBACK[1]} s and leave, for {f['minutes']:g} minutes, against "
            "`python -m simsuite.server` on 127.0.0.1 "
            f"(culling shortened to {CULL_IDLE} s idle, checked every {CULL_INTERVAL} s; "
            f"{f['pool']} warm kernels). Protocol clients: {f['learners'] - f['browsers']} "
            "(the page's requests over HTTP and the kernel websocket: a learner's own computer "
            f"does the drawing); Chromium pages: {f['browsers']} (a phone-sized or a desktop "
            "screen), on the same two cores as the server.",
            "",
            f"- Date: {f['date']}; load average before the class: {f['load_before']}",
            "",
            "| figure | value | target | met |",
            "|---|---|---|---|",
            f"| pages opened | {f['pages']} | – | – |",
            f"| answers with feedback | {f['answers']} | – | – |",
            f"| errors | {len(f['errors'])} | 0 | {ok(not f['errors'])} |",
            f"| time to the first usable widget, median | {f['median_s']:.1f} s | – | – |",
            f"| time to the first usable widget, p95 | {f['p95_s']:.1f} s | reported | – |",
            f"| in Chromium: pages, median, p95 | {f['browser_pages']}, "
            f"{f['browser_median_s']:.1f} s, {f['browser_p95_s']:.1f} s | reported | – |",
            f"| most kernels at once | {f['peak_kernels']} | – | – |",
            f"| peak memory of the server and its kernels | {f['peak_mb']:.0f} MB | – | – |",
            f"| kernels left after the class (pool excluded) | {f['left']} | 0 | "
            f"{ok(f['left'] == 0)} |",
            f"| seconds until they were gone | {f['settle_s']:.0f} s | ≤ culling interval "
            f"({limit} s) | {ok(f['settle_s'] <= limit)} |",
            f"| memory before / after | {f['mb_before']:.0f} MB / {f['mb_after']:.0f} MB | "
            f"within 10% | {ok(f['mb_after'] <= f['mb_before'] * 1.10)} |",
            f"| of which the server process | {f['server_mb_before']:.0f} MB / "
            f"{f['server_mb_after']:.0f} MB | – | – |",
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
    parser.add_argument("--browsers", type=int, default=2, help="learners in Chromium")
    parser.add_argument("--output", default=str(REPO / "docs" / "benchmarks.md"))
    args = parser.parse_args(argv)
    assert 0 < args.learners <= 60 and 0 < args.minutes <= 20, "bounded by design"
    assert 0 <= args.browsers <= min(args.learners, 4), "browsers share the server's cores"

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
        server_mb_before = psutil.Process(pid).memory_info().rss / 2**20
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
                return await classroom(base, args.learners, args.browsers, args.minutes)
            finally:
                done.set()
                await watcher

        tally = asyncio.run(run())
        left, settle_s = settle(pid, args.pool, CULL_IDLE + 4 * CULL_INTERVAL)
        time.sleep(5)
        mb_after = memory_mb(pid)
        server_mb_after = psutil.Process(pid).memory_info().rss / 2**20
    opened = sorted(tally.opened) or [float("nan")]
    in_browser = sorted(tally.opened_in_browser) or [float("nan")]
    figures = {
        "learners": args.learners,
        "minutes": args.minutes,
        "pool": args.pool,
        "date": time.strftime("%Y-%m-%d"),
        "load_before": load_before,
        "browsers": args.browsers,
        "pages": len(tally.opened) + len(tally.opened_in_browser),
        "answers": tally.answers,
        "errors": tally.errors,
        "median_s": statistics.median(opened),
        "p95_s": percentile(opened, 0.95),
        "browser_pages": len(tally.opened_in_browser),
        "browser_median_s": statistics.median(in_browser),
        "browser_p95_s": percentile(in_browser, 0.95),
        "peak_kernels": peak["kernels"],
        "peak_mb": peak["mb"],
        "left": left - args.pool,
        "settle_s": settle_s,
        "mb_before": mb_before,
        "mb_after": mb_after,
        "server_mb_before": server_mb_before,
        "server_mb_after": server_mb_after,
    }
    (logs / "classroom.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    write_section(report(figures), Path(args.output))
    print(report(figures))
    good = not tally.errors and figures["left"] == 0 and mb_after <= mb_before * 1.10
    return 0 if good else 1


if __name__ == "__main__":
    raise SystemExit(main())
