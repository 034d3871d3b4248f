"""The spec `linkage init` writes: its tables as a dict, and as TOML text with comments.

Reads what init_spec.py measured; writes nothing itself. The TOML is written here by hand, not
with a TOML writer, because the comments (why a column is read as it is, the pairs each rule
gave) are the point of the file for the person who opens it, and TOML writers drop comments.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from linkage.config import Dates
from linkage.init_columns import Column

# Comparison entries per kind of column: the levels are the person spec's (models/person.toml).
_BY_KIND = {
    "first_name": {"kind": "first_name", "column": "first_name", "levels": [0.92], "term_frequency": True},
    "surname": {"kind": "surname", "column": "surname", "levels": [1, 0.9], "term_frequency": True},
    "patronymic": {"kind": "patronymic", "column": "patronymic", "levels": [0.9]},
    "birth_date": {"kind": "birth_date", "column": "birth_date", "levels": [1, 3]},
    "death_date": {"kind": "death_date", "column": "death_date", "levels": [7, 62]},
    "region": {"kind": "exact", "column": "region_key", "term_frequency": True},
    "settlement": {"kind": "fuzzy_text", "column": "settlement_key", "levels": [0.92, 0.8],
                   "term_frequency": True},
}
_EXTRA = {
    "code": {"kind": "code", "levels": [1, 2]},
    "category": {"kind": "exact", "term_frequency": True},
    "text": {"kind": "fuzzy_text", "levels": [0.92, 0.8]},
}


def comparisons(columns: list[Column]) -> list[tuple[dict, str]]:
    """One comparison per column worth comparing, with the reason, names first."""
    kinds = {c.kind: c for c in columns}
    out = []
    if kinds.keys() & {"first_name", "full_name"}:
        out.append((_BY_KIND["first_name"], "first name: spellings, pet forms, initials"))
    if kinds.keys() & {"surname", "full_name"}:
        out.append((_BY_KIND["surname"], "surname: spellings, gender forms, typos"))
    if "patronymic" in kinds or ("full_name" in kinds and not kinds.keys() & {"first_name", "surname"}):
        out.append((_BY_KIND["patronymic"], "patronymic (dropped at training if the list has none)"))
    if kinds.keys() & {"birth_date", "age"}:
        out.append((_BY_KIND["birth_date"], "birth date at its precision, or a year from an age"))
    for kind in ("death_date", "region", "settlement"):
        if kind in kinds:
            out.append((_BY_KIND[kind], f"column {kinds[kind].header!r}"))
    for c in columns:
        if c.kind in _EXTRA:
            out.append(({**_EXTRA[c.kind], "column": c.name}, f"{c.kind}: {c.why}"))
    return out


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):  # an inline table: [scoring] u_sampling_chunks
        return "{ " + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return repr(v)


def _table_lines(name: str, table: dict) -> list[str]:
    return [f"[{name}]"] + [f"{k} = {_value(v)}" for k, v in table.items()] + [""]


def _rules(rules, indent: str = "    ") -> list[str]:
    return [f"{indent}{_value(m.rule)},  # {m.pairs:,} pairs" for m in rules]


def spec_text(name: str, columns: list[Column], mapping: dict, dates: Dates, blocking, training,
              base: dict) -> tuple[dict, str]:
    """(the spec's tables, the TOML text) for what init found; `base` gives [scoring], [family]."""
    compared = comparisons(columns)
    table = {
        "name": name, "threshold": "auto", "require_name": False, "columns": mapping,
        "comparisons": [c for c, _ in compared],
        "blocking": {"rules": [m.rule for m in blocking]},
        "training": {"deterministic_rules": [m.rule for m in training["deterministic"]],
                     "deterministic_recall": 0.6, "prior_from_model": True,
                     "u_max_pairs": float(training["u_max_pairs"]),
                     "em_rules": [m.rule for m in training["em"]], "em_max_pairs": 1.5e5},
        "scoring": dict(base["scoring"]), "dates": asdict(dates),
        "family": dict(base["family"]), "constraints": {"min_average_weight": -2.0},
    }
    lines = [f"# A model spec written by `linkage init` for {name}: read it, change what is wrong,",
             "# and run `linkage dedupe FILE --spec THIS.toml`. Every number below was measured",
             "# on the file or comes from models/person.toml.", f"name = {_value(name)}",
             "# Match probability at which pairs are clustered: \"auto\" takes the cut that maximises",
             "# the expected F1 of the model's own probabilities (calibrate.py; see `linkage tune`).",
             "threshold = \"auto\"", "# A row with no name is kept: other fields may identify it.",
             "require_name = false", "", "[columns]", ("# The file's headers, renamed to the contract's"
             " (and extra columns to plain names). What each column was read as:")]
    lines += [f"#   {c.header!r}: {c.kind} ({c.why})" for c in columns]
    lines += [f"{_value(k)} = {_value(v)}" for k, v in mapping.items()] + [""]
    for entry, why in compared:
        lines += ["[[comparisons]]", f"# {why}"] + [f"{k} = {_value(v)}" for k, v in entry.items()] + [""]
    lines += ["[blocking]", "# Candidate pairs: the union of these rules, each measured on the file and",
              "# kept within the pair budget; {cumulative} pairs in all.", "rules = ["]
    lines += _rules(blocking) + ["]", "", "[training]",
                                 "# λ from pairs that agree on (nearly) everything; their recall is a guess.",
                                 "deterministic_rules = ["] + _rules(training["deterministic"]) + ["]"]
    lines += ["deterministic_recall = 0.6",
              "# ... and once m is trained, λ again from those rules with the recall the model gives",
              "prior_from_model = true", "# u from random pairs: 10 per mention, at least 1e5 and at most 1e6 (a u of 1e-4 from",
              "# ~100 pairs); a small list needs no more, and time grows with them",
              f"u_max_pairs = {training['u_max_pairs']:.0e}",
              "# m by EM on rules that produce pairs: one on the names, one off them.",
              "em_rules = ["] + _rules(training["em"]) + ["]",
              "# EM samples this many of each rule's pairs (enough: the levels it fits are few)",
              "em_max_pairs = 1.5e5", ""]
    lines += _table_lines("scoring", table["scoring"])
    lines += ["# The years the file's dates name (0.1% to 100%), two-digit years read back from the",
              "# latest seen; an age with no death date counts from the median death year (or today)."]
    lines += _table_lines("dates", table["dates"]) + _table_lines("family", table["family"])
    lines += ["[constraints]", "# No cannot-link: this list has not shown which disagreements never",
              "# happen among its matches. The weak-bridge guard only protects chains.",
              "min_average_weight = -2.0", ""]
    return table, "\n".join(lines)
