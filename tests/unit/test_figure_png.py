"""Figures drawn once and cropped must show what ``savefig(bbox_inches="tight")`` shows."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from simsuite.figure_png import figure_png
from simsuite.i18n import language
from simsuite.massevent import plots
from simsuite.massevent.model import (
    Scenario,
    event_from_dict,
    operations_from_dict,
    preset,
    preset_defaults,
)
from simsuite.massevent.risk import what_if


def _tight(figure: Figure, dpi: int) -> Image.Image:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.1)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _figures():
    event, operations = preset_defaults("tinchsoy-arena")
    scenario = Scenario(
        preset("tinchsoy-arena"), event_from_dict(event), operations_from_dict(operations)
    )
    result = what_if(scenario, ["capacity_cap"])
    before, after = result["before"], result["after"]
    return {
        "venue": lambda: plots.plot_venue(scenario.venue),
        "queue": lambda: plots.plot_queue(before.ingress),
        "risk matrix": lambda: plots.plot_risk_matrix(before.risks, after.risks),
    }


def _inked(image: Image.Image) -> int:
    return int(np.count_nonzero(np.asarray(image.convert("L")) < 255))


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", ["venue", "queue", "risk matrix"])
def test_the_crop_is_savefigs_tight_box_and_keeps_every_painted_pixel(name, lang):
    with language(lang):
        make = _figures()[name]
        cropped = Image.open(io.BytesIO(figure_png(make(), dpi=90)))
        tight = _tight(make(), dpi=90)
        whole = io.BytesIO()
        make().savefig(whole, format="png", dpi=90)
    # the same box as savefig's, to the pixel (each rounds the measured box its own way)
    assert abs(cropped.width - tight.width) <= 2 and abs(cropped.height - tight.height) <= 2
    # nothing painted on the whole canvas was cut away
    assert _inked(cropped) == _inked(Image.open(whole))


def test_a_label_past_the_canvas_edge_is_not_cut_off():
    figure = Figure(figsize=(3, 2))
    axes = figure.add_subplot()
    axes.set_ylabel("a label far longer than the figure is high, so it runs past the edge")
    png = Image.open(io.BytesIO(figure_png(figure, dpi=90)))
    # the canvas is 270 x 180 px; the label's whole length is kept, as savefig keeps it
    assert png.height > 180
    assert png.size == _tight(figure, dpi=90).size


def test_a_blank_figure_still_gives_an_image():
    assert figure_png(Figure(figsize=(2, 2)), dpi=50).startswith(b"\x89PNG")


def test_the_figure_keeps_its_own_resolution():
    figure = Figure(figsize=(2, 2), dpi=100)
    figure.add_subplot().plot([0, 1], [0, 1])
    figure_png(figure, dpi=50)
    assert figure.dpi == 100
