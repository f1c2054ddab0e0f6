"""Show a result table as people read it in a terminal, or as CSV or JSON for other tools."""

from __future__ import annotations

import pandas as pd
from pandas.api.types import is_numeric_dtype

_WIDEST = 60  # characters a text cell may take in the terminal table before it is cut


def render(frame: pd.DataFrame, fmt: str = "table") -> str:
    """The frame as text (`fmt`, one of pipeline.analysis.FORMATS): an aligned table, CSV or JSON records."""
    if fmt == "csv":
        return frame.to_csv(index=False)
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n"
    columns = [(str(name), is_numeric_dtype(frame[name]), [_cell(v) for v in frame[name]]) for name in frame.columns]
    widths = [max([len(name), *map(len, cells)]) for name, _, cells in columns]
    lines = ["  ".join(name.ljust(width) for (name, _, _), width in zip(columns, widths)).rstrip(),
             "  ".join("-" * width for width in widths)]
    for i in range(len(frame)):
        lines.append("  ".join(cells[i].rjust(width) if numeric else cells[i].ljust(width)
                               for (_, numeric, cells), width in zip(columns, widths)).rstrip())
    return "\n".join(lines) + ("\n(no rows)\n" if frame.empty else f"\n({len(frame)} row{'s' if len(frame) > 1 else ''})\n")


def _cell(value: object) -> str:
    """One cell's text: empty for null, whole numbers without ".0", dates as ISO, long text cut."""
    if not hasattr(value, "__len__") and pd.isna(value):  # lists (warnings) are cells, not nulls
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    text = str(value)
    return text if len(text) <= _WIDEST else text[: _WIDEST - 1] + "…"
