"""Figures drawn after the page's controls: after the running cell inside a kernel (checked
in a real kernel with the planner), at once anywhere else, and a failure shown where the
figure would have been."""

from __future__ import annotations

import asyncio
import threading
from queue import Empty

import ipywidgets as widgets
import pytest

from simsuite.widgets import common
from simsuite.widgets.common import draw_soon, drawing_html


def in_own_thread(coroutine_function) -> None:
    """Run a coroutine on a loop of its own: the test process may already have one running
    (the browser tests' driver), which must not be the one under test."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine_function())
        except BaseException as error:  # handed to the test's thread
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def test_outside_a_kernel_the_figure_is_drawn_at_once_even_in_a_running_loop():
    drawn = []
    draw_soon(lambda: drawn.append("no loop"))

    async def server():  # a loop that is not a kernel's
        draw_soon(lambda: drawn.append("other loop"))

    in_own_thread(server)
    assert drawn == ["no loop", "other loop"]


def test_in_a_kernel_the_figure_waits_until_the_cell_has_finished(monkeypatch):
    monkeypatch.setattr(common, "_kernel_loop", asyncio.get_running_loop)
    order = []

    async def cell():
        draw_soon(lambda: order.append("figure"))
        order.append("cell finished")
        await asyncio.sleep(0)  # the kernel's next turn: the reply has gone out
        order.append("after")

    in_own_thread(cell)
    assert order == ["cell finished", "figure", "after"]


def test_a_figure_that_cannot_be_drawn_says_so_in_its_places(monkeypatch):
    monkeypatch.setattr(common, "_kernel_loop", asyncio.get_running_loop)
    first, second = widgets.HTML(drawing_html()), widgets.HTML(drawing_html())

    def broken():
        raise ValueError("no data")

    async def cell():
        draw_soon(broken, first, second)
        await asyncio.sleep(0)

    in_own_thread(cell)
    for place in (first, second):
        assert "could not be drawn" in place.value
        assert "simsuite-drawing" not in place.value


def run_cell(client, code: str) -> str:
    """What the cell printed, once the kernel is idle again (waits as long as it takes)."""
    msg_id = client.execute(code)
    printed = []
    while True:
        try:
            message = client.get_iopub_msg(timeout=5)
        except Empty:
            continue
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            raise AssertionError("\n".join(message["content"]["traceback"]))
        elif message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return "".join(printed)


@pytest.mark.slow
def test_the_planner_in_a_kernel_answers_first_and_draws_next():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=600)
    try:
        places = "(p.venue_map, p.queue, p.risks)"
        at_the_reply = run_cell(
            client,
            "from simsuite.massevent.widgets import MassEventPlanner\n"
            "p = MassEventPlanner(lang='en')\n"
            f"print(['simsuite-drawing' in w.value for w in {places}],"
            " '<table' in p.summary.value)",
        )
        assert at_the_reply.strip() == "[True, True, True] True"  # the numbers, not yet figures
        next_turn = run_cell(client, f"print(['<img' in w.value for w in {places}])")
        assert next_turn.strip() == "[True, True, True]"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
