"""The analysts' side of a run: views, `vnie query`, `vnie report`, the pandas API, errors.

Expected values come from the gold labels of the five seeds (gold/party.jsonl, labelled by
reading the articles) or from reading the article; where the extractor disagrees with the
gold, the case is a strict xfail that says why, so the day it is fixed the test says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from pipeline.analysis.api import load_tables, query
from pipeline.analysis.formatting import render
from pipeline.analysis.reports import REPORTS, run_report
from pipeline.analysis.views import VIEWS, create_views
from pipeline.cli import main
from pipeline.tables import SCHEMAS, TABLES
from tests.conftest import CORPUS, ROOT

SEEDS = {path.stem for path in CORPUS.glob("*.txt")}
THRESHOLDS = ("at_least", "at_most")


def _gold() -> dict[str, dict]:
    lines = (json.loads(line) for line in (ROOT / "gold" / "party.jsonl").read_text(encoding="utf-8").splitlines())
    return {line["doc_id"]: line for line in lines if line["doc_id"] in SEEDS}


GOLD = _gold()


def _gold_facts(metric: str) -> list[tuple[dict, dict]]:
    """(article, fact) pairs of the seeds' gold facts of one metric."""
    return [(article, fact) for article in GOLD.values() for fact in article["facts"] if fact.get("metric") == metric]


def _period(article: dict, fact: dict) -> str | None:
    """The period the views give a fact: its stated year, else the article's publication year."""
    return fact.get("year") or (article["published"] or "")[:4] or None


def _report(run_output: Path, name: str) -> pd.DataFrame:
    return run_report(run_output, name, draw=False).table


# --- reports against the gold of the seeds ------------------------------------------------

def _same(value: object, expected: object) -> bool:
    """Equal, with NULL (None, or NaN in a DataFrame) equal to None."""
    return pd.isna(value) if expected is None else value == expected


def _member_cases() -> list:
    return [pytest.param(article["doc_id"], article["province"], _period(article, fact), fact["value"],
                         id=f"{article['doc_id'][:3]}-{fact['text']}")
            for article, fact in _gold_facts("party_members") if fact["qualifier"] not in THRESHOLDS]


@pytest.mark.parametrize("doc_id, province, period, value", _member_cases())
def test_members_report_has_every_reported_count_of_the_gold(run_output, doc_id, province, period, value):
    rows = _report(run_output, "members")
    found = rows[(rows["doc_id"] == doc_id) & (rows["members"] == value)]
    assert len(found) == 1
    assert _same(found.iloc[0]["province"], province)
    assert _same(found.iloc[0]["period"], period)


def test_members_report_gives_4294_for_the_lang_son_dang_bo_khoi(run_output):
    rows = _report(run_output, "members")
    lang_son = rows[(rows["province"] == "Lạng Sơn") & rows["organisation"].str.contains("khối", case=False)]
    assert lang_son[["period", "members"]].to_dict("records") == [{"period": "2020", "members": 4294}]


def test_members_report_leaves_out_thresholds(run_output):
    thresholds = [(a["doc_id"], f["value"]) for a, f in _gold_facts("party_members") if f["qualifier"] in THRESHOLDS]
    assert thresholds, "seed 004 has 'từ 200 đảng viên trở lên'"
    rows = _report(run_output, "members")
    for doc_id, value in thresholds:
        assert rows[(rows["doc_id"] == doc_id) & (rows["members"] == value)].empty


def _central(canonical: str | None) -> bool:
    return bool(canonical) and (canonical.endswith("/TW") or canonical.startswith("NQ-TW"))


def _directive_cases() -> list:
    counts: dict[tuple, int] = {}
    for article in GOLD.values():
        year = int(article["published"][:4]) if article["published"] else None
        for entity in article["entities"]:
            if entity["type"] == "DOC" and _central(entity.get("canonical")):
                key = (article["province"], year, entity["canonical"])
                counts[key] = counts.get(key, 0) + 1
    missed = {"18-NQ/TW", "19-NQ/TW"}  # "Nghị quyết 18, 19 … của trung ương": no canonical from the extractor
    return [pytest.param(*key, n, id=f"{key[0]}-{key[1]}-{key[2]}",
                         marks=[pytest.mark.xfail(strict=True, reason="extractor gives no canonical")]
                         if key[2] in missed else [])
            for key, n in sorted(counts.items(), key=str)]


@pytest.mark.parametrize("province, year, canonical, mentions", _directive_cases())
def test_directives_report_counts_central_documents_as_the_gold(run_output, province, year, canonical, mentions):
    rows = _report(run_output, "directives")
    found = rows[[_same(p, province) and _same(y, year) and c == canonical
                  for p, y, c in zip(rows["province"], rows["year"], rows["canonical"])]]
    assert found["mentions"].tolist() == [mentions]


def test_directives_report_puts_the_most_mentioned_first_and_names_it(run_output):
    rows = _report(run_output, "directives")
    totals = rows.groupby("canonical", sort=False)["mentions"].sum()
    assert list(totals) == sorted(totals, reverse=True)
    titles = rows[rows["canonical"] == "05-CT/TW"]["official_title"]
    assert titles.str.startswith("Về đẩy mạnh học tập và làm theo tư tưởng").all()
    assert not rows["canonical"].str.endswith("/TU").any(), "provincial documents are not central"


def test_new_members_report_is_the_gold_admissions_most_first(run_output):
    gold = {(a["province"], _period(a, f), f["value"]) for a, f in _gold_facts("new_members")}
    rows = _report(run_output, "new-members")
    assert set(zip(rows["province"], rows["period"], rows["admitted"])) == gold
    assert rows["admitted"].is_monotonic_decreasing


def test_ratings_report_gives_the_share_rated_trong_sach_vung_manh(run_output):
    seed = GOLD["000_e13414ce6d9128bf"]
    grassroots = [f["value"] for f in seed["facts"] if f.get("metric") == "grassroots_orgs"]
    assert grassroots == [59]
    # Classes by reading the article: "32 tổ chức cơ sở đảng đạt trong sạch, vững mạnh, 23 … hoàn thành
    # tốt nhiệm vụ 2 … hoàn thành nhiệm vụ"; "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ … đạt trên 98%".
    classes = {32: "trong sạch, vững mạnh", 23: "hoàn thành tốt nhiệm vụ", 2: "hoàn thành nhiệm vụ",
               98: "hoàn thành tốt nhiệm vụ"}
    expected = {(classes[f["value"]], f["value"], round(100 * f["value"] / 59, 1) if f["unit"] != "%" else f["value"])
                for f in seed["facts"] if f.get("metric") == "rating"}
    rows = _report(run_output, "ratings")
    rows = rows[rows["doc_id"] == seed["doc_id"]]
    assert set(zip(rows["class"], rows["value"], rows["share_pct"])) == expected


def test_posts_report_has_every_post_of_the_gold(run_output):
    gold = {(e["text"], e["role"]) for a in GOLD.values() for e in a["entities"] if e["type"] == "PER" and e.get("role")}
    rows = _report(run_output, "posts")
    assert gold <= set(zip(rows["name"], rows["post"]))
    assert rows["post"].notna().all()


@pytest.mark.parametrize("name", [name for name, report in REPORTS.items() if report.chart])
def test_report_writes_its_chart(run_output, tmp_path, name):
    org = "khối các cơ quan tỉnh | Lạng Sơn" if REPORTS[name].by_org else None   # a trend is one body's
    result = run_report(run_output, name, chart_path=tmp_path / f"{name}.png", org=org)
    assert not result.table.empty
    assert result.chart_path == tmp_path / f"{name}.png"
    assert result.chart_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- the views' logic on hand-made rows -------------------------------------------------

def _database(facts: list[dict]) -> duckdb.DuckDBPyConnection:
    """An in-memory run database with these facts (other tables empty) and the views."""
    con = duckdb.connect()
    for name in TABLES:
        rows = facts if name == "facts" else []
        con.register(f"{name}_rows", pa.Table.from_pylist(
            [{field: row.get(field) for field in SCHEMAS[name].names} for row in rows], schema=SCHEMAS[name]))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_rows")
    create_views(con)
    return con


def _fact(text: str, sentence: str, **fields) -> dict:
    """A fact row as the run writes it; the value read as Vietnamese papers write numbers."""
    value = float(re.sub(r"[.%]", "", text).replace(",", "."))
    return {"doc_id": "d", "start": 0, "end": len(text), "text": text, "kind": "count", "qualifier": "exact",
            "value": value, "sentence": sentence, **fields}


def test_member_counts_date_a_count_without_year_by_publication_and_skip_thresholds():
    published = dt.date(2020, 7, 21)
    con = _database([
        _fact("4.294", "có 4.294 đảng viên", metric="party_members", published=published),
        _fact("4.000", "năm 2018 có 4.000 đảng viên", metric="party_members", year="2018", published=published),
        _fact("200", "từ 200 đảng viên trở lên", metric="party_members", qualifier="at_least", published=published),
    ])
    assert con.sql("SELECT period, members FROM member_counts ORDER BY members").fetchall() == [
        ("2018", 4000.0), ("2020", 4294.0)]


@pytest.mark.parametrize("sentence, text, unit, cls", [
    ("Năm 2017, có 32 tổ chức cơ sở đảng đạt trong sạch, vững mạnh, 2 tổ chức hoàn thành nhiệm vụ",
     "2", "tổ chức cơ sở đảng", "hoàn thành nhiệm vụ"),  # the 2 of 2017 is not the number
    ("có 3 tổ chức cơ sở đảng không hoàn thành nhiệm vụ", "3", "tổ chức cơ sở đảng", "không hoàn thành nhiệm vụ"),
    ("phấn đấu 80% trở lên số chi bộ đạt trong sạch vững mạnh", "80%", "%", "trong sạch, vững mạnh"),
    ("xếp loại đảng viên không hoàn thành nhiệm vụ 4 cá nhân", "4", "cá nhân", "không hoàn thành nhiệm vụ"),
    ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ luôn đạt trên 98%", "98%", "%", "hoàn thành tốt nhiệm vụ"),
    ("có 5 tổ chức được TSVM", "5", "tổ chức cơ sở đảng", "trong sạch, vững mạnh"),
    ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 95%, 12 tổ chức không hoàn thành nhiệm vụ",
     "95%", "%", "hoàn thành tốt nhiệm vụ"),  # the next number's class is not this one's
])
def test_rating_class_is_the_phrase_nearest_the_number(sentence, text, unit, cls):
    con = _database([_fact(text, sentence, metric="rating", unit=unit)])
    assert con.sql("SELECT class FROM grassroots_ratings").fetchall() == [(cls,)]


def test_rating_share_of_grassroots_organisations_uses_the_same_organisations_total():
    con = _database([
        _fact("59", "có 59 tổ chức cơ sở đảng", metric="grassroots_orgs", unit="tổ chức cơ sở đảng", subject="A"),
        _fact("7", "có 7 tổ chức cơ sở đảng", metric="grassroots_orgs", unit="tổ chức cơ sở đảng", subject="B"),
        _fact("32", "32 tổ chức cơ sở đảng đạt trong sạch, vững mạnh", metric="rating",
              unit="tổ chức cơ sở đảng", subject="A"),
        _fact("4", "4 cá nhân không hoàn thành nhiệm vụ", metric="rating", unit="cá nhân", subject="A"),
    ])
    assert con.sql("SELECT value, grassroots_total, share_pct FROM grassroots_ratings ORDER BY value").fetchall() == [
        (4.0, None, None), (32.0, 59.0, 54.2)]


def test_every_view_carries_its_question_as_comment(run_output):
    comments = dict(query(run_output, "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal")
                    .itertuples(index=False))
    assert comments == {view.name: view.question for view in VIEWS}


# --- query, the pandas API, formats -------------------------------------------------------

def test_query_answers_arbitrary_sql(run_output):
    frame = query(run_output, """
        SELECT a.province, count(*) AS facts FROM facts f JOIN articles a USING (doc_id)
        WHERE a.province IS NOT NULL GROUP BY ALL ORDER BY a.province""")
    assert frame["province"].tolist() == sorted(a["province"] for a in GOLD.values() if a["province"])
    assert query(run_output, "SELECT count(*) AS n FROM articles")["n"].tolist() == [len(SEEDS)]


def test_load_tables_gives_every_table_with_its_columns(run_output):
    tables = load_tables(run_output)
    assert {name: list(frame.columns) for name, frame in tables.items()} == {
        name: SCHEMAS[name].names for name in TABLES}
    assert set(tables["articles"]["doc_id"]) == SEEDS
    lang_son = tables["facts"][tables["facts"]["doc_id"].str.startswith("002_") & (tables["facts"]["value"] == 4294)]
    assert lang_son["metric"].tolist() == ["party_members"]
    assert set(load_tables(run_output, include_views=True)) == set(TABLES) | {view.name for view in VIEWS}


def test_query_prints_table_csv_and_json(run_output, capsys):
    sql = "SELECT doc_id, province FROM articles ORDER BY doc_id"
    assert main(["query", str(run_output), sql]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["doc_id", "province"] and table[-1] == f"({len(SEEDS)} rows)"
    assert main(["query", str(run_output), sql, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["province"] for r in records] == [GOLD[d]["province"] for d in sorted(SEEDS)]
    assert main(["query", str(run_output), sql, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "doc_id,province"


def test_report_command_prints_its_table_and_names_its_chart(run_output, tmp_path, capsys):
    chart = tmp_path / "members.png"
    assert main(["report", str(run_output), "members", "--chart", str(chart)]) == 0
    out, err = capsys.readouterr()
    assert "4294" in out and "Lạng Sơn" in out
    assert str(chart) in err and chart.is_file()


def test_count_reports_read_totals_only(tmp_path):
    """A total and its parts in one sentence: the members report lists the total alone."""
    record = {"id": "p-1", "title": "Đảng bộ xã Tứ Cường", "published": "2017-02-01",
              "text": "Đảng bộ xã Tứ Cường có 195 đảng viên, trong đó 60 đảng viên nữ, gồm 21 đảng viên trẻ và "
                      "39 đảng viên cao tuổi. Năm 2016, Đảng bộ kết nạp 12 đảng viên, trong đó có 5 đảng viên nữ."}
    (tmp_path / "in.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out")]) == 0
    members = _report(tmp_path / "out", "members")
    assert list(members["members"]) == [195]
    assert list(members["parts"]) == ["60 đảng viên nữ"]          # shown under its total, not added
    assert list(_report(tmp_path / "out", "new-members")["admitted"]) == [12]
    parts = query(tmp_path / "out", "SELECT text FROM facts WHERE part_of IS NOT NULL ORDER BY start")
    assert list(parts["text"]) == ["60", "21", "39", "5"]


def test_a_near_copy_is_grouped_and_its_facts_counted_once(tmp_path):
    """The same story from another paper: another headline, one sentence changed."""
    story = ("Đảng bộ xã Tứ Cường có 195 đảng viên sinh hoạt tại 12 chi bộ. Năm 2016, Đảng ủy xã đã lãnh đạo "
             "thực hiện tốt các nhiệm vụ kinh tế, xã hội, quốc phòng và an ninh. Công tác xây dựng Đảng được chú "
             "trọng, việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được đẩy mạnh ở các chi bộ. "
             "Đảng ủy xã đã kết nạp 12 đảng viên mới, đạt kế hoạch đề ra, và xét tặng Huy hiệu Đảng cho các đồng chí.")
    copy = story.replace("việc học tập và làm theo", "phong trào học tập và noi theo")
    records = [{"id": "paper-1", "title": "Đảng bộ xã Tứ Cường tổng kết năm", "published": "2017-02-01", "text": story},
               {"id": "paper-2", "title": "Tứ Cường: một năm xây dựng Đảng", "published": "2017-02-02", "text": copy},
               {"id": "paper-3", "title": "Chuyện khác", "published": "2017-02-03",
                "text": "Đảng bộ phường Lê Lợi có 310 đảng viên sinh hoạt tại 20 chi bộ trực thuộc."}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")
    assert main(["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out")]) == 0
    copies = query(tmp_path / "out", "SELECT doc_id, coalesce(duplicate_of, '') AS of FROM articles ORDER BY doc_id")
    assert dict(zip(copies["doc_id"], copies["of"])) == {"paper-1": "", "paper-2": "paper-1", "paper-3": ""}
    assert sorted(_report(tmp_path / "out", "members")["members"]) == [195, 310]
    assert list(_report(tmp_path / "out", "new-members")["admitted"]) == [12]


def test_trend_report_follows_one_organisation_over_the_years(tmp_path, capsys):
    texts = {"2016": "Năm 2016, Đảng bộ huyện Bình Liêu có 2.000 đảng viên, kết nạp 80 đảng viên mới.",
             "2017": "Năm 2017, Đảng bộ huyện Bình Liêu có 2.105 đảng viên, kết nạp 95 đảng viên mới.",
             "2018": "Năm 2018, Đảng bộ huyện Tiên Yên có 1.500 đảng viên."}
    records = [{"id": f"y-{year}", "title": "Xây dựng Đảng ở Quảng Ninh", "published": f"{year}-12-30",
                "source": "baoquangninh.com.vn", "text": text} for year, text in texts.items()]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")
    assert main(["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out")]) == 0
    result = run_report(tmp_path / "out", "trend", chart_path=tmp_path / "trend.png", org="bình liêu")
    rows = result.table[["period", "series", "value"]].values.tolist()
    assert rows == [["2016", "members", 2000], ["2016", "new members", 80],
                    ["2017", "members", 2105], ["2017", "new members", 95]]
    assert set(result.table["org_key"]) == {"đảng bộ huyện bình liêu | Quảng Ninh"}
    assert result.chart_path == tmp_path / "trend.png" and result.chart_path.is_file()
    everyone = run_report(tmp_path / "out", "trend", chart_path=tmp_path / "all.png")
    assert len(everyone.table) == 5 and everyone.chart_path is None   # two bodies: no one trend to draw


@pytest.fixture(scope="module")
def corpus_runs(shared_corpus, tmp_path_factory):
    """`vnie run` over the whole shared party corpus and the whole general-news one."""
    runs = {}
    for name in ("baomoi-party", "baomoi-general"):
        out = tmp_path_factory.mktemp(name) / "out"
        assert main(["run", str(shared_corpus / f"{name}.jsonl"), "-o", str(out), "--quiet"]) == 0
        runs[name] = out
    return runs


@pytest.mark.parametrize("corpus", ["baomoi-party", "baomoi-general"])
def test_every_report_prints_and_charts_on_a_whole_corpus(corpus_runs, corpus, tmp_path, capsys):
    for name, report in REPORTS.items():
        chart = tmp_path / f"{name}.png"
        argv = ["report", str(corpus_runs[corpus]), name, "--chart", str(chart)]
        assert main(argv + (["--org", "Lạng Sơn"] if report.by_org else [])) == 0, name
        out, err = capsys.readouterr()
        assert "Traceback" not in err and out.strip(), name
        if report.chart and corpus == "baomoi-party" and not report.by_org:
            assert chart.is_file(), name


@pytest.mark.parametrize("view, metric", [("member_counts", "party_members"), ("new_members_admitted", "new_members"),
                                          ("grassroots_ratings", "rating")])
def test_count_reports_over_the_gold_articles_list_gold_totals_only(corpus_runs, view, metric):
    """Every row of a gold article is a fact the gold labels with that metric (no badge,
    attendance or committee counted as members, no part beside its total)."""
    gold = {}
    for path in (ROOT / "gold").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            gold[article["doc_id"]] = {f["start"]: f for f in article["facts"]}
    rows = query(corpus_runs["baomoi-party"], f"SELECT doc_id, start, text FROM {view}")
    checked = [(r.doc_id, r.text, gold[r.doc_id].get(r.start, {}).get("metric"))
               for r in rows.itertuples() if r.doc_id in gold]
    assert checked and all(found == metric for _, _, found in checked), checked


def test_no_general_news_fact_reaches_the_party_reports(corpus_runs):
    for name in ("members", "new-members", "ratings", "directives"):
        assert _report(corpus_runs["baomoi-general"], name).empty, name


def test_no_count_report_row_of_the_seeds_is_a_part(run_output):
    for view in ("member_counts", "new_members_admitted"):
        joined = query(run_output, f"SELECT count(*) AS n FROM {view} v JOIN facts f USING (doc_id, start) "
                                   "WHERE f.part_of IS NOT NULL")
        assert joined["n"][0] == 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_report_in_csv_or_json_never_draws(run_output, tmp_path, capsys, fmt):
    chart = tmp_path / "members.png"
    assert main(["report", str(run_output), "members", "--format", fmt, "--chart", str(chart)]) == 0
    out, err = capsys.readouterr()
    assert "4294" in out and not chart.exists() and "chart in" not in err


def test_a_bar_with_no_province_organisation_or_period_is_labelled_not_a_crash(tmp_path):
    from pipeline.analysis.reports import _one_bar_per_row
    frame = pd.DataFrame({"members": [12.0, 30.0], "province": [None, "Lạng Sơn"],
                          "organisation": [None, "Đảng bộ Khối"], "period": [None, "2017"]})
    bars = _one_bar_per_row("members", "province", "organisation", "period")(frame)
    assert list(bars.index) == ["(not given)", "Lạng Sơn (Đảng bộ Khối, 2017)"]


def test_query_cannot_write_or_read_files_unless_allowed(run_output, tmp_path, capsys):
    target = run_output / "parts-overwritten.csv"
    assert main(["query", str(run_output), f"COPY (SELECT * FROM facts) TO '{target}'"]) == 2
    assert not target.exists() and "file system operations are disabled" in capsys.readouterr().err
    assert main(["query", str(run_output), "SELECT * FROM read_csv('/etc/hostname')"]) == 2
    capsys.readouterr()
    copy = tmp_path / "facts.csv"
    assert main(["query", str(run_output), f"COPY (SELECT doc_id FROM facts) TO '{copy}'", "--allow-files"]) == 0
    assert copy.is_file()


def test_table_format_cuts_long_cells_and_keeps_numbers_whole():
    frame = pd.DataFrame({"text": ["x" * 80], "value": [4294.0], "share": [54.2]})
    row = render(frame).splitlines()[2]
    assert re.fullmatch(r"x{59}… +4294 +54\.2", row)


def test_the_cli_loads_pandas_matplotlib_and_spacy_only_for_the_analysts_commands():
    # `vnie run` spawns workers that import the CLI again: they must not pay for these.
    code = "import sys, pipeline.cli; print(sorted({'pandas', 'matplotlib', 'spacy'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


# --- bad input: one line, non-zero exit, no traceback -------------------------------------

@pytest.mark.parametrize("argv, problem", [
    (["query", "{empty}", "SELECT 1"], "no vnie.duckdb in"),
    (["query", "{run}", "SELEC * FROM facts"], "SQL error: Parser Error"),
    (["query", "{run}", "SELECT * FROM nowhere"], "nowhere"),
    (["query", "{run}", "DELETE FROM facts"], "read-only"),
    (["report", "{run}", "membres"], "unknown report 'membres'"),
    (["report", "{empty}", "members"], "no vnie.duckdb in"),
    (["show", "{run}", "999_nope"], "no article '999_nope'"),
    (["show", "{empty}"], "no vnie.duckdb in"),
])
def test_bad_input_gives_one_line_and_non_zero_exit(run_output, tmp_path, capsys, argv, problem):
    argv = [arg.format(run=run_output, empty=tmp_path) for arg in argv]
    assert main(argv) != 0
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith(f"vnie {argv[0]}: ") and problem in err


# --- the documentation of the data model ----------------------------------------------------

def test_data_model_doc_names_every_table_and_view_with_all_their_columns():
    doc = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    sections = {m.group(1): m.start() for m in re.finditer(r"^### `(\w+)`", doc, re.M)}
    con = _database([])
    columns = {name: [row[0] for row in con.sql(f"DESCRIBE {name}").fetchall()]
               for name in [*TABLES, *(view.name for view in VIEWS)]}
    assert set(sections) == set(columns)
    for name, names in columns.items():
        start = sections[name]
        end = min([s for s in sections.values() if s > start], default=len(doc))
        assert set(re.findall(r"^\| `(\w+)` \|", doc[start:end], re.M)) == set(names), name
