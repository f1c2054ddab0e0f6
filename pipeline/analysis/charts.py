"""Draw a report's chart as a PNG: horizontal bars, one bar a row, stacked by a series.

Horizontal bars because the labels are long Vietnamese organisation names and document ids,
which stay readable written along the bar axis.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI

import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first
import pandas as pd  # noqa: E402


def bar_chart(bars: pd.DataFrame, title: str, xlabel: str, path: Path) -> Path:
    """Write `bars` (index: bar labels, columns: stacked series) as a horizontal bar chart."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = 1.2 + 0.45 * len(bars)
    fig, ax = plt.subplots(figsize=(10, height))
    try:
        bars.iloc[::-1].plot.barh(ax=ax, stacked=True, legend=len(bars.columns) > 1, width=0.7)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("")
        if len(bars.columns) == 1:
            ax.bar_label(ax.containers[0], fmt="%g", padding=3)
        fig.tight_layout()
        fig.savefig(path, dpi=100)
    finally:
        plt.close(fig)
    return path
