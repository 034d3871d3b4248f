"""Header names as people write them: the common Russian and English headers of the contract's
columns (ФИО, Дата рождения, Last name, Date of birth …) recognised without --columns.

A header is compared lower-cased, with ё as е and runs of spaces, underscores and hyphens as one
space, so "Дата_рождения", "ДАТА РОЖДЕНИЯ" and "date-of-birth" all name birth_date. The table is
resources/header_aliases.csv; the contract's own names (full_name, birth_date) match as well.
"""

from __future__ import annotations

import functools
import re

from linkage.resource_files import read_csv


def header_key(name: str) -> str:
    """A header as the alias table spells it: lower case, ё → е, one space between words."""
    return re.sub(r"[\s_\-]+", " ", name.lower().replace("ё", "е")).strip()


@functools.cache
def aliases() -> dict[str, str]:
    """header_key → contract column, from resources/header_aliases.csv."""
    return {header_key(row["header"]): row["column"] for row in read_csv("header_aliases.csv")}


def recognised(name: str, contract) -> str | None:
    """The contract column a header names (its own name or a known alias), or None."""
    key = header_key(name)
    as_column = key.replace(" ", "_")
    if as_column in contract:
        return as_column
    return aliases().get(key)
