"""SQL views over a run's tables that answer the analysts' standing questions.

One view per question, created in `vnie.duckdb` whenever the database is built, so the
answers are there for `vnie query`, `vnie report`, pandas and any DuckDB client alike. Each
view's question is also stored as the view's comment (`SELECT view_name, comment FROM
duckdb_views()`), and docs/data-model.md describes every column.

Two conventions run through them:
- `period` is the year or period a fact refers to as the article states it, and else the
  year the article was published: "hiện có 4.294 đảng viên" in an article of 2020 is a
  2020 count.
- thresholds and targets ("đảng bộ cơ sở có 200 đảng viên trở lên", qualifier at_least or
  at_most) are not reported counts and are left out of the count views;
- the count views read totals only: a part of a breakdown ("195 đảng viên, trong đó 60 …",
  `part_of` set) is never added beside its total;
- every view reads a republished story once: the copies (`articles.duplicate_of` set) are
  left out, the first article of the group stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class View:
    """A named SQL view and the analyst's question it answers."""

    name: str
    question: str
    sql: str


# The period a fact refers to: as stated, else the article's publication year.
_PERIOD = "coalesce(f.year, CAST(year(f.published) AS VARCHAR))"
_REPORTED = "f.qualifier NOT IN ('at_least', 'at_most')"
# A total's parts, shown beside it and never added to it: "60 đảng viên nữ; 5 đảng viên trẻ".
_PARTS = ("(SELECT string_agg(p.text || coalesce(' ' || p.unit, ''), '; ' ORDER BY p.start) FROM facts p "
          "WHERE p.doc_id = f.doc_id AND p.part_of = f.start)")
# A republished copy (articles.duplicate_of set) is read once: through the first article of its group.
_FIRST_COPY = "doc_id NOT IN (SELECT doc_id FROM articles WHERE duplicate_of IS NOT NULL)"

# Quality classes of the yearly rating of party organisations and members, most specific
# first so "không hoàn thành nhiệm vụ" is not read as "hoàn thành nhiệm vụ".
_CLASSES = ("không hoàn thành nhiệm vụ|hoàn thành xuất sắc nhiệm vụ|hoàn thành tốt nhiệm vụ|"
            "hoàn thành nhiệm vụ|trong sạch,? vững mạnh|TSVM")

VIEWS: tuple[View, ...] = (
    View("member_counts",
         "How many party members does each organisation report, by province and year?",
         f"""
         SELECT f.province, f.subject AS organisation, f.subject_key AS org_key, {_PERIOD} AS period,
                f.value AS members, f.qualifier, {_PARTS} AS parts, f.doc_id, f.start, f.text
         FROM facts f
         WHERE f.metric = 'party_members' AND {_REPORTED} AND f.part_of IS NULL AND f.{_FIRST_COPY}
         """),
    View("directive_mentions",
         "Which central directives and resolutions are mentioned most, by province and year?",
         # Central: a Party Central document (symbol /TW, a plenum resolution NQ-TW…) or one
         # linked to the catalogue of central documents.
         f"""
         SELECT d.province, year(d.published) AS year, d.canonical,
                any_value(d.doc_kind) AS doc_kind, any_value(d.official_title) AS official_title,
                any_value(d.official_date) AS official_date,
                count(*) AS mentions, count(DISTINCT d.doc_id) AS articles
         FROM documents d
         WHERE (d.canonical LIKE '%/TW' OR d.canonical LIKE 'NQ-TW%' OR d.official_title IS NOT NULL)
           AND d.{_FIRST_COPY}
         GROUP BY d.province, year(d.published), d.canonical
         """),
    View("new_members_admitted",
         "Which organisations admitted the most new members, and when?",
         # Only counts of people: "15 hồ sơ kết nạp" counts files, not members.
         f"""
         SELECT f.province, f.subject AS organisation, f.subject_key AS org_key, {_PERIOD} AS period,
                f.value AS admitted, f.qualifier, f.unit, {_PARTS} AS parts, f.doc_id, f.start, f.text
         FROM facts f
         WHERE f.metric = 'new_members' AND {_REPORTED} AND f.part_of IS NULL AND f.{_FIRST_COPY}
           AND regexp_matches(f.unit, '^(đảng viên|đồng chí|quần chúng|người)')
         """),
    View("grassroots_ratings",
         "What share of grassroots organisations (and members) was rated in each quality class?",
         # The class is the rating phrase nearest the number in its sentence (`at`: where the
         # number stands as a whole number, the first time it does): after it
         # ("32 tổ chức cơ sở đảng đạt trong sạch, vững mạnh") or else before it ("tỷ lệ
         # đảng viên hoàn thành tốt nhiệm vụ đạt 98%"). A count of grassroots organisations
         # is turned into a share of the organisation's grassroots total in the same article.
         f"""
         WITH rated AS (
             SELECT f.*, {_PERIOD} AS period, nullif(length(regexp_extract(
                 ' ' || f.sentence, '^(.*?[^0-9.,])' || regexp_escape(f.text) || '(?:[^0-9]|$)', 1)), 0) AS at
             FROM facts f WHERE f.metric = 'rating' AND f.{_FIRST_COPY}
         ), classed AS (
             SELECT r.*, coalesce(
                 nullif(regexp_extract(substr(r.sentence, r.at + length(r.text)),
                                       '^[^0-9;]*?({_CLASSES})', 1, 'i'), ''),
                 nullif(regexp_extract(substr(r.sentence, 1, r.at - 1),
                                       '({_CLASSES})[^0-9;]*$', 1, 'i'), '')) AS class
             FROM rated r
         ), totals AS (
             SELECT f.doc_id, f.subject, max(f.value) AS total
             FROM facts f WHERE f.metric = 'grassroots_orgs' AND {_REPORTED}
             GROUP BY f.doc_id, f.subject
         )
         SELECT c.province, c.subject AS organisation, c.period,
                CASE WHEN lower(c.class) = 'tsvm' THEN 'trong sạch, vững mạnh'
                     ELSE regexp_replace(lower(c.class), 'sạch vững', 'sạch, vững') END AS class,
                c.value, c.unit, c.qualifier, t.total AS grassroots_total,
                round(CASE WHEN c.unit = '%' THEN c.value
                           WHEN c.unit LIKE '%cơ sở%' THEN 100 * c.value / t.total END, 1) AS share_pct,
                c.doc_id, c.start, c.text
         FROM classed c
         LEFT JOIN totals t ON t.doc_id = c.doc_id AND t.subject = c.subject AND c.unit LIKE '%cơ sở%'
         """),
    View("organisations",
         "Which organisations do the articles name, at what level, where, and how often?",
         # One row per org_key: the body written out and scoped by province (pipeline.entities.org_keys).
         # The level is read from the key's words; a key with none and no province is a central or
         # unplaced body ("national": Bộ Chính trị, a company).
         f"""
         SELECT e.org_key AS key, arg_max(e.name, length(e.name)) AS name, mode(e.kind) AS kind,
                CASE WHEN regexp_matches(e.org_key, '(^| )(xã|phường|thị trấn)( |$)') THEN 'commune'
                     WHEN regexp_matches(e.org_key, '(^| )(huyện|quận|thị xã)( |$)') THEN 'district'
                     WHEN regexp_matches(e.org_key, '(^| )(tỉnh|thành)( |$)') THEN 'province'
                     WHEN e.org_key LIKE '% | %' THEN 'local'
                     ELSE 'national' END AS level,
                nullif(split_part(e.org_key, ' | ', 2), '') AS province,
                count(DISTINCT e.doc_id) AS articles, count(*) AS mentions
         FROM entities e
         WHERE e.type = 'ORG' AND e.org_key IS NOT NULL AND e.{_FIRST_COPY}
         GROUP BY e.org_key
         """),
    View("organisation_trends",
         "How do one organisation's members, admissions and ratings move over the years?",
         # Totals only, each story once; ratings as the share rated (percentages) of the body.
         f"""
         SELECT f.subject_key AS org_key, {_PERIOD} AS period,
                CASE f.metric WHEN 'party_members' THEN 'members' WHEN 'new_members' THEN 'new members'
                              ELSE 'rated % (' || coalesce(regexp_extract(f.sentence, '({_CLASSES})', 1, 'i'), 'rating')
                                   || ')' END AS series,
                f.value, f.qualifier, f.doc_id, f.start, f.text
         FROM facts f
         WHERE f.subject_key IS NOT NULL AND f.part_of IS NULL AND {_REPORTED} AND f.{_FIRST_COPY}
           AND (f.metric IN ('party_members', 'new_members') OR (f.metric = 'rating' AND f.unit = '%'))
         """),
    View("posts_held",
         "Who holds which post, where and when was it reported?",
         f"""
         SELECT p.name, p.role AS post, p.province, year(p.published) AS year, p.doc_id,
                count(*) AS mentions, min(p.start) AS start
         FROM persons p
         WHERE p.role IS NOT NULL AND p.{_FIRST_COPY}
         GROUP BY p.name, p.role, p.province, year(p.published), p.doc_id
         """),
)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create the analysts' views in a run's database (called when the database is built)."""
    for view in VIEWS:
        con.execute(f"CREATE OR REPLACE VIEW {view.name} AS {view.sql}")
        con.execute(f"COMMENT ON VIEW {view.name} IS '{view.question.replace(chr(39), chr(39) * 2)}'")
