"""How often two mentions of one man write his first name in two forms of it, from the list's own
spelling mix: the m of the first-name comparison's "variant of one name" level.

EM learns the names' m from the pairs its blocking rules find, and every rule that can train the
first name blocks on something else a mention must give: a death date, a birth date, a village.
Those are the formal sources' mentions, which seldom write a pet form; the social posts that
write Саня or Шура give a name and a region. So EM put m(variant) at 0.029-0.056 on four
generators' 200k lists where the truth gives 0.075-0.102, and every pair of a pet form with its
full name weighed 0.7-1.4 bits too little.

The list itself says how often its first names come in more than one form, without a pair: for
each name (first_root) the chance two of its mentions spell it two ways is 1 - sum of each form's
share squared. Averaged over the mentions (initials left out: they have a level of their own),
it read 0.090-0.132 on those lists: a little over the truth, because one man's mentions share a
form more often than two random ones do, and far nearer than EM (log2 of estimate/truth +0.21 to
+0.37 against -0.65 to -1.36). Pairwise F1 on five 200k lists +0.0006 to +0.0034, on nineteen
lists of five generators +0.0008 on average and never lower (benchmarks/results/lead-2026-12-08.md).

Reads the features table; returns numbers (scoring.py puts them in the trained model).
"""

from __future__ import annotations

from linkage.database import quote_ident
from linkage.modelfile import trainable_levels

# The first-name comparison's level this module sets (comparisons.first_name writes it).
VARIANT_LABEL = "variant of one name (Sasha/Aleksandr)"


def variant_share(con, table: str = "features", min_mentions: int = 1000) -> float | None:
    """The chance two mentions of one first name (first_root) spell it in two forms (first_key),
    averaged over the mentions; None when fewer than `min_mentions` mentions give a full name."""
    found = con.execute(f"""
        WITH forms AS (SELECT first_root, first_key, count(*) AS n FROM {quote_ident(table)}
                       WHERE first_root IS NOT NULL AND length(first_key) > 2 GROUP BY ALL),
             names AS (SELECT sum(n) AS n, 1 - sum(n * n) / (sum(n) * sum(n)) AS differ
                       FROM forms GROUP BY first_root)
        SELECT sum(n * differ) / sum(n), sum(n) FROM names""").fetchone()
    share, mentions = found
    if share is None or mentions < min_mentions:
        return None
    return float(share)


def with_variant_m(saved: dict, share: float) -> tuple[dict, float | None]:
    """Splink's saved model with the variant level's m set to `share`, the comparison's other
    levels' m scaled to keep their sum; and the m EM had given it (None: no such level)."""
    for comparison in saved["comparisons"]:
        levels = trainable_levels(comparison)
        variant = next((lv for lv in levels if lv.get("label_for_charts") == VARIANT_LABEL), None)
        if variant is None:
            continue
        trained = variant["m_probability"]
        total = sum(lv["m_probability"] for lv in levels)
        rest = total - trained
        if rest <= 0 or share >= total:
            return saved, None
        for level in levels:
            level["m_probability"] = share if level is variant else level["m_probability"] * (total - share) / rest
        return saved, trained
    return saved, None
