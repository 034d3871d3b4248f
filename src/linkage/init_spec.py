"""Init: write a model spec for a list nobody described (`linkage init FILE --out spec.toml`).

Reads the file (CSV or Parquet): its header and each column's values (init_columns.py says what
each column holds). Then it loads the file as `dedupe` will (ingest and normalise, into a scratch
DuckDB), counts the candidate pairs of every blocking rule it could use on the features the run
will have, and keeps the rules that stay within a pair budget; it picks training rules that
produce pairs. Writes one TOML spec (its comments give the counts and why each column is read as
it is), so that `linkage dedupe FILE --spec spec.toml` runs on the first try.
"""

from __future__ import annotations

import datetime
import shutil
import statistics
import tempfile
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from linkage import blocking, inputfile
from linkage.config import Dates, EngineConfig, load_spec, spec_from_table
from linkage.database import connect, quote_ident, scalar
from linkage.dates import parse_date
from linkage.errors import InputError
from linkage.ingest import ingest
from linkage.init_columns import Column, recognise
from linkage.init_toml import spec_text
from linkage.normalise import normalise
from linkage.scoring import register_table

# Values per column read to recognise it (the distinct and filled counts cover the whole file).
SAMPLE_VALUES = 2000
# Pair budget: a rule may add at most this many candidate pairs per mention, and all rules
# together this many. On historical_figures_with_errors_50k the rules kept gave 2-9 pairs per
# mention each; birth date alone gave 31 (placeholder dates) for 0.5% of the true pairs no other
# rule found, and scoring time grows with the pairs.
RULE_PAIRS_PER_MENTION, TOTAL_PAIRS_PER_MENTION = 10, 40
MIN_RULE_PAIRS = 100_000     # ... but never less than this for a small list
# Random pairs for u: this many per mention, within these bounds (see the spec's comment).
U_PAIRS_PER_MENTION, U_MIN_PAIRS, U_MAX_PAIRS = 10, 1e5, 1e6
# Training rules must give EM at least this many pairs to learn from.
MIN_TRAINING_PAIRS = 50
# The generic spec whose [scoring] and [family] tables an init spec starts from.
BASE_SPEC = "person"


@dataclass(frozen=True)
class Measured:
    """A candidate rule and the pairs it gives on this list."""

    rule: str
    pairs: int


@dataclass(frozen=True)
class InitResult:
    """What init found and wrote."""

    columns: tuple[Column, ...]
    table: dict            # the spec's tables, as written
    blocking: tuple[Measured, ...]
    training: tuple[Measured, ...]
    rows: int
    cumulative_pairs: int
    text: str = field(repr=False, default="")


def _source_sql(con, path: Path, work: Path) -> str:
    """A DuckDB relation over the file with every column as text."""
    sniffed = inputfile.sniff(path)
    if sniffed.format == "parquet":
        return f"(SELECT * FROM read_parquet('{_quote(path)}'))"
    text = inputfile.readable_copy(path, sniffed, work)
    _, delimiter = inputfile.read_header(path, text)
    return (f"(SELECT * FROM read_csv('{_quote(text)}', all_varchar = true, header = true, "
            f"delim = '{_quote(delimiter)}', quote = '\"', escape = '\"'))")


def _quote(text) -> str:
    return str(text).replace("'", "''")


def profile(con: duckdb.DuckDBPyConnection, path: Path, work: Path) -> tuple[list[Column], int]:
    """Each column of the file recognised, in file order; and the number of rows."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE init_raw AS SELECT * FROM {_source_sql(con, path, work)}")
    rows = scalar(con, "SELECT count(*) FROM init_raw")
    headers = [r[0] for r in con.execute("DESCRIBE init_raw").fetchall()]
    taken: set[str] = set()
    names: set[str] = set()
    columns = []
    for header in headers:
        text = f"nullif(trim(CAST({quote_ident(header)} AS VARCHAR)), '')"
        distinct, filled = con.execute(f"SELECT count(DISTINCT {text}), count({text}) FROM init_raw").fetchone()
        values = [r[0] for r in con.execute(
            f"SELECT v FROM (SELECT {text} AS v FROM init_raw) WHERE v IS NOT NULL "
            f"ORDER BY hash(v) LIMIT {SAMPLE_VALUES}").fetchall()]
        column = recognise(header, values, distinct, filled, rows, taken)
        if column.name in names:  # two headers that read alike (Post code, post_code)
            column = replace(column, name=f"{column.name}_{len(columns) + 1}")
        names.add(column.name)
        taken.add(column.kind)
        columns.append(column)
    return columns, rows


def _years(con, column: Column | None) -> list[int]:
    if column is None:
        return []
    text = f"nullif(trim(CAST({quote_ident(column.header)} AS VARCHAR)), '')"
    values = [r[0] for r in con.execute(f"SELECT {text} FROM init_raw WHERE {text} IS NOT NULL").fetchall()]
    return sorted(y for y in (parse_date(v).year for v in values) if y is not None)


def dates_table(con, columns: list[Column]) -> Dates:
    """[dates] from the years the list's dates name: the range its 0.1% to 100% of years span
    (a century wide at least), two-digit years read back from the latest year seen."""
    this_year = datetime.date.today().year
    by_kind = {c.kind: c for c in columns}
    births, deaths = _years(con, by_kind.get("birth_date")), _years(con, by_kind.get("death_date"))
    years = sorted(births + deaths)
    low = years[len(years) // 1000] if years else 1900
    return Dates(
        first_year=max(1, low - low % 100), last_year=this_year + 5,
        birth_two_digit_until=max((y for y in births if y <= this_year), default=2010),
        death_two_digit_until=max((y for y in deaths if y <= this_year), default=this_year),
        age_only_death_year=int(statistics.median(deaths)) if deaths else this_year,
        min_age=0, max_age=120)


# Rules over the two sides (l., r.) that init may add: names swapped between the columns, and
# swapped with one of them misspelt; first letters of both names with the birth year.
SWAPPED = "l.first_key = r.surname_key AND l.surname_key = r.first_key"
CROSSED = ("l.first_key = r.surname_key AND l.birth_year_est = r.birth_year_est",
           "l.surname_key = r.first_key AND l.birth_year_est = r.birth_year_est")
BEGINNINGS = ("substr(l.first_key, 1, 2) = substr(r.first_key, 1, 2) AND substr(l.surname_key, 1, 3) "
              "= substr(r.surname_key, 1, 3) AND l.birth_year_est = r.birth_year_est")


def pairs_of(con, rule: str) -> int:
    """Candidate pairs a rule gives: a column list by counting its groups, a rule over l. and
    r. by DuckDB's (hash) join."""
    if "l." in rule:
        return scalar(con, f"SELECT count(*) FROM features l JOIN features r ON {rule} "
                           "AND l.unique_id < r.unique_id") or 0
    cols = [quote_ident(c.strip()) for c in rule.split(",")]
    present = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    return scalar(con, f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT count(*) AS n "
                       f"FROM features WHERE {present} GROUP BY {', '.join(cols)})") or 0


def _candidates(kinds: dict[str, list[str]]) -> list[str]:
    """Blocking rules worth measuring, in order of preference, from what the list holds."""
    rules = []
    if kinds["names"]:
        rules += ["surname_common, first_group", "surname_phon, first_phon",
                  "first_group, birth_year_est", "surname_stem, birth_year_est",
                  "surname_common, birth_daynum", "first_group, birth_daynum"]
        for place in kinds["places"]:
            rules += [f"surname_stem, {place}", f"first_group, {place}"]
        for code in kinds["codes"]:
            rules += [f"{code}, first_phon", f"{code}, surname_phon"]
        rules += [SWAPPED, *CROSSED, BEGINNINGS]
    rules += ["birth_daynum", *kinds["codes"], *kinds["texts"]]
    for place in kinds["places"]:
        rules.append(f"birth_year_est, {place}")
    # one key alone: within the budget only on a small list, where it replaces its refinements
    if kinds["names"]:
        rules += ["surname_common", "first_group", "surname_phon"]
    return rules + ["birth_year_est", *kinds["places"]]


def _kinds(columns: list[Column]) -> dict[str, list[str]]:
    by_kind = {c.kind for c in columns}
    return {
        "names": [c for c in ("first_name", "surname", "full_name") if c in by_kind],
        "places": [key for key, kind in (("settlement_key", "settlement"), ("region_key", "region"))
                   if kind in by_kind],
        "codes": [c.name for c in columns if c.kind == "code"],
        "texts": [c.name for c in columns if c.kind == "text"],
    }


def choose_blocking(con, columns: list[Column], rows: int) -> list[Measured]:
    """Candidate rules measured on the features; kept in order while within the pair budget."""
    present = {r[0] for r in con.execute("DESCRIBE features").fetchall()}
    per_rule = max(MIN_RULE_PAIRS, RULE_PAIRS_PER_MENTION * rows)
    total_budget = max(3 * MIN_RULE_PAIRS, TOTAL_PAIRS_PER_MENTION * rows)
    measured = [Measured(rule, pairs_of(con, rule)) for rule in _candidates(_kinds(columns))
                if "l." in rule or all(c.strip() in present for c in rule.split(","))]
    within = [m for m in measured if 0 < m.pairs <= per_rule]
    kept, total = [], 0
    for m in within:  # a rule that refines another one kept (adds a column to it) adds no pair
        if any(_refines(m.rule, other.rule) for other in within) or total + m.pairs > total_budget:
            continue
        kept.append(m)
        total += m.pairs
    return kept


def _refines(rule: str, other: str) -> bool:
    """True when `rule` is `other` with more columns: every pair it finds, `other` finds."""
    if "l." in rule or "l." in other or rule == other:
        return False
    return {c.strip() for c in other.split(",")} < {c.strip() for c in rule.split(",")}


def choose_training(con, columns: list[Column], blocking_rules: list[Measured]) -> dict:
    """λ rules (strict agreement), and EM rules that produce pairs: one on the names (trains
    everything else), one off the names (trains the names)."""
    present = {r[0] for r in con.execute("DESCRIBE features").fetchall()}
    codes = [c.name for c in columns if c.kind == "code"]
    def usable(rules, low=1, high=None):
        out = []
        for rule in rules:
            if all(c.strip() in present for c in rule.split(",")):
                pairs = pairs_of(con, rule)
                if pairs >= low and (high is None or pairs <= high):
                    out.append(Measured(rule, pairs))
        return out
    deterministic = usable(["first_key, surname_key, birth_daynum",
                            *(f"first_key, surname_key, {c}" for c in codes),
                            "first_key, surname_key, birth_year, settlement_key"])
    if not deterministic:
        deterministic = usable(["first_key, surname_key"])[:1]
    names_rule = usable(["surname_stem, first_root", "surname_stem", "first_root"],
                        low=MIN_TRAINING_PAIRS)[:1]
    other_rule = usable(["birth_daynum", *codes, "birth_year_est, settlement_key",
                         "settlement_key, birth_month"], low=MIN_TRAINING_PAIRS)[:1]
    em = names_rule + other_rule or [m for m in blocking_rules[:1]]
    return {"deterministic": deterministic, "em": em}


def _load(con, path: Path, mapping: dict, dates: Dates, engine: EngineConfig) -> int:
    with warnings.catch_warnings():  # dates outside the range init chose: the spec says so
        warnings.simplefilter("ignore")
        ingested = ingest(con, path, mapping, scratch=Path(engine.temp_directory) / "ingest",
                          require_name=False)
    con.execute("CREATE OR REPLACE TABLE mentions AS SELECT * REPLACE "
                "(row_number() OVER (ORDER BY record_id) AS _row), _row AS source_row FROM mentions")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        normalise(con, engine.name_mode, dates)
    return ingested.accepted


def init_spec(path: str | Path, engine: EngineConfig | None = None, name: str | None = None) -> InitResult:
    """Recognise the file's columns, measure rules on it, and return the spec (not written)."""
    path, engine = Path(path), engine or EngineConfig()
    if not path.is_file():
        raise InputError(path, "file not found")
    con = connect(engine)
    work = Path(tempfile.mkdtemp(prefix="init-", dir=_scratch(engine)))
    try:
        columns, _rows = profile(con, path, work)
        if not any(c.kind == "record_id" for c in columns):
            raise InputError(path, "no column of unique ids to use as record_id (every row "
                                   "needs one: add one, or name it with --columns)", row=1)
        dates = dates_table(con, columns)
        mapping = {c.header: c.name for c in columns if c.header != c.name}
        accepted = _load(con, path, mapping, dates, engine)
        kept = choose_blocking(con, columns, accepted)
        training = choose_training(con, columns, kept)
        training["u_max_pairs"] = min(U_MAX_PAIRS, max(U_MIN_PAIRS, U_PAIRS_PER_MENTION * accepted))
        base = load_spec(BASE_SPEC).table
        table, text = spec_text(name or path.stem, columns, mapping, dates, kept, training, base)
        spec = spec_from_table(table, path)
        counts = blocking.count_pairs(register_table(con), spec.blocking_rules, accepted)
        cumulative = counts[-1]["cumulative_pairs"] if counts else 0
        text = text.replace("{cumulative}", f"{cumulative:,}")
        return InitResult(tuple(columns), table, tuple(kept),
                          tuple(training["deterministic"] + training["em"]), accepted, cumulative, text)
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def _scratch(engine: EngineConfig) -> Path:
    scratch = Path(engine.temp_directory) / "init"
    scratch.mkdir(parents=True, exist_ok=True)
    return scratch
