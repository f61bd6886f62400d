"""Figures for the report pages, as ``data:`` URIs so each page is one self-contained file."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no screen on a grading server

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import ticker  # noqa: E402

STUDENT_COLOURS = {"training": "#1f6fb4", "validation": "#d9480f"}
REFERENCE_COLOUR = "#8a8a8a"


def png_uri(figure: plt.Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def learning_curve(metric: str, curves: dict, reference: dict | None) -> str:
    """One metric over the epochs: the student's training and validation lines, and the
    reference's as dashed grey lines behind them."""
    figure, axes = plt.subplots(figsize=(4.8, 3.2))
    for split, key in (("training", metric), ("validation", f"val_{metric}")):
        if reference and reference.get(key):
            style = "--" if split == "training" else ":"
            _plot(axes, reference[key], f"reference {split}", REFERENCE_COLOUR, style)
        if curves.get(key):
            _plot(axes, curves[key], f"yours, {split}", STUDENT_COLOURS[split], "-", marker="o")
    axes.set_xlabel("epoch")
    axes.set_ylabel(metric)
    axes.set_title(metric.capitalize())
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    return png_uri(figure)


def _plot(axes, values: Sequence[float], label: str, colour: str, style: str, **kw) -> None:
    epochs = np.arange(1, len(values) + 1)
    axes.plot(epochs, values, style, color=colour, label=label, markersize=3, **kw)


def histogram(
    values: Sequence[float],
    bins: Sequence[float],
    xlabel: str,
    threshold: float | None = None,
    threshold_label: str = "",
    ylabel: str = "submissions",
    log: bool = False,
    weights: Sequence[float] | None = None,
) -> str:
    """``log``: a log count axis, where a few values stand far above a crowd;
    ``weights``: how many times each value counts (a class's many pairs at 0 are one)."""
    figure, axes = plt.subplots(figsize=(4.8, 3.0))
    values = np.asarray(values, dtype=float)  # a list of 100,000 floats is slow to bin
    axes.hist(values, bins=bins, weights=weights, color="#1f6fb4", edgecolor="white", log=log)
    if threshold is not None:
        axes.axvline(threshold, color="#d9480f", linestyle="--", label=threshold_label)
        axes.legend(fontsize=8)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    if log:  # decades only: minor ticks on a log axis cost more to draw than the rest
        axes.yaxis.set_minor_locator(ticker.NullLocator())
    else:
        axes.yaxis.get_major_locator().set_params(integer=True)
    axes.grid(alpha=0.3, axis="y")
    return png_uri(figure)
