"""Draw a report's chart as a PNG: horizontal bars, one bar a row, stacked by a series.

Horizontal bars because the labels are long Vietnamese organisation names and document ids,
which stay readable written along the bar axis.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI

import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first
import pandas as pd  # noqa: E402


def bar_chart(bars: pd.DataFrame, title: str, xlabel: str, path: Path, stacked: bool = True) -> Path:
    """Write `bars` (index: bar labels, columns: series) as a horizontal bar chart: stacked
    when the series are parts of one whole, side by side (each bar labelled with its value)
    when they are different measures that must never be added (members and admissions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = 1.2 + 0.45 * len(bars) * (1 if stacked else max(1, len(bars.columns)))
    fig, ax = plt.subplots(figsize=(10, height))
    try:
        bars.iloc[::-1].plot.barh(ax=ax, stacked=stacked, legend=len(bars.columns) > 1, width=0.7)
        ax.set_title("\n".join(textwrap.wrap(title, 90)))
        ax.set_xlabel(xlabel)
        ax.set_ylabel("")
        for container in ax.containers if not stacked or len(bars.columns) == 1 else []:
            # a measure a period does not report has no bar and no "0"
            ax.bar_label(container, labels=[f"{v:g}" if v == v and v else "" for v in container.datavalues],
                         padding=3)
        fig.tight_layout()
        fig.savefig(path, dpi=100)
    finally:
        plt.close(fig)
    return path
