"""Blocking: which pairs get scored, the cap on a block's size, and the guard that refuses a
run whose pair count explodes.

Reads the `features` table; `cap_blocks` adds a boolean column to it per capped rule. On DuckDB
the blocked pairs are made once, counted by rule, and scored (pipeline.py); when the rules'
pairs, counted per key without a join (`upper_bound`), are over the guard's limit, Splink's
blocking analysis (which builds the blocked pairs on a deterministic sample and scales up) must
pass the guard first, which refuses the run before any pair is made. On Spark that estimate is
the count.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import sqlglot
from splink.blocking_analysis import count_comparisons_from_blocking_rules
from sqlglot import exp

from linkage.comparisons import BASE_DIALECT, blocking_rule, rule_columns, rule_condition
from linkage.database import quote_ident
from linkage.errors import BlockingTooWide, ModelError

log = logging.getLogger(__name__)

# Exact counts up to this many records; above it a sample sized to keep the count cheap.
EXACT_COUNT_RECORDS = 100_000


def check_columns(rules: tuple[str, ...], present: set[str]) -> None:
    """Fail with one line naming every column the column-list rules need and the input lacks."""
    missing = list(dict.fromkeys(c for rule in rules for c in rule_columns(rule) if c not in present))
    if missing:
        raise ModelError(f"the spec's blocking needs column(s) {', '.join(missing)}, which the input "
                         "does not have (map yours with --columns 'HEADER=column')")


def count_pairs(sdf, rules: tuple[str, ...], records: int, capped: Capped | None = None) -> list[dict]:
    """Marginal and cumulative candidate-pair counts per rule (estimated above 100k records);
    with `capped`, its rules as run are counted, each row naming the spec rule it comes from
    (`rule`), its condition as run and, on the row of a capped rule, what the cap did."""
    capped = capped or Capped(rules, rules, {})
    proportion = min(1.0, (EXACT_COUNT_RECORDS / max(records, 1)) ** 0.5 * 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Splink warns that sampled counts are estimates: we say so
        counts = count_comparisons_from_blocking_rules(
            sdf, blocking_rules=[blocking_rule(r) for r in capped.rules], link_type="dedupe_only",
            record_sample_proportion=proportion,
        )
    return _rows(capped, [(int(c["marginal_comparison_count"]), int(c["cumulative_comparison_count"]),
                           bool(c["is_estimate"])) for c in counts])


def _rows(capped: Capped, counts: list[tuple[int, int, bool]]) -> list[dict]:
    """The manifest's blocking rows: per condition run, (marginal, cumulative, estimated) pairs,
    its spec rule, the capped condition when it differs, and the caps once per spec rule."""
    rows, seen = [], set()
    for rule, run, (marginal, cumulative, estimated) in zip(capped.origins, capped.rules, counts):
        row = {"rule": rule, "marginal_pairs": marginal, "cumulative_pairs": cumulative,
               "estimated": estimated}
        if run != rule:
            row["condition"] = run
        if rule in capped.caps and rule not in seen:
            row["capped"] = capped.caps[rule]
        seen.add(rule)
        rows.append(row)
    return rows


def upper_bound(con, table: str, rules: tuple[str, ...]) -> int | None:
    """At least as many pairs as the rules give together, counted per key without a join: for
    each rule its pairs (a key of n records pairs n(n-1)/2; a rule pairing two columns, every
    left with every right record of its key), summed over the rules (a pair two rules give is
    counted twice; a rule's conjuncts that are not such equalities, an OR, only drop pairs and are
    left out). None when a rule has no equality between l and r (its pairs need the join)."""
    total = 0
    for rule in rules:
        key = join_key(rule, loose=True)
        if key is None:
            return None
        if key.left == key.right:
            sql = f"SELECT sum(_cap_n * (_cap_n - 1) // 2) FROM ({_key_counts(table, key.left)})"
        else:
            ks = ", ".join(f"_cap_k{j}" for j in range(len(key.left)))
            sql = (f"SELECT sum(lk._cap_n * rk._cap_n) FROM ({_key_counts(table, key.left)}) lk "
                   f"JOIN ({_key_counts(table, key.right)}) rk USING ({ks})")
        total += int(con.execute(sql).fetchall()[0][0] or 0)
    return total


def count_blocked(con, blocked: str, capped: Capped) -> list[dict]:
    """count_pairs's rows, exact, from the blocked pairs Splink made (`blocked`, a table with the
    index of the first rule that pairs each pair as match_key): what scoring will score."""
    per_rule = dict(con.execute(f"SELECT CAST(match_key AS INTEGER), count(*) FROM {quote_ident(blocked)} "
                                "GROUP BY 1").fetchall())
    marginal = [int(per_rule.get(i, 0)) for i in range(len(capped.rules))]
    cumulative = [sum(marginal[: i + 1]) for i in range(len(marginal))]
    return _rows(capped, [(m, c, False) for m, c in zip(marginal, cumulative)])


def limit(max_pairs: float, records: int | None = None, per_mention: float | None = None) -> tuple[float, str]:
    """The guard's limit on candidate pairs and the option that sets it: max_pairs, or
    per_mention × records when that is lower."""
    if records is not None and per_mention is not None and per_mention * records < max_pairs:
        return per_mention * records, "--max-pairs-per-mention"
    return max_pairs, "--max-pairs"


def guard(counts: list[dict], max_pairs: float, records: int | None = None,
          per_mention: float | None = None) -> int:
    """The total candidate pairs; raises BlockingTooWide (naming the widest rule) past the limit.

    The limit is max_pairs, or per_mention × records when that is lower: a small file of one
    name repeated (20k rows, 2e8 pairs) is as wrong as a huge one, and is caught by the second.
    """
    total = counts[-1]["cumulative_pairs"] if counts else 0
    max_pairs, flag = limit(max_pairs, records, per_mention)
    if total > max_pairs:
        widest = max(counts, key=lambda c: c["marginal_pairs"])
        raise BlockingTooWide(
            f"blocking would score {total:,} candidate pairs, over the limit of {max_pairs:,.0f}; "
            f"the widest rule is [{widest['rule']}] with {widest['marginal_pairs']:,}. "
            f"Tighten the rules in the model spec or raise {flag}."
        )
    return total


# --- block-size caps -------------------------------------------------------------------------
# A rule whose key is shared by a huge block (a commonest surname with a commonest first name)
# pairs that block with itself: its pairs grow as the square of the list. A key over the spec's
# [blocking] max_block_size is split by each of the spec's split_by keys in turn (a pair is then a
# candidate when it also agrees on one of them), and what is still over the size is left to the
# other, more specific rules: Splink's and JedAI's advice (block purging), and what dedupe's and
# Zingg's block-size limits do. The flags are columns, so each rule stays a plain equi-join that
# DuckDB filters before it joins.
CAP_PREFIX = "_block_cap_"


@dataclass(frozen=True)
class JoinKey:
    """A rule as the key each side joins on: it pairs l with r exactly when left(l) = right(r)
    with every part non-null (SQL expressions over one record's columns)."""

    left: tuple[str, ...]
    right: tuple[str, ...]

    def plus(self, expr: str) -> JoinKey:
        return JoinKey((*self.left, expr), (*self.right, expr))


def join_key(rule: str, loose: bool = False) -> JoinKey | None:
    """The rule's join key when it is a conjunction of equalities, each between an expression of
    l alone and one of r alone; None for any other rule (such a rule is never capped). `loose`:
    the key of the conjunction's equalities alone, other conjuncts (which only drop pairs) left
    out: a key whose pairs include the rule's (for a bound)."""
    try:
        tree = sqlglot.parse_one(rule_condition(rule), read=BASE_DIALECT).unnest()
    except sqlglot.errors.ParseError:
        return None
    left, right = [], []
    for part in (tree.flatten() if isinstance(tree, exp.And) else [tree]):
        part = part.unnest()
        sides = (_side(part.left), _side(part.right)) if isinstance(part, exp.EQ) else None
        if sides not in (("l", "r"), ("r", "l")):
            if loose:
                continue
            return None
        mine, theirs = (part.left, part.right) if sides == ("l", "r") else (part.right, part.left)
        left.append(_qualified(mine, None))
        right.append(_qualified(theirs, None))
    return JoinKey(tuple(left), tuple(right)) if left else None


def _side(node: exp.Expression) -> str | None:
    tables = {c.table for c in node.find_all(exp.Column)}
    return tables.pop() if len(tables) == 1 else None


def _qualified(node: exp.Expression | str, alias: str | None) -> str:
    """An expression with every column of alias (None: of no table) in DuckDB's SQL."""
    if isinstance(node, str):
        node = sqlglot.parse_one(node, read=BASE_DIALECT)
    table = exp.to_identifier(alias) if alias else None  # l."x", never "l"."x": rules read l.
    return node.transform(lambda n: exp.Column(this=exp.to_identifier(n.name, quoted=True), table=table)
                          if isinstance(n, exp.Column) else n).sql(BASE_DIALECT)


@dataclass(frozen=True)
class Capped:
    """The blocking as run: the conditions Splink blocks on, the spec rule each comes from, and
    per capped spec rule what its cap split and left out (for the manifest and the log)."""

    rules: tuple[str, ...]
    origins: tuple[str, ...]
    caps: dict  # spec rule -> {"keys", "records", "pairs", "largest", "split": [...]}
    flags: tuple[str, ...] = ()  # the columns cap_blocks added to the table


def cap_blocks(con, table: str, rules: tuple[str, ...], max_block_size: int | None,
               split_by: tuple[str, ...] = (), uncapped: tuple[str, ...] = ()) -> Capped:
    """The rules with each key whose block passes max_block_size records (for a rule pairing
    different columns: whose left × right count passes its square) split by each split_by key,
    and what is still over the size left out; adds a boolean column to `table` per capped key
    set. None: no cap, the rules as they are. Rules in `uncapped` are never capped."""
    run, origins, caps, flags = [], [], {}, {}
    split_by = _present(con, table, split_by) if max_block_size else ()
    for i, rule in enumerate(rules):
        key = join_key(rule) if max_block_size and rule not in uncapped else None
        over = _over(con, table, key, max_block_size, f"{CAP_PREFIX}{i}") if key else None
        if over is None:
            run.append(rule)
            origins.append(rule)
            continue
        flags.update(over.pop("flags"))
        cond = rule_condition(rule)
        run.append(f"({cond}) AND {_not_flagged(over['columns'])}")
        origins.append(rule)
        over["split"] = []
        for j, expr in enumerate(split_by):
            sub = _over(con, table, key.plus(expr), max_block_size, f"{CAP_PREFIX}{i}_{j}",
                        within=(flags, over["columns"]))
            same = f"{_qualified(expr, 'l')} = {_qualified(expr, 'r')}"
            inside = f'l."{over["columns"][0]}" AND r."{over["columns"][1]}"'
            cond_j = f"({cond}) AND {inside} AND {same}"
            if sub is not None and sub["records"] < over["records"]:
                flags.update(sub.pop("flags"))
                cond_j += f" AND {_not_flagged(sub['columns'])}"
            if sub is None or sub["records"] < over["records"]:  # else it would pair no one
                run.append(cond_j)
                origins.append(rule)
            over["split"].append({"by": expr, **({k: sub[k] for k in ("keys", "records", "pairs")}
                                                 if sub else {"keys": 0, "records": 0, "pairs": 0})})
        caps[rule] = {k: v for k, v in over.items() if k != "columns"}
        log.info("blocking: [%s] has %d key(s) over max_block_size %d (%d records, %d of its pairs; "
                 "largest %s): split by %s, the rest left to the other rules", rule, over["keys"],
                 max_block_size, over["records"], over["pairs"], over["largest"][0],
                 ", ".join(split_by) or "nothing")
    if flags:
        columns = ", ".join(f"{sql} AS {quote_ident(name)}" for name, sql in flags.items())
        con.execute(f"CREATE OR REPLACE TABLE {quote_ident(table)} AS SELECT *, {columns} "
                    f"FROM {quote_ident(table)} ORDER BY unique_id")
    return Capped(tuple(run), tuple(origins), caps, tuple(flags))


def _present(con, table: str, exprs: tuple[str, ...]) -> tuple[str, ...]:
    """The split keys whose columns the table has (a list without death dates splits by the rest)."""
    have = {r[0] for r in con.execute(f"DESCRIBE {quote_ident(table)}").fetchall()}
    return tuple(e for e in exprs
                 if {c.name for c in sqlglot.parse_one(e, read=BASE_DIALECT).find_all(exp.Column)} <= have)


def _not_flagged(columns: tuple[str, str]) -> str:
    return f'NOT l."{columns[0]}" AND NOT r."{columns[1]}"'


def _key_counts(table: str, exprs: tuple[str, ...], where: str = "true") -> str:
    named = ", ".join(f"{e} AS _cap_k{j}" for j, e in enumerate(exprs))
    present = " AND ".join(f"({e}) IS NOT NULL" for e in exprs)
    return (f"SELECT {named}, count(*) AS _cap_n FROM {quote_ident(table)} "
            f"WHERE {present} AND {where} GROUP BY ALL")


def _over(con, table: str, key: JoinKey, limit: int, name: str, within=None) -> dict | None:
    """The key values over the limit, kept in the temp table `name`, with the SQL of the flag
    column(s) that mark a record holding one; None when there are none. `within`: (the flag
    SQL so far, the parent's two flag names): count only the records the parent flagged."""
    ks = ", ".join(f"_cap_k{j}" for j in range(len(key.left)))
    symmetric = key.left == key.right
    wl, wr = ((within[0][within[1][0]], within[0][within[1][1]]) if within else ("true", "true"))
    if symmetric:
        sql = (f"SELECT *, _cap_n AS _cap_n_r FROM ({_key_counts(table, key.left, wl)}) "
               f"WHERE _cap_n > {int(limit)}")
    else:
        sql = (f"SELECT lk.*, rk._cap_n AS _cap_n_r FROM ({_key_counts(table, key.left, wl)}) lk "
               f"JOIN ({_key_counts(table, key.right, wr)}) rk USING ({ks}) "
               f"WHERE lk._cap_n * rk._cap_n > {int(limit) ** 2}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote_ident(name)} AS {sql}")
    pairs = "_cap_n * (_cap_n - 1) // 2" if symmetric else "_cap_n * _cap_n_r // 2"
    keys, records, n_pairs = con.execute(
        f"SELECT count(*), coalesce(sum(_cap_n), 0), coalesce(sum({pairs}), 0) "
        f"FROM {quote_ident(name)}").fetchall()[0]
    if not keys:
        return None
    largest = con.execute(f"SELECT concat_ws(' | ', {ks}), _cap_n FROM {quote_ident(name)} "
                          "ORDER BY _cap_n * _cap_n_r DESC, 1 LIMIT 5").fetchall()
    sides = {name: key.left} if symmetric else {f"{name}_l": key.left, f"{name}_r": key.right}
    flags = {}
    for (column, exprs), w in zip(sides.items(), (wl, wr)):
        match = " AND ".join(f"c._cap_k{j} = ({e})" for j, e in enumerate(exprs))
        flags[column] = f"(({w}) AND EXISTS (SELECT 1 FROM {quote_ident(name)} c WHERE {match}))"
    columns = tuple(sides) if not symmetric else (name, name)
    return {"keys": int(keys), "records": int(records), "pairs": int(n_pairs),
            "largest": [[k, int(n)] for k, n in largest], "flags": flags, "columns": columns}
