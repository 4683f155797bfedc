"""Figures drawn after the page's controls: at once outside a kernel, after the running cell
inside one, and a failure shown where the figure would have been."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from simsuite.widgets.common import draw_soon, drawing_html


def test_without_an_event_loop_the_figure_is_drawn_at_once():
    drawn = []
    draw_soon(lambda: drawn.append("figure"))
    assert drawn == ["figure"]


def test_in_a_running_loop_the_figure_waits_until_the_current_step_has_finished():
    order = []

    async def cell():
        draw_soon(lambda: order.append("figure"))
        order.append("cell finished")
        await asyncio.sleep(0)  # the kernel's next step: the reply goes out, then the figure
        await asyncio.sleep(0)
        order.append("after")

    asyncio.run(cell())
    assert order == ["cell finished", "figure", "after"]


def test_a_figure_that_cannot_be_drawn_says_so_in_its_places():
    first, second = widgets.HTML(drawing_html()), widgets.HTML(drawing_html())

    def broken():
        raise ValueError("no data")

    async def cell():
        draw_soon(broken, first, second)
        await asyncio.sleep(0)

    asyncio.run(cell())
    for place in (first, second):
        assert "could not be drawn" in place.value
        assert "simsuite-drawing" not in place.value
