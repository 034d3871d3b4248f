"""Habits of other hands in names: initials, familiar forms, and how a full name with initials reads.

Reads the loaded Tables (familiar.csv); writes nothing. The rates are GeneratorConfig's
(initials, patronymic_initial, familiar, name_swap); render.py decides which mention gets which.
"""

from __future__ import annotations

import numpy as np

from linkage.generate.tables import Tables, pick


def initial(word: str) -> str:
    """`Сергей` -> `С.`; a two-word patronymic (`Намик оглы`) -> `Н.`; empty stays empty."""
    return f"{word[:1].upper()}." if word else ""


def initials_name(surname: str, first: str, patronymic: str, surname_first: bool, tight: bool) -> str:
    """A full name with initials: `Петров С.А.`, `Петров С. А.`, `С.А. Петров`, `S. A. Petrov`."""
    given = (first + ("" if tight else " ") + patronymic) if patronymic else first
    return f"{surname} {given}" if surname_first else f"{given} {surname}"


def has_familiar(first: np.ndarray, latin: np.ndarray, t: Tables) -> np.ndarray:
    """Which mentions' first names have a familiar form in their script."""
    return np.array([(f, "latin" if lat else "cyrillic") in t.familiar
                     for f, lat in zip(first.tolist(), latin.tolist())], dtype=bool)


def familiar_form(first: str, latin: bool, u: float, t: Tables) -> str:
    """A familiar or foreign form of a first name (Митя, Жека, Sanya, Max, Dimitri), by weight."""
    return pick(t.familiar[(first, "latin" if latin else "cyrillic")], u)


def swappable(group: np.ndarray, groups: tuple[str, ...]) -> np.ndarray:
    """Mentions of people whose surnames can look like given names (Монгуш Айдыс)."""
    return np.isin(group.astype(str), list(groups))
