"""The HTML around every page `vnie show` writes: one stylesheet, no external files.

Pages are opened straight from disk (file://) on analysts' machines and in CI's headless
browser, so everything a page needs is inside it.
"""

from __future__ import annotations

from html import escape

_STYLE = """
body { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 2em auto; max-width: 70em;
       padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } .meta { color: #555; } .legend mark { margin-right: .5em; }
table { border-collapse: collapse; margin: 1em 0; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.filters label { margin-right: 1.5em; } .filters input, .filters select { font-size: 1em; }
"""


def page(title: str, body: str) -> str:
    """A complete HTML document with the shared style; `body` is already-escaped markup."""
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def table(headers: list[str], rows: list[list[str]], table_id: str, numeric: frozenset[str] = frozenset(),
          row_attributes: list[str] | None = None) -> str:
    """An HTML table of already-escaped cells; columns named in `numeric` are right-aligned.

    `row_attributes` (escaped) go into each body row's tag, e.g. data for a search script.
    """
    attributes = row_attributes or [""] * len(rows)
    body = "\n".join(f"<tr{' ' + attrs if attrs else ''}>"
                     + "".join(f'<td class="num">{cell}</td>' if h in numeric else f"<td>{cell}</td>"
                               for h, cell in zip(headers, row)) + "</tr>" for row, attrs in zip(rows, attributes))
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f'<table id="{table_id}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'
