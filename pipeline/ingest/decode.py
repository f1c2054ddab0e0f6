"""Turn the bytes of one input into text, strictly, or say why not.

Order: UTF-8 (with or without BOM), UTF-16 by its BOM, then the single-byte readings
(Windows-1258, TCVN3, VNI), of which one is taken only if it reads as Vietnamese and the
others clearly do not. Mojibake (UTF-8 read as Latin-1/cp1252) is repaired with ftfy, and
text typed in a legacy font but stored as Unicode is converted. Nothing is guessed.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import ftfy
import ftfy.badness

from pipeline.ingest.legacy import CONVERTERS, vietnamese_score

# A reading is accepted when at least this share of its words is well-formed Vietnamese.
ACCEPT = 0.90
# ... and beats the next-best reading by this margin.
MARGIN = 0.10


class DecodeError(Exception):
    """Bytes that cannot be read with confidence; `reason` is the errors.jsonl code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass
class Decoded:
    text: str
    decoding: str


def _single_byte_readings(data: bytes) -> dict[str, str]:
    readings = {"cp1258": data.decode("cp1258", errors="replace")}
    latin = data.decode("latin-1")
    readings["tcvn3"] = CONVERTERS["tcvn3"](latin)
    readings["vni"] = CONVERTERS["vni"](data.decode("cp1252", errors="replace"))
    return readings


def _best(readings: dict[str, str], baseline: float = 0.0) -> tuple[str, str] | None:
    """The one reading that is Vietnamese where the others are not, else None."""
    scored = sorted(((vietnamese_score(t), name, t) for name, t in readings.items()), reverse=True)
    (top, name, text), runner_up = scored[0], max([s for s, *_ in scored[1:]] + [baseline])
    if top >= ACCEPT and top - runner_up >= MARGIN and "\ufffd" not in text:
        return name, text
    return None


def repair_text(text: str, decoding: str) -> Decoded:
    """Repair mojibake and legacy-font text inside an already decoded string."""
    score = vietnamese_score(text)
    if score < ACCEPT:   # well-formed Vietnamese needs no repair (and ftfy's check is slow on long text)
        fixed = ftfy.fix_encoding(text) if ftfy.badness.is_bad(text) else text
        if fixed != text and vietnamese_score(fixed) > score:
            return Decoded(unicodedata.normalize("NFC", fixed), f"{decoding}+mojibake-repaired")
        # Legacy-font text stored as Unicode keeps its Latin-1 look: "§¶ng bé", "Ñaûng boä".
        readings = {name: convert(text) for name, convert in CONVERTERS.items()}
        best = _best(readings, baseline=score)
        if best:
            return Decoded(best[1], f"{decoding}+{best[0]}")
    return Decoded(unicodedata.normalize("NFC", text), decoding)


def decode(data: bytes) -> Decoded:
    """Decode one input's bytes, or raise DecodeError naming why it cannot be trusted."""
    if not data.strip():
        raise DecodeError("empty", "the input is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return repair_text(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError("undecodable", f"UTF-16 byte order mark but invalid UTF-16: {exc}") from exc
    if b"\x00" in data:
        raise DecodeError("binary", "the input contains NUL bytes: a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = _best(_single_byte_readings(data))
        if best is None:
            raise DecodeError(
                "undecodable",
                "not UTF-8, and neither Windows-1258 nor TCVN3 nor VNI reads as Vietnamese with confidence",
            ) from None
        return Decoded(unicodedata.normalize("NFC", best[1]), best[0])
    return repair_text(text, "utf-8")
