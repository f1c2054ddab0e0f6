"""The index page of a run: every article, with a search by province, organisation and directive.

The search runs in the page (a few lines of JavaScript over data attributes), so the page
works from disk with no server. Its filters can also be set from the address, e.g.
`index.html?province=Lạng Sơn&doc=05-CT/TW`, to share a filtered view.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from pipeline.analysis.article_page import page_file
from pipeline.analysis.page_shell import page, table
from pipeline.analysis.rundb import run_query

# One row an article, missing text as '' (pandas would make it NaN), with what the search
# matches: the organisations (written-out names) and documents (canonical id, else the
# words) it mentions.
INDEX_SQL = """
SELECT a.doc_id, coalesce(a.title, '') AS title, coalesce(a.province, '') AS province,
       coalesce(CAST(a.published AS VARCHAR), '') AS published, a.facts,
       coalesce((SELECT list(DISTINCT coalesce(e.name, e.text) ORDER BY coalesce(e.name, e.text))
                 FROM entities e WHERE e.doc_id = a.doc_id AND e.type = 'ORG'), []) AS organisations,
       coalesce((SELECT list(DISTINCT coalesce(d.canonical, d.text) ORDER BY coalesce(d.canonical, d.text))
                 FROM documents d WHERE d.doc_id = a.doc_id), []) AS documents
FROM articles a
ORDER BY a.published NULLS LAST, a.doc_id
"""
_SHOWN = 6  # names a cell lists before "+N"

_SCRIPT = """
<script>
const fold = s => (s || "").normalize("NFC").toLocaleLowerCase("vi");
const filters = [...document.querySelectorAll("[data-filter]")];
const rows = [...document.querySelectorAll("#articles tbody tr")];
function apply() {
  let shown = 0;
  for (const row of rows) {
    const ok = filters.every(f => !f.value || (f.tagName === "SELECT"
      ? row.dataset[f.dataset.filter] === f.value
      : fold(row.dataset[f.dataset.filter]).includes(fold(f.value))));
    row.hidden = !ok;
    shown += ok;
  }
  document.getElementById("shown").textContent = shown;
}
const params = new URLSearchParams(location.search);
for (const f of filters) {
  if (params.has(f.name)) f.value = params.get(f.name);
  f.addEventListener("input", apply);
}
apply();
</script>
"""


def index_rows(out_dir: Path) -> pd.DataFrame:
    """The articles of a run with what the search needs."""
    return run_query(out_dir, INDEX_SQL)


def _names(names: list[str]) -> str:
    more = f" +{len(names) - _SHOWN}" if len(names) > _SHOWN else ""
    return escape("; ".join(names[:_SHOWN])) + more


def _filters(rows: pd.DataFrame) -> str:
    provinces = sorted(p for p in rows["province"].unique() if p)
    options = "".join(f"<option>{escape(p)}</option>" for p in provinces)
    lists = "".join(f'<datalist id="{column}-list">'
                    + "".join(f"<option>{escape(n)}</option>" for n in sorted({n for ns in rows[column] for n in ns}))
                    + "</datalist>" for column in ("organisations", "documents"))
    return (f'<p class="filters"><label>Province <select name="province" data-filter="province">'
            f'<option value="">(all)</option>{options}</select></label>'
            '<label>Organisation <input name="org" data-filter="orgs" list="organisations-list" size="30"></label>'
            '<label>Directive <input name="doc" data-filter="docs" list="documents-list" size="16"></label>'
            f'<span id="shown">{len(rows)}</span> of {len(rows)} articles</p>{lists}')


def index_html(rows: pd.DataFrame, run_name: str) -> str:
    """The index page over `index_rows`; each row links to the article's page."""
    cells, attributes = [], []
    for row in rows.itertuples():
        cells.append([f'<a href="{escape(page_file(row.doc_id))}">{escape(row.doc_id)}</a>', escape(row.title),
                      escape(row.province), row.published, str(row.facts),
                      _names(list(row.organisations)), _names(list(row.documents))])
        attributes.append(f'data-province="{escape(row.province)}" '
                          f'data-orgs="{escape(" | ".join(row.organisations))}" '
                          f'data-docs="{escape(" | ".join(row.documents))}"')
    listing = table(["article", "title", "province", "published", "facts", "organisations", "documents"],
                    cells, "articles", numeric=frozenset({"facts"}), row_attributes=attributes)
    body = f"<h1>vnie run {escape(run_name)}</h1>\n{_filters(rows)}\n{listing}\n{_SCRIPT}"
    return page(f"vnie run {run_name}", body)
