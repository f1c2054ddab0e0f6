"""Expand inputs and read each format into SourceDocs, reporting every rejection.

Inputs are files, directories (searched recursively), glob patterns and "-" (standard
input). Formats: `.txt` (one article per file), `.jsonl` (one article per line, the fields
of the shared corpus), `.html`/`.htm` (main text and metadata by trafilatura). Everything
is streamed: one file, one line at a time.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.budget import OverBudget, time_budget
from pipeline.ingest.decode import DecodeError, decode, repair_text
from pipeline.models import Problem, SourceDoc

if TYPE_CHECKING:
    import lxml.html

# Standard input has no suffix: a page is known by its first tag (after a BOM and blanks).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|meta|title|!--)", re.I)
SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
STAGE = "ingest"


@dataclass(frozen=True)
class IngestLimits:
    """What ingest refuses: an article (or file of one article) larger than `max_bytes`, and
    a web page whose main text takes trafilatura longer than `page_seconds` to find (0: no
    limit; it runs in the reading process, where a hostile page would stall the whole run)."""

    max_bytes: int = 2 * 1024 * 1024
    page_seconds: float = 5.0


def _problem(where: str, reason: str, detail: str, line: int | None = None, doc_id: str | None = None) -> Problem:
    return Problem(input=where, line=line, doc_id=doc_id, stage=STAGE, reason=reason, detail=detail)


def expand(inputs: Iterable[str]) -> Iterator[Path | str | Problem]:
    """Yield the files named by the inputs ("-" stays "-"), or a Problem for a bad name or for
    an entry of a folder that is no readable file (a FIFO, a socket, a dangling link, a folder
    that may not be listed). A folder walk and a `**` glob visit every real folder once, so a
    symbolic link that loops back is not followed round."""
    for name in inputs:
        if name == "-":
            yield "-"
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, set())
        elif path.is_file():
            yield path
        elif glob.has_magic(name):
            seen: set[str] = set()
            matches = sorted(Path(p) for p in glob.glob(name, recursive=True) if _once(Path(p), seen))
            if not matches:
                yield _problem(name, "not_found", "the pattern matches no file")
            yield from map(_entry, matches)
        elif path.is_symlink() or path.exists():
            yield _entry(path)
        else:
            yield _problem(name, "not_found", "no such file or directory")


def _once(path: Path, seen: set[str]) -> bool:
    """Whether `path` is no folder and not met before by its real path (a `**` glob reaches the
    files under a looping link again and again); what is no regular file is `_entry`'s to name."""
    if path.is_dir():
        return False
    real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | Problem]:
    """The files under `folder` in name order, each real folder once; what is no file, a Problem."""
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield _problem(str(folder), "unreadable", f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        else:
            yield _entry(entry)


def _entry(path: Path) -> Path | Problem:
    """A path met among the inputs that is no folder: the file itself, or why it cannot be read
    (a symbolic link to nothing, a FIFO or a socket), however it was named, walked or globbed."""
    if path.is_file():
        return path
    if path.is_symlink() and not path.exists():
        return _problem(str(path), "dangling_link", "a symbolic link to nothing")
    mode = path.stat().st_mode
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "no regular file"
    return _problem(str(path), "not_a_file", f"{kind}: vnie reads regular files only")


def count_articles(inputs: Iterable[str]) -> int | None:
    """How many items the inputs hold, for a progress bar: a .jsonl file's non-blank lines, one
    for any other file; None when standard input is among them (its size is known only at
    the end). Counting reads the files' bytes once, without decoding them."""
    total = 0
    for item in expand(inputs):
        if item == "-":
            return None
        if isinstance(item, Problem):
            total += 1
        elif SUFFIXES.get(item.suffix.lower()) == "jsonl":
            try:
                with item.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def read_inputs(inputs: Iterable[str], limits: IngestLimits = IngestLimits()) -> Iterator[SourceDoc | Problem]:
    """The ingest stage: every article of every input, or a Problem saying why not."""
    seen: set[str] = set()
    for item in expand(inputs):
        if isinstance(item, Problem):
            yield item
            continue
        for result in _guarded(item, limits):
            if isinstance(result, SourceDoc):
                if result.doc_id in seen:
                    result = _problem(result.input, "duplicate_id", f"doc_id {result.doc_id!r} was already read in this run",
                                      result.line, result.doc_id)
                else:
                    seen.add(result.doc_id)
            yield result


def _guarded(item: Path | str, limits: IngestLimits) -> Iterator[SourceDoc | Problem]:
    """`_read_one`, with any unexpected error while reading, decoding or hashing the input
    turned into one problem line for it: one bad input never ends the run."""
    read = 0
    try:
        for result in _read_one(item, limits):
            read += 1
            yield result
    except Exception as exc:  # noqa: BLE001 - whatever broke, it broke for this input only
        yield _problem(str(item), "unreadable", f"reading stopped after {read} item(s): {type(exc).__name__}: {exc}")


def _read_one(item: Path | str, limits: IngestLimits) -> Iterator[SourceDoc | Problem]:
    if item == "-":
        data = sys.stdin.buffer.read()
        if data.lstrip()[:1] == b"{":
            yield from _jsonl_lines("-", data.splitlines(keepends=True), limits)
        else:
            yield _whole_file("-", "stdin", data, "html" if _HTML_START.match(data) else "txt", limits)
        return
    path = Path(item)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        yield _problem(str(path), "unsupported_format", f"unknown file type {path.suffix or '(none)'!r}; "
                       "vnie reads .txt, .jsonl, .html and .htm")
        return
    try:
        if fmt == "jsonl":
            with path.open("rb") as handle:
                found = 0
                for result in _jsonl_lines(str(path), handle, limits):
                    found += 1
                    yield result
            if not found:
                yield _problem(str(path), "empty", "the JSON Lines file holds no record")
            return
        if path.stat().st_size > limits.max_bytes:
            yield _problem(str(path), "too_large", f"{path.stat().st_size} bytes, over the limit of {limits.max_bytes}")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _problem(str(path), "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    yield _whole_file(str(path), path.stem, data, fmt, limits)


def _whole_file(where: str, doc_id: str, data: bytes, fmt: str, limits: IngestLimits) -> SourceDoc | Problem:
    if len(data) > limits.max_bytes:
        return _problem(where, "too_large", f"{len(data)} bytes, over the limit of {limits.max_bytes}", doc_id=doc_id)
    try:
        decoded = decode(data)
    except DecodeError as exc:
        return _problem(where, exc.reason, exc.detail, doc_id=doc_id)
    if fmt == "html":
        try:
            with time_budget(limits.page_seconds):
                return _html(where, doc_id, decoded.text, decoded.decoding)
        except OverBudget:
            return _problem(where, "too_slow", f"finding the main text of a {len(data):,}-byte page took over "
                                               f"{limits.page_seconds:g} s", doc_id=doc_id)
    return SourceDoc(doc_id=doc_id, input=where, format="txt", text=decoded.text, decoding=decoded.decoding)


def _jsonl_lines(where: str, lines: Iterable[bytes], limits: IngestLimits) -> Iterator[SourceDoc | Problem]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > limits.max_bytes:
            yield _problem(where, "too_large", f"{len(raw)} bytes, over the limit of {limits.max_bytes}", number)
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield _problem(where, "malformed_json", f"not a JSON object: {exc}", number)
            continue
        if not isinstance(record, dict):
            yield _problem(where, "malformed_json", "the line is JSON but not an object", number)
            continue
        yield _record(where, number, record)


def _record(where: str, number: int, record: dict) -> SourceDoc | Problem:
    doc_id = record.get("id")
    if not isinstance(doc_id, str) or not doc_id.strip():
        return _problem(where, "missing_id", "the record has no string field 'id'", number)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return _problem(where, "missing_text", "the record has no non-empty string field 'text'", number, doc_id)
    if _LONE_SURROGATE.search(text):
        return _problem(where, "undecodable", "the text holds a lone surrogate escape (\\ud800-\\udfff), no character",
                        number, doc_id)
    decoded = repair_text(text, "json")
    warnings = []
    published = None
    if record.get("published"):
        try:
            published = dt.date.fromisoformat(str(record["published"])[:10])
        except ValueError:
            warnings.append(f"field 'published' {record['published']!r} is not an ISO date; ignored")
    return SourceDoc(
        doc_id=doc_id, input=where, line=number, format="jsonl", text=decoded.text, decoding=decoded.decoding,
        title=_field(record, "title"), author=_field(record, "author"), published=published,
        feed=_field(record, "source"), url=_field(record, "url"), warnings=warnings,
    )


def _field(record: dict, key: str) -> str | None:
    value = record.get(key)
    return unicodedata.normalize("NFC", value).strip() or None if isinstance(value, str) else None


def _html(where: str, doc_id: str, page: str, decoding: str) -> SourceDoc | Problem:
    """Main text and metadata of a web page, by trafilatura (no hand-written tag stripping)."""
    import trafilatura  # loaded only when a page is read: it is slow to import

    prepared, visible = _prepared(page)
    document = trafilatura.bare_extraction(prepared, with_metadata=True, include_comments=False)
    extracted = document.as_dict() if document is not None else {}
    text = extracted.get("text") or ""
    if not text.strip():
        return _problem(where, "no_main_text", "trafilatura found no article text in the page", doc_id=doc_id)
    text = unicodedata.normalize("NFC", text)
    warnings = []
    if visible >= _SHORT_MIN_VISIBLE and len(text) < visible * _SHORT_SHARE:
        warnings.append(f"html_text_short: {len(text):,} characters of text taken from a page that shows {visible:,}; "
                        "the article may be cut or the page may hold others")
    published = None
    if extracted.get("date"):
        try:
            published = dt.date.fromisoformat(str(extracted["date"])[:10])
        except ValueError:
            published = None
    return SourceDoc(
        doc_id=doc_id, input=where, format="html", text=text, decoding=decoding,
        title=extracted.get("title"), author=extracted.get("author"), published=published,
        source=_site(extracted), url=extracted.get("url"), warnings=warnings,
    )


# A page whose extracted text is under this share of the text it shows (and that shows at
# least this much) gets a warning: a news page's menus and links are a few times its story,
# not twenty times (a 20 MB page gave 189 characters, silently).
_SHORT_SHARE = 0.05
_SHORT_MIN_VISIBLE = 10_000
_INVISIBLE = "ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"


def _prepared(page: str) -> tuple[str, int]:
    """The page as trafilatura is given it (captions as paragraphs), and how many characters
    of text it shows (its body's text outside scripts and styles, spaces collapsed), from one
    parse. A page lxml cannot parse is passed on as it is, showing 0."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(page)
    except (lxml.etree.ParserError, ValueError):
        return page, 0
    texts = lxml.etree.XPath(f"//body//text()[not({_INVISIBLE})]", smart_strings=False)   # plain strings
    visible = sum(len(" ".join(piece.split())) for piece in texts(tree))
    return _captions_as_paragraphs(tree, page), visible


def _captions_as_paragraphs(tree: lxml.html.HtmlElement, page: str) -> str:
    """Each <figure> of the parsed `page` replaced by a paragraph of its <figcaption>, in
    place: trafilatura drops figures whole, and a photo caption ("… Ảnh: Thanh Lê") is text
    the layout stage reads as a caption block with its credit."""
    import lxml.html

    figures = list(tree.iter("figure"))
    if not figures:
        return page
    for figure in figures:
        caption = figure.find(".//figcaption")
        paragraph = lxml.html.Element("p")
        paragraph.text = " ".join(caption.text_content().split()) if caption is not None else ""
        paragraph.tail = figure.tail
        figure.getparent().replace(figure, paragraph)
    return lxml.html.tostring(tree, encoding="unicode")


_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}")


def _site(metadata: dict) -> str | None:
    """The publishing site's domain: the page's host (its canonical URL), else its og:site_name
    when that is written as a domain ("baolangson.vn"; "Báo Lạng Sơn" names no domain)."""
    for found in (metadata.get("hostname"), metadata.get("sitename")):
        domain = (found or "").strip().lower().removeprefix("www.")
        if _DOMAIN.fullmatch(domain):
            return domain
    return None
