"""The one exception a stage raises to reject an article; the run turns it into errors.jsonl."""

from __future__ import annotations


class Rejected(Exception):
    """An article that cannot go on, with a reason code and a sentence for a person."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class StageFailure(Exception):
    """A rejection (or a crash) attributed to the stage where it happened."""

    def __init__(self, stage: str, reason: str, detail: str) -> None:
        super().__init__(f"{stage}: {reason}: {detail}")
        self.stage = stage
        self.reason = reason
        self.detail = detail
