"""`vnie show` pages as a person sees them, in a real headless Chromium.

The pages are loaded from disk (file://). `--dump-dom` gives the document after the page's
own script ran (the index search hides rows), and `--screenshot` shows whether the
highlights are actually painted. Chromium is installed by `make test` (`make browser`); a
missing browser fails these tests rather than skipping them, so CI cannot pass without them.

Expected spans and facts come from the gold labels of seed 002 (gold/party.jsonl).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from pipeline.analysis.article_page import ENTITY_COLOURS, FACT_COLOUR, page_file
from pipeline.analysis.show import write_site
from tests.conftest import ROOT

SEED = "002_817ad7f92e42fc09"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is not installed: run `make browser` (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def pages(run_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = tmp_path_factory.mktemp("pages")
    write_site(run_output, pages)
    return pages


def _browse(chromium: str, tmp_path: Path, url: str, *args: str) -> str:
    """Run Chromium headless on `url`; its standard output (the DOM, for --dump-dom)."""
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, url],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


class _Seen(HTMLParser):
    """What the DOM shows: highlighted marks (text, label), table rows by table id, hidden or not."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.rows: dict[str, list[list[str]]] = {}
        self.hidden_rows = 0
        self._stack: list[str] = []
        self._mark: list[str] | None = None
        self._label: list[str] | None = None
        self._label_text = ""
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "mark" and attributes.get("class") == "entity":
            self._mark = []
        elif tag == "span" and self._mark is not None:
            self._label = []
        elif tag == "table":
            self._table = attributes.get("id")
        elif tag == "tr" and self._table and self._stack[-1:] == ["tbody"]:
            if "hidden" in attributes:
                self.hidden_rows += 1
            else:
                self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()
        if tag == "span" and self._label is not None:
            self._label_text = "".join(self._label).strip()
            self._label = None
        elif tag == "mark" and self._mark is not None:
            self.marks.append(("".join(self._mark).strip(), self._label_text))
            self._mark = None
        elif tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self._table, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        for part in (self._label, self._mark, self._cell):
            if part is not None:
                part.append(data)
                break


def _seen(dom: str) -> _Seen:
    seen = _Seen()
    seen.feed(dom)
    return seen


def _gold(doc_id: str) -> dict:
    lines = (ROOT / "gold" / "party.jsonl").read_text(encoding="utf-8").splitlines()
    return next(json.loads(line) for line in lines if json.loads(line)["doc_id"] == doc_id)


def test_article_page_highlights_the_gold_spans_and_lists_the_facts(chromium, pages, tmp_path):
    dom = _browse(chromium, tmp_path, (pages / page_file(SEED)).as_uri(), "--dump-dom")
    seen = _seen(dom)
    gold = _gold(SEED)
    marks = set(seen.marks)
    assert ("4.294", "party_members") in marks  # the Lạng Sơn Đảng bộ Khối's members
    for entity in gold["entities"]:
        if entity["type"] in ("DOC", "PER"):
            assert (entity["text"], entity["type"]) in marks
    facts = seen.rows["facts"]
    assert {row[1] for row in facts} == {text for text, label in marks if label not in ENTITY_COLOURS}
    by_text = {row[1]: row for row in facts}
    for fact in gold["facts"]:
        if fact.get("metric") in ("party_members", "new_members", "grassroots_orgs"):
            row = by_text[fact["text"]]
            assert (row[2], row[3], row[4]) == (f"{fact['value']:g}", fact["unit"], fact["metric"])


def test_article_page_paints_every_kind_of_highlight(chromium, pages, tmp_path):
    shot = tmp_path / "page.png"
    _browse(chromium, tmp_path, (pages / page_file(SEED)).as_uri(), "--window-size=1280,2400",
            "--hide-scrollbars", f"--screenshot={shot}")
    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
    painted = {f"#{r:02x}{g:02x}{b:02x}": n for n, (r, g, b) in colours}
    for label, colour in {**ENTITY_COLOURS, "fact": FACT_COLOUR}.items():
        if label != "LOC":  # seed 002's only place is far down the page
            assert painted.get(colour, 0) > 500, f"{label} highlight ({colour}) not visible"


@pytest.mark.parametrize("search, expected", [
    ("province=Lạng Sơn", {"002_817ad7f92e42fc09"}),
    ("doc=12-CT/TU", {"001_3071c7396e23f874"}),  # Chỉ thị 12-CT/TU of the Quảng Ninh Tỉnh ủy
    ("org=bình liêu", {"001_3071c7396e23f874"}),  # Huyện ủy Bình Liêu, case and accents as typed
    ("doc=NQ-TW4-XII&province=Vĩnh Phúc", {"004_bdc711aa20a9d196"}),
])
def test_index_page_finds_articles_by_province_organisation_and_directive(chromium, pages, tmp_path,
                                                                         search, expected):
    url = (pages / "index.html").as_uri() + "?" + quote(search, safe="=&")
    seen = _seen(_browse(chromium, tmp_path, url, "--dump-dom"))
    shown = {row[0] for row in seen.rows["articles"]}
    assert shown == expected
    assert seen.hidden_rows == len(list(pages.glob("*.html"))) - 1 - len(expected)
    assert all((pages / page_file(doc_id)).is_file() for doc_id in shown)


def test_hostile_ids_get_pages_of_their_own_and_a_script_url_is_no_link(chromium, tmp_path):
    """Ids with "/", "%", "?", spaces and Vietnamese letters, "index", and a long one: each page
    exists, the index links to it and the link opens it; a javascript: address is no link."""
    from pipeline.cli import main

    text = "Đảng bộ xã Tứ Cường có 120 đảng viên sinh hoạt tại 12 chi bộ trực thuộc."
    ids = ["a/b%20c?d e", "Đảng bộ Tứ Cường", "index", "x" * 300]
    records = [{"id": doc_id, "text": text, "title": f"Bài {n}", "url": "javascript:alert(1)"}
               for n, doc_id in enumerate(ids)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")
    assert main(["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    pages = tmp_path / "pages"
    write_site(tmp_path / "out", pages)
    names = [page_file(doc_id) for doc_id in ids]
    assert len(set(names)) == len(ids) and "index.html" not in names and all(len(n) < 80 for n in names)
    index = _browse(chromium, tmp_path, (pages / "index.html").as_uri(), "--dump-dom")
    for doc_id, name in zip(ids, names):
        assert f'href="{name}"' in index                              # the index links to the page ...
        page = _browse(chromium, tmp_path, (pages / name).as_uri(), "--dump-dom")
        assert "Tứ Cường" in page and 'href="javascript:' not in page   # ... which opens, with no script link
