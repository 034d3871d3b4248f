"""Nothing of the user's is lost or misapplied (issue 15): every hostile case exits with one line
and leaves every file outside the run folder byte for byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkage import review, schema
from linkage.cli import cli
from tests.conftest import SAMPLE


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its bytes: the before/after snapshot."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(args: list[str], duck: Path) -> tuple[int, str]:
    """`linkage …` in-process: (exit code, what it printed), its warnings first as the CLI prints
    them (pytest would otherwise catch them before the CLI's one-line format)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # one thread: a run is then byte-for-byte repeatable (two threads sum floats in either order)
        result = CliRunner().invoke(cli, ["--threads", "1", "--temp-dir", str(duck), *map(str, args)], obj={})
    return result.exit_code, "".join(f"Warning: {w.message}\n" for w in caught) + result.output


def refused(args: list[str], folder: Path, duck: Path, message: str) -> None:
    """The command exits 1 with exactly one line containing `message`, and nothing under `folder` changed."""
    before = tree(folder)
    code, output = run(args, duck)
    assert code == 1, output
    assert output.count("\n") == 1 and output.startswith("Error: "), output
    assert message in output, output
    assert tree(folder) == before


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    """A user's working folder: a list, a notes file, a decision store; the cwd of the commands."""
    folder = tmp_path / "home"
    (folder / "c").mkdir(parents=True)
    shutil.copy(SAMPLE / "mentions.csv", folder / "c" / "mentions.csv")
    (folder / "c" / "notes.txt").write_text("my notes\n")
    review.record(folder / "linkage.duckdb", "split", "x1", "x2")
    (folder / "some_file.txt").write_text("keep me\n")
    monkeypatch.chdir(folder)
    return folder


# --- 1. --out replaces only a run folder linkage wrote ---------------------------------------

def test_out_at_the_folder_holding_the_input_is_refused(home, tmp_path):
    refused(["dedupe", "c/mentions.csv", "--out", "c"], home, tmp_path / "duck",
            "c: holds c/mentions.csv, which a run folder must never replace; choose another --out")


def test_out_at_the_current_folder_is_refused(home, tmp_path):
    refused(["dedupe", "c/mentions.csv", "--out", "."], home, tmp_path / "duck", "holds c/mentions.csv")
    shutil.move(str(home / "c" / "mentions.csv"), tmp_path / "mentions.csv")
    refused(["dedupe", tmp_path / "mentions.csv", "--out", ".", "--store", tmp_path / "s.duckdb"],
            home, tmp_path / "duck", ".: is the current folder or holds it; choose a new folder for --out")


def test_out_at_a_folder_of_the_users_files_is_refused(home, tmp_path):
    (home / "notes").mkdir()
    (home / "notes" / "draft.txt").write_text("draft\n")
    refused(["dedupe", "c/mentions.csv", "--out", "notes"], home, tmp_path / "duck",
            "notes: exists and is not a run folder written by linkage (no linkage manifest.json); "
            "choose a new or empty folder for --out")


def test_out_at_a_file_is_refused_and_nothing_is_hidden(home, tmp_path):
    refused(["dedupe", "c/mentions.csv", "--out", "some_file.txt"], home, tmp_path / "duck",
            "some_file.txt: is a file, not a run folder; choose another --out")


def test_out_holding_the_decision_store_is_refused(home, tmp_path):
    (home / "r").mkdir()
    refused(["dedupe", "c/mentions.csv", "--out", "r", "--store", "r/decisions.duckdb"], home,
            tmp_path / "duck", "r: holds r/decisions.duckdb, which a run folder must never replace")


def test_a_run_folder_is_replaced_but_not_with_a_users_file_in_it(home, sample_run, tmp_path):
    shutil.copytree(sample_run, home / "run")
    assert run(["dedupe", SAMPLE / "mentions.csv", "--out", "run"], tmp_path / "duck")[0] == 0
    (home / "run" / "evaluation.json").write_text("{}")  # what a later command adds is linkage's
    (home / "run" / "my notes.txt").write_text("mine\n")
    refused(["dedupe", SAMPLE / "mentions.csv", "--out", "run"], home, tmp_path / "duck",
            "run: holds my notes.txt, which linkage did not write; move it away or choose another --out")


def test_an_input_inside_a_run_folder_is_never_replaced(home, sample_run, tmp_path):
    shutil.copytree(sample_run, home / "run")
    refused(["dedupe", "run/mentions.parquet", "--out", "run"], home, tmp_path / "duck",
            "run: holds run/mentions.parquet, which a run folder must never replace")


def test_generate_never_overwrites_a_users_list(home, tmp_path):
    refused(["generate", "--people", "5", "--out", "c"], home, tmp_path / "duck",
            "c/mentions.csv: exists and is not a generated list file written by linkage; choose another name")
    refused(["generate", "--people", "5", "--out", "some_file.txt"], home, tmp_path / "duck",
            "some_file.txt: is a file, not a folder; choose another --out")
    for _ in range(2):  # its own files it replaces
        assert run(["generate", "--people", "5", "--out", "g"], tmp_path / "duck")[0] == 0


def test_train_and_audit_never_overwrite_a_users_file(home, sample_run, tmp_path):
    refused(["train", "c/mentions.csv", "--model-out", "some_file.txt"], home, tmp_path / "duck",
            "some_file.txt: exists and is not a model written by linkage; choose another name")
    refused(["audit", sample_run, "--record", "m0000001", "--html", "some_file.txt"], home,
            tmp_path / "duck", "some_file.txt: exists and is not a page written by linkage")
    assert run(["audit", sample_run, "--record", "m0000001", "--html", "a.html"], tmp_path / "duck")[0] == 0
    assert run(["audit", sample_run, "--record", "m0000001", "--html", "a.html"], tmp_path / "duck")[0] == 0


def test_the_manifest_says_who_wrote_the_folder_and_what_is_in_it(sample_run):
    from linkage.runfolder import foreign_entries, read_manifest

    manifest = read_manifest(sample_run)
    assert manifest["written_by"] == "linkage"
    assert {"clusters.csv", "pairs.parquet", "model.json", "report.html", "manifest.json"} <= set(manifest["files"])
    assert foreign_entries(sample_run) == []


# --- 2. paths are paths, never patterns --------------------------------------------------------

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_an_input_named_like_a_pattern_is_that_file(tmp_path):
    # [ab].csv holds 3 mentions, a.csv beside it 1: a glob would have read a.csv
    refused(["dedupe", CORPUS / "[ab].csv", "--out", tmp_path / "run"], CORPUS, tmp_path / "duck",
            f"{CORPUS / '[ab].csv'}: only 3 accepted mentions, too few to train a model")


def test_inputs_and_run_folders_named_like_patterns_end_to_end(home, tmp_path):
    import hashlib
    import json

    lists = home / "lists"
    lists.mkdir()
    shutil.copy(SAMPLE / "mentions.csv", lists / "*.csv")
    shutil.copy(CORPUS / "a.csv", lists / "a.csv")
    decoy = home / "run"  # what the pattern r[u]n* would find instead of the folder named so
    decoy.mkdir()
    for name in ("clusters.csv", "pairs.parquet", "features.parquet", "manifest.json"):
        (decoy / name).write_text("junk")
    out, duck = "r[u]n*", tmp_path / "duck"
    assert run(["dedupe", "lists/*.csv", "--out", out, "--store", tmp_path / "s.duckdb"], duck)[0] == 0
    manifest = json.loads((home / out / "manifest.json").read_text())
    assert manifest["counts"]["input_rows"] == 1998
    assert manifest["input"]["sha256"] == hashlib.sha256((lists / "*.csv").read_bytes()).hexdigest()
    for args in (["evaluate", out, "--truth", SAMPLE / "truth.csv"], ["tune", out],
                 ["audit", out, "--record", "m0000001"]):
        code, output = run(args, duck)
        assert code == 0, output
    assert (decoy / "clusters.csv").read_text() == "junk"


# --- 3. a reviewer's decision applies to the two mentions the reviewer saw ----------------------

KEEP_OUT = {"manifest.json", "report.html"}  # timings and dates differ from run to run


def outputs(run_folder: Path) -> dict[str, bytes]:
    """A run folder's outputs, bar the timings and Splink's random linker_uid in model.json."""
    import json

    found = {k: v for k, v in tree(run_folder).items() if k not in KEEP_OUT}
    model = json.loads(found.pop("model.json"))
    model.pop("linker_uid", None)
    return {**found, "model.json": json.dumps(model, sort_keys=True).encode()}


def _clusters(run_folder: Path) -> dict[str, str]:
    lines = (run_folder / "clusters.csv").read_text().splitlines()[1:]
    return dict(line.split(",")[:2] for line in lines)  # record_id, cluster_id (then individual_id)


@pytest.fixture(scope="module")
def two_lists(tmp_path_factory):
    """Two generated lists with the same record ids (m0000001…) and different people, each run once."""
    from linkage.generate import write_dataset

    base = tmp_path_factory.mktemp("lists")
    duck = base / "duck"
    for name, seed in (("A", 1), ("B", 2)):
        write_dataset(base / name, 60, seed)
        code, output = run(["dedupe", base / name / "mentions.csv", "--out", base / f"run{name}",
                            "--store", base / "none.duckdb"], duck)
        assert code == 0, output
    return base


def _link_two_apart(base: Path, store: Path) -> tuple[str, str]:
    """A reviewer links two records of list A that its run kept apart."""
    clusters = _clusters(base / "runA")
    a, b = sorted(clusters)[:2]
    assert clusters[a] != clusters[b]
    code, output = run(["review", base / "runA", "--link", a, b, "--store", store], base / "duck")
    assert code == 0, output
    return a, b


def test_a_decision_on_one_list_leaves_another_with_the_same_ids_byte_identical(two_lists, tmp_path):
    base, store = two_lists, tmp_path / "store.duckdb"
    a, b = _link_two_apart(base, store)
    before = tree(base)
    code, output = run(["dedupe", base / "B" / "mentions.csv", "--out", tmp_path / "B2", "--store", store],
                       base / "duck")
    assert code == 0, output
    assert output.splitlines()[-1] == ("applied 0 reviewer decision(s) from the store; skipped 1: "
                                       "1 whose records changed since the review (decision 1)")
    assert outputs(tmp_path / "B2") == outputs(base / "runB")
    assert tree(base) == before

    code, output = run(["dedupe", base / "A" / "mentions.csv", "--out", tmp_path / "A2", "--store", store],
                       base / "duck")
    assert code == 0 and output.splitlines()[-1] == "applied 1 reviewer decision(s) from the store", output
    linked = _clusters(tmp_path / "A2")
    assert linked[a] == linked[b]


def test_tune_and_audit_take_a_runs_decisions_only_from_a_store_that_names_its_mentions(two_lists, tmp_path):
    from linkage.runs import Run

    base, store = two_lists, tmp_path / "store.duckdb"
    a, b = _link_two_apart(base, store)
    code, output = run(["dedupe", base / "A" / "mentions.csv", "--out", tmp_path / "A2", "--store", store],
                       base / "duck")
    assert code == 0, output
    other = tmp_path / "other.duckdb"  # its decision 1 links the same ids in list B: other people
    code, output = run(["review", base / "runB", "--link", a, b, "--store", other], base / "duck")
    assert code == 0, output
    with Run.open(tmp_path / "A2") as saved:
        ids = {r: u for u, r in saved.record_ids().items()}
        assert review.run_decisions(saved, store) == ([(ids[a], ids[b])], [])
        with pytest.warns(UserWarning, match=r"decisions \[1\] do not name the mentions of"):
            assert review.run_decisions(saved, other) == ([], [])


def test_decisions_on_absent_or_changed_records_are_not_applied(two_lists, tmp_path):
    base, store = two_lists, tmp_path / "store.duckdb"
    a, b = _link_two_apart(base, store)
    lines = (base / "A" / "mentions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    edited = tmp_path / "edited.csv"  # record a's surname corrected after the review
    edited.write_text("".join(line.replace(",", ",x", 3) if line.startswith(a + ",") else line
                              for line in lines), encoding="utf-8")
    code, output = run(["dedupe", edited, "--out", tmp_path / "E", "--store", store], base / "duck")
    assert code == 0, output
    assert "skipped 1: 1 whose records changed since the review (decision 1)" in output
    assert _clusters(tmp_path / "E")[a] != _clusters(tmp_path / "E")[b]
    shorter = tmp_path / "shorter.csv"  # record b no longer in the list
    shorter.write_text("".join(line for line in lines if not line.startswith(b + ",")), encoding="utf-8")
    code, output = run(["dedupe", shorter, "--out", tmp_path / "S", "--store", store], base / "duck")
    assert code == 0, output
    assert output.splitlines()[-1].endswith("skipped 1: 1 whose records are not in this list")
    manifest = __import__("json").loads((tmp_path / "S" / "manifest.json").read_text())
    assert manifest["decisions_used"] == [] and manifest["decisions_skipped"]["absent"] == [1]


def test_a_store_from_before_fingerprints_is_migrated_from_its_run_folders(two_lists, tmp_path):
    import duckdb

    base, store = two_lists, tmp_path / "old.duckdb"
    clusters = _clusters(base / "runA")
    a, b = sorted(clusters)[:2]
    con = duckdb.connect(str(store))  # the schema as it was before fingerprints
    con.execute("""CREATE SEQUENCE decision_ids START 1; CREATE TABLE decisions (
        decision_id INTEGER PRIMARY KEY DEFAULT nextval('decision_ids'), record_a VARCHAR NOT NULL,
        record_b VARCHAR NOT NULL, decision VARCHAR NOT NULL, who VARCHAR NOT NULL,
        decided_at TIMESTAMPTZ NOT NULL, note VARCHAR, run VARCHAR)""")
    con.execute("INSERT INTO decisions (record_a, record_b, decision, who, decided_at, run) VALUES "
                "(?, ?, 'link', 'old', now(), ?), ('m0000003', 'm0000004', 'split', 'old', now(), '/gone')",
                [a, b, str(base / "runA")])
    con.close()
    code, output = run(["dedupe", base / "A" / "mentions.csv", "--out", tmp_path / "A3", "--store", store],
                       base / "duck")
    assert code == 0, output
    assert output.splitlines()[-1] == ("applied 1 reviewer decision(s) from the store; skipped 1: "
                                       "1 made before fingerprints whose run folder is gone")
    assert review.decisions(store)[0].fingerprint_a is None  # reading never writes
    review.record(store, "split", "x1", "x2")  # the next write migrates
    migrated = review.decisions(store)
    assert migrated[0].fingerprint_a and migrated[0].fingerprint_b and migrated[1].fingerprint_a is None


def test_a_foreign_duckdb_file_is_not_a_decision_store(home, tmp_path):
    import duckdb

    foreign = home / "accounts.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE people AS SELECT 1 AS id")
    con.close()
    message = ("accounts.duckdb: a DuckDB file but not a linkage decision store (its tables: people); "
               "give another --store")
    refused(["dedupe", "c/mentions.csv", "--out", tmp_path / "run", "--store", "accounts.duckdb"], home,
            tmp_path / "duck", message)
    refused(["review", "--list", "--store", "accounts.duckdb"], home, tmp_path / "duck", message)
    (home / "r").mkdir()
    (home / "r" / "clusters.csv").write_text("record_id,cluster_id\nm1,m1\nm2,m1\n")
    refused(["review", "r", "--split", "m1", "m2", "--store", "accounts.duckdb"], home, tmp_path / "duck",
            "r: no mentions.parquet with records 'm1' and 'm2'")


# --- 6, 7, 8. headers are data; lists without optional columns; small lists; --columns -------

def _sample_rows(n: int = 400) -> list[list[str]]:
    import csv

    with open(SAMPLE / "mentions.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[:n + 1]


def _write(path: Path, rows) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_headers_with_quotes_are_carried_through_as_data(tmp_path):
    import csv

    import pyarrow.parquet as pq

    with open(CORPUS / "hostile_headers.csv", encoding="utf-8", newline="") as handle:
        hostile = next(csv.reader(handle))[2:]  # say "hi", a"); DROP TABLE mentions; --, …
    rows = _sample_rows()
    listed = _write(tmp_path / "hostile.csv", [rows[0] + hostile] +
                    [row + [f"v{i}" for i in range(len(hostile))] for row in rows[1:]])
    before = tree(tmp_path)
    code, output = run(["dedupe", listed, "--out", tmp_path / "run", "--store", tmp_path / "s.duckdb",
                        "--columns", f"{hostile[0]}=the note"], tmp_path / "duck")
    assert code == 0, output
    assert output.splitlines()[0].startswith(f"Warning: {listed}: not used for matching, carried through "
                                             "to mentions.parquet: the note, semi;colon, ")
    assert 'a"); DROP TABLE mentions; --' in output.splitlines()[0]
    carried = pq.read_table(tmp_path / "run" / "mentions.parquet")
    assert set(hostile[1:]) <= set(carried.column_names)
    assert set(carried.column("the note").to_pylist()) == {"v0"}
    assert {k: v for k, v in tree(tmp_path).items() if not k.startswith(("run/", "duck/"))} == before


def test_a_list_without_region_or_settlement_trains_with_one_warning(tmp_path):
    rows = _sample_rows()
    keep = [i for i, c in enumerate(rows[0]) if c not in ("region", "settlement")]
    listed = _write(tmp_path / "no_region.csv", [[row[i] for i in keep] for row in rows])
    code, output = run(["dedupe", listed, "--out", tmp_path / "run", "--store", tmp_path / "s.duckdb"],
                       tmp_path / "duck")
    assert code == 0, output
    assert ("Warning: trained without what this list lacks: comparisons on region_key (0 distinct "
            "values), settlement_key (0 distinct values) left out; EM rule 'death_daynum, region_key' "
            "trains as 'death_daynum'\n") in output
    assert output.splitlines()[-1].startswith("400 mentions → ")


def test_a_list_without_any_date_trains_with_loosened_rules(tmp_path):
    # no pair can agree on a rule that names a date: λ was 0 and EM failed on its logarithm
    rows = _sample_rows()
    dated = [i for i, c in enumerate(rows[0]) if c in ("birth_date", "death_date")]
    assert dated
    listed = _write(tmp_path / "no_dates.csv", [rows[0]] + [
        ["" if i in dated else v for i, v in enumerate(row)] for row in rows[1:]])
    code, output = run(["dedupe", listed, "--out", tmp_path / "run", "--store", tmp_path / "s.duckdb"],
                       tmp_path / "duck")
    assert code == 0, output
    assert "deterministic rule 'surname_stem, first_root, birth_daynum' trains as 'surname_stem, first_root'" in output
    assert output.splitlines()[-1].startswith("400 mentions → ")


def test_a_list_without_dates_trains_on_villages_and_keeps_its_accuracy(tmp_path):
    """The EM rule on death day and region has no death day to read: it trains on the spec's
    fallback (settlement and region), not on the region alone, a block so loose that EM took a
    shared settlement for a match on another generator's list (pairwise F1 0.88 against 0.96)."""
    import csv

    from linkage.evaluate import evaluate_run

    with open(SAMPLE / "mentions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    keep = [i for i, c in enumerate(rows[0]) if c not in ("birth_date", "death_date", "age")]
    listed = _write(tmp_path / "undated.csv", [[row[i] for i in keep] for row in rows])
    code, output = run(["dedupe", listed, "--out", tmp_path / "run", "--store", tmp_path / "s.duckdb"],
                       tmp_path / "duck")
    assert code == 0, output
    assert "EM rule 'death_daynum, region_key' trains as 'settlement_key, region_key'" in output
    assert evaluate_run(tmp_path / "run", SAMPLE / "truth.csv")["pairwise"]["f1"] >= 0.985


def test_an_em_rule_tries_the_fallbacks_the_list_fills_then_its_own_columns():
    from linkage.scoring import _em_choices

    rules = ("surname_stem, first_root", "death_daynum, region_key")
    fallbacks = ("birth_daynum, region_key", "settlement_key, region_key", "surname_stem, first_root")
    filled = {"surname_stem", "first_root", "region_key", "settlement_key"}
    blocks = {"surname_stem, first_root": 900, "settlement_key, region_key": 500, "region_key": 9000,
              "death_daynum, region_key": 1, "death_daynum": 3}
    pairs = lambda rule: blocks.get(rule, 0)
    assert _em_choices(rules, filled, pairs, fallbacks, 200) == [
        ("surname_stem, first_root", ["surname_stem, first_root"]),
        ("death_daynum, region_key", ["settlement_key, region_key", "region_key"])]
    # too few pairs in the rule's block: the same fallback, though the list fills the rule
    dated = filled | {"death_daynum"}
    assert _em_choices(rules, dated, pairs, fallbacks, 200)[1] == (rules[1], ["settlement_key, region_key"])
    # enough: the rule as written; nothing holds enough: the rule as far as the list fills it
    assert _em_choices(rules, dated, pairs, fallbacks, 1)[1] == (rules[1], [rules[1]])
    assert _em_choices(rules, dated - {"settlement_key"}, pairs, fallbacks, 200)[1][1] == [rules[1]]
    assert _em_choices(rules, {"death_daynum"}, pairs, fallbacks, 200)[1][1] == ["death_daynum"]
    assert _em_choices(rules, {"surname_stem"}, pairs, fallbacks, 200)[1][1] == []
    # a rule of SQL, whose pairs blocking.upper_bound cannot count (None), trains as written
    sql = 'l."region_key" = r."region_key" AND l."death_year" = r."death_year"'
    assert _em_choices((sql,), filled, lambda rule: None, fallbacks, 200) == [(sql, [sql])]


def test_a_mention_reposted_past_every_block_cap_is_one_individual(tmp_path):
    # an obituary copied 150 times: every rule's block of it passes max_block_size (100)
    import csv

    rows = _sample_rows()
    named = next(row for row in rows[1:] if row[1] and row[6] and len(row[6]) == 10)  # a full birth date
    copies = [[f"copy{i}"] + named[1:] for i in range(150)]
    listed = _write(tmp_path / "reposted.csv", rows + copies)
    code, output = run(["dedupe", listed, "--out", tmp_path / "run", "--store", tmp_path / "s.duckdb"],
                       tmp_path / "duck")
    assert code == 0, output
    with open(tmp_path / "run" / "clusters.csv", encoding="utf-8", newline="") as handle:
        cluster = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}
    assert len({cluster[c[0]] for c in copies} | {cluster[named[0]]}) == 1


def test_an_age_written_with_its_word_reads_as_the_number(tmp_path):
    import pyarrow.parquet as pq

    rows = _sample_rows()
    at = rows[0].index("age")
    written = ["30 лет", "aged 31", "32 y.o.", "33.0", "30-31"]
    for row, age in zip(rows[1:], written):
        row[at] = age
    listed = _write(tmp_path / "ages.csv", rows)
    code, output = run(["dedupe", listed, "--out", tmp_path / "run", "--store", tmp_path / "s.duckdb"],
                       tmp_path / "duck")
    assert code == 0, output
    features = pq.read_table(tmp_path / "run" / "features.parquet").to_pandas()
    ages = dict(zip(features["record_id"], features["age"]))
    assert [ages[row[0]] for row in rows[1:6]][:4] == [30, 31, 32, 33]
    assert ages[rows[5][0]] != ages[rows[5][0]]  # two numbers: no age (NaN)


def test_model_default_deduplicates_a_list_under_100_mentions(tmp_path):
    duck = tmp_path / "duck"
    refused(["dedupe", CORPUS / "small_list.csv", "--out", tmp_path / "run"], CORPUS, duck,
            "only 6 accepted mentions, too few to train a model (at least 100); pass --model default")
    for name in ("small_list.csv", "no_region.csv"):
        code, output = run(["dedupe", CORPUS / name, "--model", "default", "--out", tmp_path / name,
                            "--store", tmp_path / "s.duckdb"], duck)
        assert code == 0, output
        clusters = _clusters(tmp_path / name)
        assert clusters["m1"] == clusters["m4"] == "m1"  # Иванов / Ivanov, one birth and death
        assert clusters["m2"] == clusters["m5"] == "m2"  # Петров / ПЕТРОВ
        assert clusters["m6"] == "m6" and clusters["m3"] == "m3"


def test_columns_naming_a_header_the_file_lacks_is_an_error(tmp_path):
    path = CORPUS / "small_list.csv"
    refused(["dedupe", path, "--columns", "ФИО=full_name", "--out", tmp_path / "run"], CORPUS,
            tmp_path / "duck", f"{path}, row 1, column 'ФИО': --columns names a header the file lacks "
            "(its headers: record_id, source, full_name, birth_date, death_date, age, region)")


@pytest.mark.parametrize("name", ["russian_headers.csv", "english_headers.csv"])
def test_common_headers_are_recognised_without_columns(name):
    import duckdb

    from linkage.ingest import ingest

    con = duckdb.connect()
    result = ingest(con, CORPUS / name)
    assert result.extra_columns == ()
    row = con.execute("SELECT record_id, coalesce(full_name, first_name || ' ' || surname), birth_date, "
                      "death_date, region, settlement, rank FROM mentions").fetchall()[0]
    assert row[0] in ("1", "7") and "Ivan" in row[1] or "Иван" in row[1]
    assert None not in row


# --- 5, 9. inputs that lie -------------------------------------------------------------------

def test_mixed_encodings_are_read_line_by_line_never_garbled():
    import warnings

    import duckdb

    from linkage.ingest import ingest

    con = duckdb.connect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = ingest(con, CORPUS / "mixed_encodings.csv")
    assert result.encoding == "cp1251" and (result.accepted, result.rejected) == (5, 0)
    names = dict(con.execute("SELECT record_id, full_name FROM mentions").fetchall())
    assert names["m1"] == "Иванов Иван Иванович" and names["m4"] == "Тонасов Олег Петрович"
    assert names["m5"] == "Жуков Юрий"
    assert [str(w.message) for w in caught] == [
        (f"{CORPUS / 'mixed_encodings.csv'}: 2 line(s) are UTF-8 in a cp1251 file (mixed encodings): "
         "each line was read in its own encoding")]


def test_a_repeated_header_line_is_rejected_not_a_person():
    import duckdb

    from linkage.ingest import ingest

    con = duckdb.connect()
    result = ingest(con, CORPUS / "repeated_header.csv")
    assert (result.accepted, result.rejected) == (2, 1)
    assert con.execute("SELECT _row, reason FROM rejects").fetchall() == [(3, "repeated header line")]


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_max_pairs_must_be_a_positive_finite_number(value, tmp_path):
    for option in ("--max-pairs", "--max-pairs-per-mention"):
        code, output = run(["dedupe", CORPUS / "small_list.csv", "--out", tmp_path / "run", option, value],
                           tmp_path / "duck")
        assert code == 2
        assert output.splitlines()[-1] == (f"Error: Invalid value for '{option}': {float(value)} is not "
                                           "a positive finite number")
    assert not (tmp_path / "run").exists()


def test_a_list_of_600_columns_is_read(tmp_path):
    import duckdb

    from linkage.ingest import ingest

    rows = _sample_rows(150)
    wide = _write(tmp_path / "wide.csv", [rows[0] + [f"x{i}" for i in range(600)]] +
                  [row + [str(i) for i in range(600)] for row in rows[1:]])
    result = ingest(duckdb.connect(), wide)
    extra = [c for c in result.extra_columns if c not in schema.OPTIONAL]  # the sample's source_url
    assert (result.accepted, len(extra)) == (150, 600)


def test_json_input_is_named_as_unsupported(tmp_path):
    path = CORPUS / "list.json"
    refused(["dedupe", path, "--out", tmp_path / "run"], CORPUS, tmp_path / "duck",
            f"Error: {path}: JSON is not supported: export the list as CSV (UTF-8) or Parquet")


def test_csv_files_for_people_carry_no_formulas(tmp_path):
    import pyarrow.parquet as pq

    code, output = run(["dedupe", CORPUS / "formula_values.csv", "--model", "default", "--out", tmp_path / "run",
                        "--store", tmp_path / "s.duckdb"], tmp_path / "duck")
    assert code == 0, output
    individuals = (tmp_path / "run" / "individuals.csv").read_text(encoding="utf-8")
    assert ",'@SUM(A1)," in individuals  # the region as written, made text
    for line in individuals.splitlines()[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line.split(",")), line
    rejects = (tmp_path / "run" / "rejects.csv").read_text(encoding="utf-8")
    assert rejects.splitlines()[1] == "6,'=1+1,\"too few fields: expected 7, found 3\",\"'=1+1,news,=cmd|' /C calc'!A0\""
    printed = pq.read_table(tmp_path / "run" / "mentions.parquet").column("full_name").to_pylist()
    assert '=HYPERLINK("http://x","Иванов Иван")' in printed and "-Орлов Игорь" in printed  # as read


def test_the_person_spec_example_runs_and_missing_columns_are_named_at_once(tmp_path):
    root = Path(__file__).resolve().parents[1]
    people = root / "data" / "people" / "people.csv"
    before = tree(root / "data")
    code, output = run(["dedupe", people, "--spec", "person", "--columns", "rec_id=record_id", "--out",
                        tmp_path / "run"], tmp_path / "duck")
    lines = [line for line in output.splitlines()  # the list's 8-digit typos (13930701): counted apart
             if not line.startswith("Warning: birth_date: ")]
    assert code == 1 and lines == [  # the unused columns say what to map
        (f"Warning: {people}: not used for matching, carried through to mentions.parquet: street, "
         "national_id (map a column with --columns 'HEADER=column')"),
        ("Error: the spec's blocking needs column(s) ssn, address, which the input does not have "
         "(map yours with --columns 'HEADER=column')")]
    assert tree(root / "data") == before
    code, output = run(["dedupe", people, "--spec", "person", "--columns",
                        "rec_id=record_id,street=address,national_id=ssn", "--out", tmp_path / "p",
                        "--store", tmp_path / "s.duckdb"], tmp_path / "duck")
    assert code == 0 and output.splitlines()[-1].startswith("302 mentions → "), output


# --- 10. what users expect while it runs --------------------------------------------------------

def test_quiet_when_not_a_terminal_spill_under_the_system_temp_and_threads(tmp_path):
    import json
    import os
    import subprocess
    import sys

    work, system_tmp = tmp_path / "work", tmp_path / "systmp"
    work.mkdir()
    system_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(system_tmp)}
    done = subprocess.run([sys.executable, "-m", "linkage", "--threads", "1", "dedupe", str(SAMPLE / "mentions.csv"),
                           "--out", "run"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress display into a pipe
    assert done.stdout == "1,998 mentions → 824 individuals (0 rejected); wrote run\n" or \
        done.stdout.startswith("1,998 mentions → ")
    assert sorted(p.name for p in work.iterdir()) == ["run"]  # no .tmp in the user's folder
    assert (system_tmp / "linkage-duckdb").is_dir()
    assert json.loads((work / "run" / "manifest.json").read_text())["parameters"]["engine"]["threads"] == 1

    done = subprocess.run([sys.executable, "-m", "linkage", "train", str(SAMPLE / "mentions.csv"), "--model-out",
                           "m/model.json"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(str(p.relative_to(work)) for p in work.rglob("*") if not str(p).startswith(str(work / "run"))) \
        == ["m", "m/model.json", "m/model.meta.json"]


# --- 4 (last sentence). a tampered run folder names the file it cannot trust ---------------------

@pytest.mark.parametrize("change, message", [
    (lambda m: m["parameters"].update(threshold=float("nan")),
     "manifest.json: parameters.threshold must be a probability in [0, 1], got nan"),
    (lambda m: m["parameters"].update(method="drop table"),
     "manifest.json: parameters.method must be one of constrained, components, best_link, got 'drop table'"),
    (lambda m: m.update(decisions_used="1; --"), "manifest.json: decisions_used must be a list of decision ids"),
    (lambda m: m.pop("parameters"), "manifest.json: no 'parameters' object; not a manifest linkage wrote"),
])
def test_a_tampered_manifest_is_refused_naming_the_file(sample_run, tmp_path, change, message):
    import json

    run_folder = tmp_path / "run"
    shutil.copytree(sample_run, run_folder)
    manifest = json.loads((run_folder / "manifest.json").read_text())
    change(manifest)
    (run_folder / "manifest.json").write_text(json.dumps(manifest))
    refused(["tune", run_folder], tmp_path, tmp_path / "duck", f"Error: {run_folder / message}")


def test_a_tampered_pairs_file_is_refused_naming_the_file(sample_run, tmp_path):
    import duckdb

    run_folder = tmp_path / "run"
    shutil.copytree(sample_run, run_folder)
    pairs = run_folder / "pairs.parquet"
    duckdb.execute(f"COPY (SELECT * REPLACE (match_probability * 7 AS match_probability) FROM "
                   f"read_parquet('{sample_run / 'pairs.parquet'}')) TO '{pairs}' (FORMAT parquet)")
    refused(["tune", run_folder], tmp_path, tmp_path / "duck", f"Error: {pairs}: ")
    assert "row(s) with match_probability outside [0, 1]" in run(["tune", run_folder], tmp_path / "duck")[1]
    duckdb.execute(f"COPY (SELECT 'x' AS unique_id_l) TO '{pairs}' (FORMAT parquet)")
    refused(["audit", run_folder, "--record", "m0000001"], tmp_path, tmp_path / "duck",
            f"Error: {pairs}: column unique_id_l must be BIGINT or INTEGER, got VARCHAR")


def test_evaluate_never_overwrites_a_users_evaluation_json(home, sample_run, tmp_path):
    (home / "c" / "clusters.csv").write_text("record_id,cluster_id\nm0000001,m0000001\n")
    (home / "c" / "evaluation.json").write_text('{"mine": true}')
    refused(["evaluate", "c", "--truth", SAMPLE / "truth.csv"], home, tmp_path / "duck",
            "c/evaluation.json: exists and is not a results file of evaluate written by linkage; choose another name")
