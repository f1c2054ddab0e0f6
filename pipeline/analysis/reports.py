"""The ready reports: a named query over one of the views, and the chart that shows it.

`vnie report OUT NAME` prints the table and writes the chart; each report reads only the
view that answers its question (pipeline.analysis.views), so what the report says and what
`vnie query` says about the same view are the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.analysis.charts import bar_chart
from pipeline.analysis.rundb import AnalysisError, run_query


@dataclass(frozen=True)
class Chart:
    """How a report's rows become bars: labels and series, the axis name, and whether the
    series stack (parts of one whole) or stand side by side (measures never added)."""

    bars: Callable[[pd.DataFrame], pd.DataFrame]
    xlabel: str
    stacked: bool = True


@dataclass(frozen=True)
class Report:
    """A ready report: its name on the command line, its title, its query, its chart if any."""

    name: str
    title: str
    sql: str
    chart: Chart | None = None
    by_org: bool = False   # the SQL takes one parameter: part of an org_key (`--org`), "" for all


@dataclass(frozen=True)
class ReportResult:
    """What running a report gave: the table and where its chart was written (if it was)."""

    report: Report
    table: pd.DataFrame
    chart_path: Path | None


def _label(row: pd.Series, *parts: str) -> str:
    """A bar's label from some of the row's fields, missing ones left out; a row with none of
    them (no province, organisation or period) is still a bar, labelled so."""
    given = [str(row[p]) for p in parts if pd.notna(row[p]) and str(row[p])]
    if not given:
        return "(not given)"
    first, *rest = given
    return f"{first} ({', '.join(rest)})" if rest else first


def _one_bar_per_row(value: str, *parts: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def bars(frame: pd.DataFrame) -> pd.DataFrame:
        labels = [_label(row, *parts) for _, row in frame.iterrows()]
        return pd.DataFrame({value: frame[value].to_numpy()}, index=labels)
    return bars


def _rated_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """A bar for each rating that has a share: its class, organisation and period."""
    return _one_bar_per_row("share_pct", "class", "organisation", "period")(frame[frame["share_pct"].notna()])


def _mentions_by_province(frame: pd.DataFrame) -> pd.DataFrame:
    """Documents as bars, most mentioned on top, stacked by the province of the article."""
    provinces = frame.assign(province=frame["province"].fillna("(no province)"))
    table = provinces.pivot_table(index="canonical", columns="province", values="mentions", aggfunc="sum", fill_value=0)
    return table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]


def _trend(frame: pd.DataFrame) -> pd.DataFrame:
    """One organisation's periods as bar groups, a bar a measure (the largest figure reported
    for it that period); several organisations draw nothing: a trend is one body's."""
    if frame["org_key"].nunique() != 1:
        return pd.DataFrame()
    return frame.pivot_table(index="period", columns="series", values="value", aggfunc="max").sort_index()


REPORTS: dict[str, Report] = {report.name: report for report in (
    Report("members", "Party members reported, by province and year",
           """SELECT province, organisation, period, members, qualifier, parts, doc_id FROM member_counts
              ORDER BY province NULLS LAST, org_key NULLS LAST, period, members DESC""",
           Chart(_one_bar_per_row("members", "province", "organisation", "period"), "đảng viên")),
    Report("directives", "Central directives and resolutions mentioned, by province and year",
           """SELECT canonical, doc_kind, province, year, mentions, articles, official_title FROM directive_mentions
              ORDER BY sum(mentions) OVER (PARTITION BY canonical) DESC, canonical, province NULLS LAST, year""",
           Chart(_mentions_by_province, "mentions")),
    Report("new-members", "New party members admitted, most first",
           """SELECT organisation, province, period, admitted, qualifier, parts, doc_id FROM new_members_admitted
              ORDER BY admitted DESC, organisation""",
           Chart(_one_bar_per_row("admitted", "organisation", "province", "period"), "đảng viên kết nạp")),
    Report("ratings", "Ratings of grassroots organisations and members (share in %)",
           """SELECT province, organisation, period, class, value, unit, grassroots_total, share_pct, doc_id
              FROM grassroots_ratings ORDER BY province NULLS LAST, organisation NULLS LAST, period, doc_id, start""",
           Chart(_rated_shares, "% rated")),
    Report("trend", "One organisation's members, new members and ratings, by period",
           """SELECT org_key, period, series, value, qualifier, doc_id FROM organisation_trends
              WHERE org_key ILIKE '%' || ? || '%' ORDER BY org_key, period, series, value DESC""",
           Chart(_trend, "members / admitted / % rated", stacked=False), by_org=True),
    Report("posts", "Posts held, as reported by the articles",
           """SELECT name, post, province, year, mentions, doc_id FROM posts_held
              ORDER BY name, year NULLS LAST, post"""),
)}


def run_report(out_dir: Path, name: str, chart_path: Path | None = None, draw: bool = True,
               org: str | None = None) -> ReportResult:
    """Run the named report over a run; draw its chart (default `OUT/reports/NAME.png`) if it
    has rows. `org` narrows a per-organisation report (trend) to the keys that contain it."""
    if name not in REPORTS:
        raise AnalysisError(f"unknown report {name!r} (reports: {', '.join(REPORTS)})")
    report = REPORTS[name]
    table = run_query(out_dir, report.sql, [org or ""] if report.by_org else None)
    written = None
    if draw and report.chart and not table.empty:
        bars = report.chart.bars(table)
        if not bars.empty:
            title = f"{report.title}: {table['org_key'].iloc[0]}" if report.by_org else report.title
            written = bar_chart(bars, title, report.chart.xlabel,
                                chart_path or Path(out_dir) / "reports" / f"{name}.png", report.chart.stacked)
    return ReportResult(report, table, written)
