"""The `vnie` command: wires stages to files; holds no extraction logic of its own."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.ingest import IngestLimits
from pipeline.models import Article, Prediction, Problem
from pipeline.rules import data_dir
from pipeline.run import run


def _run(args: argparse.Namespace) -> int:
    inputs = args.inputs or [str(data_dir("corpus"))]
    summary = run(inputs, Path(args.output), IngestLimits(max_bytes=args.max_bytes))
    for line in summary.lines():
        print(line, file=sys.stderr)
    print(f"outputs in {args.output}/ (records.jsonl, predictions.jsonl, errors.jsonl)", file=sys.stderr)
    return 0 if summary.written else 1


def _schema(args: argparse.Namespace) -> int:
    schemas = {model.__name__: model.model_json_schema() for model in (Article, Prediction, Problem)}
    text = json.dumps(schemas, ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: `vnie run`, `vnie schema`."""
    top = argparse.ArgumentParser(prog="vnie", description="Extract structured facts from Vietnamese Party-building news.")
    top.add_argument("--version", action="version", version=f"vnie {__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    run_cmd = sub.add_parser("run", help="run the pipeline over articles (default: the bundled corpus/)")
    run_cmd.add_argument("inputs", nargs="*", metavar="INPUT",
                         help="files, directories, glob patterns or - (stdin); .txt, .jsonl, .html")
    run_cmd.add_argument("-o", "--output", required=True, metavar="OUT", help="output directory")
    run_cmd.add_argument("--max-bytes", type=int, default=IngestLimits().max_bytes,
                         help="reject an article larger than this many bytes (default: %(default)s)")
    run_cmd.set_defaults(handler=_run)

    schema_cmd = sub.add_parser("schema", help="print the JSON Schema of the records")
    schema_cmd.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    schema_cmd.set_defaults(handler=_schema)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
