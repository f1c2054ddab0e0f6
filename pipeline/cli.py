"""The `vnie` command: wires stages to files; holds no extraction logic of its own."""

from __future__ import annotations

import argparse
import json
import sys
import webbrowser
from pathlib import Path

from pipeline import __version__
from pipeline.analysis import FORMATS
from pipeline.engines import WorkersFailed
from pipeline.evaluate.annotations import compile_annotation, dump_line, read_annotation
from pipeline.evaluate.evaluator import evaluate
from pipeline.evaluate.goldfile import GoldError, gold_files, load_gold, reference_texts
from pipeline.ingest import IngestLimits
from pipeline.models import Article, Prediction, Problem
from pipeline.rules import data_dir
from pipeline.run import OutputBusy, OutputUnwritable, RunOptions, RunStopped, run

EX_IOERR = 74   # sysexits.h: an output write failed


def _run(args: argparse.Namespace) -> int:
    inputs = args.inputs or [str(data_dir("corpus"))]
    if args.scheduler and args.engine != "dask":
        print("vnie run: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    options = RunOptions(workers=args.workers, engine=args.engine, scheduler=args.scheduler,
                         batch_size=args.batch_size, limits=IngestLimits(max_bytes=args.max_bytes),
                         progress=False if args.quiet else None, article_timeout=args.article_timeout)
    try:
        summary = run(inputs, Path(args.output), options)
    except (OutputBusy, WorkersFailed) as exc:
        print(f"vnie run: {exc}", file=sys.stderr)
        return 2
    except OutputUnwritable as failed:
        _resumable(failed, failed.summary.processed, "free space (or make the folder writable) and ")
        return EX_IOERR
    except RunStopped as stopped:
        _resumable(stopped, stopped.summary.processed)
        return 130 if stopped.signal_name == "Ctrl-C" else 143
    for line in summary.lines():
        print(line, file=sys.stderr)
    print(f"outputs in {args.output}/ (records.jsonl, predictions.jsonl, errors.jsonl, vnie.duckdb, tables/)",
          file=sys.stderr)
    return 0 if summary.written or summary.skipped else 1


def _resumable(why: Exception, settled: int, first: str = "") -> None:
    """The one line of a run that ended early and resumes: why, what it kept, what to do."""
    print(f"vnie run: {why}; {settled} articles settled in this run are kept, {first}run the same command to go on",
          file=sys.stderr)


def _verify(args: argparse.Namespace) -> int:
    from pipeline.verify import NotAnOutput, verify

    out = Path(args.out)
    try:
        verdict = verify(out)
    except NotAnOutput as exc:
        print(f"vnie verify: {exc}", file=sys.stderr)
        return 2
    print("\n".join(verdict.lines(out)))
    return 1 if verdict.problems else 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more seconds, not {text}")
    return value


def _schema(args: argparse.Namespace) -> int:
    schemas = {model.__name__: model.model_json_schema() for model in (Article, Prediction, Problem)}
    text = json.dumps(schemas, ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def _default_article_inputs() -> list[str]:
    """Where gold articles are read from: the bundled seeds and ../shared/corpus if present."""
    inputs = [str(data_dir("corpus"))]
    shared = Path("../shared/corpus")
    if shared.is_dir():
        inputs.append(str(shared))
    return inputs


def _eval(args: argparse.Namespace) -> int:
    try:
        result = evaluate(Path(args.gold), args.inputs or _default_article_inputs(), Path(args.report),
                          pred_path=Path(args.pred) if args.pred else None, baseline=not args.no_baseline)
    except GoldError as exc:
        print(f"vnie eval: {exc}", file=sys.stderr)
        return 2
    print(result.table)
    if result.unpredicted:
        shown = ", ".join(result.unpredicted[:10]) + (" …" if len(result.unpredicted) > 10 else "")
        print(f"{len(result.unpredicted)} gold article(s) have no prediction and are left out: {shown}",
              file=sys.stderr)
    print(f"reports in {args.report}/ (scores.json, report.html)", file=sys.stderr)
    return 0


def _gold_compile(args: argparse.Namespace) -> int:
    paths = sorted(p for src in args.sources for p in (Path(src).glob("*.yaml") if Path(src).is_dir() else [Path(src)]))
    annotations = [(path, read_annotation(path)) for path in paths]
    docs = reference_texts(args.inputs or _default_article_inputs(), {a["doc_id"] for _, a in annotations})
    lines, failures = [], []
    for path, data in annotations:
        try:
            if data["doc_id"] not in docs:
                raise GoldError(f"{path}: article {data['doc_id']} is not among the inputs")
            lines.append(dump_line(compile_annotation(data, docs[data["doc_id"]].text, str(path))))
        except GoldError as exc:
            failures.append(str(exc))
    if failures:
        print("vnie gold compile: refused:\n" + "\n".join(failures), file=sys.stderr)
        return 2
    Path(args.output).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"compiled {len(lines)} articles into {args.output}", file=sys.stderr)
    return 0


def _gold_check(args: argparse.Namespace) -> int:
    try:
        gold, _ = load_gold(Path(args.gold), args.inputs or _default_article_inputs())
    except GoldError as exc:
        print(f"vnie gold check: {exc}", file=sys.stderr)
        return 2
    files = ", ".join(str(f) for f in gold_files(Path(args.gold)))
    print(f"{len(gold)} gold articles valid ({files})")
    return 0


# The analysts' commands import their modules when they run: those load pandas, matplotlib
# and spaCy (about a second), which `vnie run` and its spawned workers should not pay for.

def _query(args: argparse.Namespace) -> int:
    from pipeline.analysis.formatting import render
    from pipeline.analysis.rundb import AnalysisError, run_query

    try:
        table = run_query(Path(args.out), args.sql, allow_files=args.allow_files)
    except AnalysisError as exc:
        print(f"vnie query: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(table, args.format))
    return 0


def _report(args: argparse.Namespace) -> int:
    from pipeline.analysis.formatting import render
    from pipeline.analysis.reports import REPORTS, run_report
    from pipeline.analysis.rundb import AnalysisError

    if args.name is None:
        print("\n".join(f"{report.name:12} {report.title}" for report in REPORTS.values()))
        return 0
    try:
        # csv and json feed other programs: they never draw (nor does --no-chart)
        draw = args.format == "table" and not args.no_chart
        result = run_report(Path(args.out), args.name, Path(args.chart) if args.chart else None, draw=draw,
                            org=args.org)
    except AnalysisError as exc:
        print(f"vnie report: {exc}", file=sys.stderr)
        return 2
    if args.format == "table":
        print(f"{result.report.title}\n")
    sys.stdout.write(render(result.table, args.format))
    if result.chart_path:
        print(f"chart in {result.chart_path}", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    from pipeline.analysis.rundb import AnalysisError
    from pipeline.analysis.show import write_article, write_site

    out = Path(args.out)
    pages = Path(args.output) if args.output else out / "show"
    try:
        path = write_article(out, args.doc_id, pages) if args.doc_id else write_site(out, pages)
    except AnalysisError as exc:
        print(f"vnie show: {exc}", file=sys.stderr)
        return 2
    print(path)
    if args.open:
        webbrowser.open(path.resolve().as_uri())
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: `vnie run`, `verify`, `schema`, `eval`, `gold`, `query`, `report`, `show`."""
    top = argparse.ArgumentParser(prog="vnie", description="Extract structured facts from Vietnamese Party-building news.")
    top.add_argument("--version", action="version", version=f"vnie {__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    run_cmd = sub.add_parser("run", help="run the pipeline over articles (default: the bundled corpus/)")
    run_cmd.add_argument("inputs", nargs="*", metavar="INPUT",
                         help="files, directories, glob patterns or - (stdin); .txt, .jsonl, .html")
    run_cmd.add_argument("-o", "--output", required=True, metavar="OUT", help="output directory")
    run_cmd.add_argument("--max-bytes", type=int, default=IngestLimits().max_bytes,
                         help="reject an article larger than this many bytes (default: %(default)s)")
    run_cmd.add_argument("--workers", type=_positive, default=RunOptions().workers,
                         help="worker processes (default: this machine's cores, %(default)s)")
    run_cmd.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="local worker processes, or a Dask distributed cluster (default: %(default)s)")
    run_cmd.add_argument("--scheduler", metavar="ADDRESS",
                         help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: start a LocalCluster)")
    run_cmd.add_argument("--batch-size", type=_positive, default=RunOptions().batch_size,
                         help="articles committed together; an interruption loses at most the batches in flight")
    run_cmd.add_argument("--article-timeout", type=_seconds, default=RunOptions().article_timeout, metavar="SECONDS",
                         help="reject an article still processing after this many seconds as too_slow; "
                              "0: no limit (default: %(default)s)")
    run_cmd.add_argument("-q", "--quiet", action="store_true", help="no progress display (the summary is still printed)")
    run_cmd.set_defaults(handler=_run)

    verify_cmd = sub.add_parser("verify", help="check a run's output folder against its manifests, changing nothing "
                                               "(exit status 1 on damage)")
    verify_cmd.add_argument("out", metavar="OUT", help="the output folder of `vnie run`")
    verify_cmd.set_defaults(handler=_verify)

    schema_cmd = sub.add_parser("schema", help="print the JSON Schema of the records")
    schema_cmd.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    schema_cmd.set_defaults(handler=_schema)
    inputs_help = "articles the gold refers to (default: corpus/ and ../shared/corpus)"
    eval_cmd = sub.add_parser("eval", help="score predictions against gold (gold-format.md §5)")
    eval_cmd.add_argument("--gold", required=True, help="a gold .jsonl file or a folder of them")
    source = eval_cmd.add_mutually_exclusive_group(required=True)
    source.add_argument("--pred", help="a predictions.jsonl file (any scorer's, same line shape)")
    source.add_argument("--run", action="store_true", help="run the pipeline on the gold articles now")
    eval_cmd.add_argument("--inputs", nargs="+", help=inputs_help)
    eval_cmd.add_argument("--report", default="eval-report", help="folder for scores.json and report.html")
    eval_cmd.add_argument("--no-baseline", action="store_true", help="skip the underthesea ner row")
    eval_cmd.set_defaults(handler=_eval)

    gold_cmd = sub.add_parser("gold", help="compile and check gold files")
    gold_sub = gold_cmd.add_subparsers(dest="gold_command", required=True)
    compile_cmd = gold_sub.add_parser("compile", help="compile YAML annotations into a gold .jsonl file")
    compile_cmd.add_argument("sources", nargs="+", help="annotation .yaml files or folders of them")
    compile_cmd.add_argument("-o", "--output", required=True, help="the gold .jsonl file to write")
    compile_cmd.add_argument("--inputs", nargs="+", help=inputs_help)
    compile_cmd.set_defaults(handler=_gold_compile)
    check_cmd = gold_sub.add_parser("check", help="validate a gold file or folder against the articles")
    check_cmd.add_argument("gold")
    check_cmd.add_argument("--inputs", nargs="+", help=inputs_help)
    check_cmd.set_defaults(handler=_gold_check)

    query_cmd = sub.add_parser("query", help="run SQL over a run's tables and views (docs/data-model.md)")
    query_cmd.add_argument("out", metavar="OUT", help="the output folder of `vnie run`")
    query_cmd.add_argument("sql", metavar="SQL", help='e.g. "SELECT * FROM member_counts"')
    query_cmd.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    query_cmd.add_argument("--allow-files", action="store_true",
                           help="let the SQL read or write files (COPY … TO, read_csv …); refused by default")
    query_cmd.set_defaults(handler=_query)

    report_cmd = sub.add_parser("report", help="print a ready report and write its chart (no NAME: list them)")
    report_cmd.add_argument("out", metavar="OUT", help="the output folder of `vnie run`")
    report_cmd.add_argument("name", metavar="NAME", nargs="?", help="the report (without it: the list of reports)")
    report_cmd.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    report_cmd.add_argument("--chart", metavar="PNG", help="where to write the chart (default: OUT/reports/NAME.png)")
    report_cmd.add_argument("--no-chart", action="store_true", help="print the table only (csv and json never draw)")
    report_cmd.add_argument("--org", metavar="TEXT", help="trend: the organisation, any part of its org_key "
                            "('khối các cơ quan tỉnh | Lạng Sơn'); the chart needs it to match one key")
    report_cmd.set_defaults(handler=_report)

    show_cmd = sub.add_parser("show", help="write an article's page with its extractions highlighted "
                                           "(no DOC_ID: the index page and every article's page)")
    show_cmd.add_argument("out", metavar="OUT", help="the output folder of `vnie run`")
    show_cmd.add_argument("doc_id", metavar="DOC_ID", nargs="?", help="the article to show")
    show_cmd.add_argument("-o", "--output", metavar="DIR", help="folder for the pages (default: OUT/show)")
    show_cmd.add_argument("--open", action="store_true", help="open the page in the web browser")
    show_cmd.set_defaults(handler=_show)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
