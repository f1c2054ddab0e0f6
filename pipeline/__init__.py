"""vnie: information extraction from Vietnamese news about Party building.

The pipeline is a list of stages (see `pipeline.stages`); data flows one way through them.
"""

__version__ = "0.1.0"

__all__ = ["extract"]


def __getattr__(name: str) -> object:
    """`from pipeline import extract`: loaded on first use, so the command line's start (which
    imports this package) does not pay for the stages it may not run."""
    if name == "extract":
        from pipeline.extraction import extract
        return extract
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
