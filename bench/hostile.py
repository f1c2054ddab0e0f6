"""Hostile articles, generated on demand and never stored: texts no newspaper prints, built to
find the finders whose work grows faster than the text (issue 17). Each is made to a size in
bytes, so a profile at two or three sizes shows how its cost grows.

    capitalised   capitalised words with no punctuation (a place or organisation name never ends)
    figures       "123.456 đảng viên, 45,67% chi bộ" over and over (thousands of facts in one sentence)
    party_words   the words of party bodies and documents over and over, without a full stop
    html_page     a web page of megabytes whose main text is a few hundred characters
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.errors import StageFailure
from pipeline.ingest import IngestLimits, read_inputs
from pipeline.models import SourceDoc
from pipeline.stages import process

# what `vnie run --max-bytes` must allow for the page (the issue ran it with 30M)
MAX_BYTES = 30_000_000

_NAMES = ["Hà", "Nội", "Sơn", "Lâm", "Bình", "Minh", "Tuấn", "Văn", "Đức", "Hải", "Phòng", "Nam", "Long", "An"]
_PARTY = ("Ban Thường vụ Tỉnh ủy Đảng bộ tỉnh Chi bộ Đảng ủy xã Nghị quyết số 05-NQ/TW Ban Chấp hành Trung ương "
          "Đảng đảng viên Huyện ủy Ủy ban Kiểm tra Chỉ thị 12 năm 2023 ")


def _repeat(unit: str, size: int) -> str:
    """`unit` repeated up to `size` bytes of UTF-8, cut at a space."""
    times = max(1, size // len(unit.encode("utf-8")))
    return (unit * times).rstrip()


def capitalised(size: int) -> str:
    words = " ".join(_NAMES[(i * 7) % len(_NAMES)] for i in range(len(_NAMES))) + " "
    return _repeat(words, size)


def figures(size: int) -> str:
    return _repeat("123.456 đảng viên, 45,67% chi bộ ", size)


def party_words(size: int) -> str:
    return _repeat(_PARTY, size)


TEXTS: dict[str, Callable[[int], str]] = {"capitalised": capitalised, "figures": figures, "party_words": party_words}
# the sizes the issue reported them at
SIZES = {"capitalised": 100_000, "figures": 116_000, "party_words": 310_000}


def html_page(size: int, visible: int = 2_000) -> str:
    """A page of `size` bytes: a short article, then a long list of links and short items (a
    site map, a comment thread) that trafilatura keeps out of the main text as boilerplate."""
    article = "<article><h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh</h1><p>" + _repeat("Đảng bộ tỉnh họp. ", 180) + "</p></article>"
    item = "<li><a href='/tin/{0}'>Tin số {0}: đảng viên {0} chi bộ</a></li>"
    items, total, count = [], len(article), 0
    while total < size:
        items.append(item.format(count))
        total += len(items[-1])
        count += 1
    return f"<html><head><title>t</title></head><body>{article}<nav><ul>{''.join(items)}</ul></nav></body></html>"


def write_inputs(folder: Path, page_bytes: int = 20_000_000) -> list[Path]:
    """Every hostile article at the size the issue reported, as inputs of one run: a JSON Lines
    file of the texts and the page as an `.html` file (the issue's was 20 MB; run with
    `--max-bytes` MAX_BYTES)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = folder / "hostile.jsonl"
    texts.write_text("".join(json.dumps({"id": name, "text": make(SIZES[name])}, ensure_ascii=False) + "\n"
                             for name, make in TEXTS.items()), encoding="utf-8")
    page = folder / "hostile_page.html"
    page.write_text(html_page(page_bytes), encoding="utf-8")
    return [texts, page]


def warm_up() -> None:
    """Load the rules and word lists, as a worker has before its first batch, so that the first
    article timed does not pay for them."""
    for make in TEXTS.values():
        process(SourceDoc(doc_id="warm", input="-", format="txt", text=make(3_000), decoding="utf-8"))


def settle_times(inputs: list[Path], page_seconds: float = IngestLimits().page_seconds) -> Iterator[tuple[str, str, float]]:
    """Each input article read and processed in this process, one at a time, as a worker does:
    its doc_id, how it settled (written, or the reason it was rejected) and the seconds
    from starting to read it to its record or rejection (a page gets `page_seconds`, as
    `vnie run --article-timeout` gives it)."""
    items = read_inputs([str(path) for path in inputs], IngestLimits(max_bytes=MAX_BYTES, page_seconds=page_seconds))
    while True:
        started = time.perf_counter()
        item = next(items, None)
        if item is None:
            return
        outcome = "written"
        if isinstance(item, SourceDoc):
            try:
                process(item)
            except StageFailure as failure:
                outcome = failure.reason
        else:
            outcome = item.reason
        yield item.doc_id or item.input, outcome, time.perf_counter() - started
