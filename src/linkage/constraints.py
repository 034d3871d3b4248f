"""Evidence rules: when two mentions cannot be one person (the cannot-link rules).

Reads the features table (normalise.py's columns) into one `Record` per mention and says, for
two records, which hard evidence forbids their merge: full birth dates that differ beyond a
typo, birth dates that differ in year and month, birth years far apart, first names that are not
variants, different fathers' names (in full or by initial), deaths months apart, a bare name that may be a son named
after his father or the father. Which rules apply is the model spec's [constraints] table.
Clustering, family links, the audit and the report all ask the same `conflict`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import jellyfish

from linkage import names
from linkage.errors import ModelError


@dataclass(frozen=True)
class Constraints:
    """Which hard evidence forbids a merge, as the model spec's [constraints] table states it.

    Every rule is off unless the spec turns it on (TOML has no null, so "no limit" is a key left
    out): the values live in models/*.toml, never here, and `Constraints()` is no rule at all.
    """

    birth_full_dates_differ: bool = False
    first_names_not_variants: bool = False
    patronymics_differ: bool = False
    patronymic_initials_differ: bool = False
    death_days_apart: int | None = None
    min_average_weight: float | None = None
    named_after_father: bool = False
    unknown_first_names_differ: bool = False
    birth_years_apart: int | None = None
    bare_ambiguous_alone: bool = False  # clustering.detach_ambiguous
    bare_ambiguous_odds: float | None = None  # ... unless its own individual is this much likelier

    @classmethod
    def from_spec(cls, table: dict) -> Constraints:
        """The rules a spec's [constraints] table names; an unknown key is an error, not ignored."""
        unknown = sorted(set(table) - set(cls.__dataclass_fields__))
        if unknown:
            raise ModelError(f"unknown constraint {', '.join(unknown)} in [constraints] "
                             f"(known: {', '.join(cls.__dataclass_fields__)})")
        return cls(**table)


NO_RULES = Constraints()


@dataclass(frozen=True)
class Record:
    """The fields a cannot-link reads, for one mention."""

    birth: tuple | None       # (year, month, day) when the birth date is full
    first_key: str | None
    first_root: str | None
    father: str | None
    patronymic_key: str | None
    death_daynum: int | None
    first_freq: int = 0       # how many mentions in the list spell the first name this way
    father_or_son: bool = False  # a bare name a namesake son shares with his father (see load_records)
    birth_year: int | None = None      # as written, at any precision
    birth_month: int | None = None     # as written, with its year
    birth_year_est: int | None = None  # as written, else from an age
    death_swapped: int | None = None   # the death day number read month first, when that is a date
    surname_key: str | None = None     # read with first_key: a name written surname-first crosses over


def is_bare(record: Record) -> bool:
    """A mention with no date of birth, age or full death date: a name (perhaps a patronymic, a
    region) and nothing that tells it from a namesake."""
    return record.birth is None and record.birth_year_est is None and record.death_daynum is None


@lru_cache(maxsize=500_000)
def _one_edit(a: str, b: str, length: int | None = None) -> bool:
    """A typo, not another name: at most one edit (two for names of eight letters or more;
    `length`: the length that sets the allowance when the words are longer than the names they
    carry, as a patronymic's suffix lengthens its father's name)."""
    limit = 2 if (min(len(a), len(b)) if length is None else length) >= 8 else 1
    return jellyfish.damerau_levenshtein_distance(a, b) <= limit


# A typo is rare next to the name it garbles; two spellings that each recur (three times or more,
# within a factor of 20 of each other) are two names: Rafis / Rafik, the rhyming twins.
RECUR_MIN, RECUR_RATIO = 3, 20


def _both_recur(fa: int, fb: int) -> bool:
    lo, hi = sorted((fa, fb))
    return lo >= RECUR_MIN and lo * RECUR_RATIO >= hi


def _initial_of(a: str, b: str) -> bool:
    """One key is an initial (one or two letters: С → s, Ш → sh) that may begin the other, in
    any scheme (names.initials_agree: Ж. and Жамсо, keyed zh and iamso)."""
    short, long_ = sorted((a, b), key=len)
    return 0 < len(short) <= 2 and names.initials_agree(short, long_)


def _an_initial(*keys: str) -> bool:
    """One of the keys is an initial's: no patronymic is three letters long, but Дж. is (dzh)."""
    return min(len(k) for k in keys) <= 3


def _initial_meets(initial: str, root: str) -> bool:
    """An initial begins the root or one of the names a shared pet form stands for (В. and
    Славик, who may be Vyacheslav or Vladislav)."""
    return any(_initial_of(initial, name) for name in {root, *names.names_meant(root)})


def _known_names_differ(a: str, b: str, fa: int, fb: int) -> bool:
    """Two forms the tables know, of different names (Aleksandr / Aleksei, Vlad / Vladimir), unless
    one is a typo of the other; or a known name and a longer compound of it (Akhmed / Akhmedkhan,
    Magomed / Magomedali: Caucasian and Central Asian names compound, pet forms stay short)."""
    known = [k for k in (a, b) if names.is_first_name(k)]
    if len(known) == 2:
        return not (a[:1] == b[:1] and _one_edit(a, b) and not _both_recur(fa, fb))
    other = b if known and known[0] == a else a
    return len(known) == 1 and other.startswith(known[0]) and len(other) >= len(known[0]) + 3


def _too_long_for_a_pet_form(a: str, b: str) -> bool:
    """The longer form is unknown and over two letters longer: pet forms shorten a name or add a
    suffix the tables strip (Arturchik), so Bayaskhalan is no pet form of Bair."""
    short, long_ = sorted((a, b), key=len)
    return len(long_) > len(short) + 2 and not names.is_given_name(long_)


def _unknown_form_differs(a: str, b: str, fa: int, fb: int) -> bool:
    """At least one form the forms table does not know; both are names of their own (a dictionary
    of given names knows them, the list spells each of them several times, one is an initial,
    or the unknown one is too long to be a pet form); and they look like two names: rhyming
    names (Ramil / Kamil, twins' favourite), two names that are not a typo of each other, or a
    form too long or too different to be a pet form of the known one (Marsel is not Salavat,
    Bayaskhalan is not Bair). A form no dictionary knows (a pet form the tables lack, a garbled
    or OCR'd spelling) never forbids a merge: the first-name comparison weighs it. Measured
    apart from the known-names rule (rule_rates), because lists full of such forms contradict
    it."""
    if names.is_first_name(a) and names.is_first_name(b):
        return False
    if not (all(len(k) <= 2 or names.is_given_name(k) for k in (a, b)) or _both_recur(fa, fb)
            or _too_long_for_a_pet_form(a, b)):
        return False  # a form no dictionary knows and the list does not repeat: a variant
    if a[:1] != b[:1]:
        return True
    if _one_edit(a, b):
        return _both_recur(fa, fb)
    known = [k for k in (a, b) if names.is_first_name(k)]
    if len(known) != 1 or a[:3] != b[:3]:
        return True
    unknown = b if known[0] == a else a
    return len(unknown) > len(known[0]) + 2


def garbled_forms(members: list, records: dict) -> dict:
    """Records of `members` (one group the clustering has joined) whose first name is a typo of
    another form the group holds, read as that form: {unique_id: record}, empty when none.

    A form the forms table lacks, one or two edits from a form of the same group that the table
    knows or that the list spells more often (Нкиолай beside Николай, Альфрет beside Альфред), is
    that name garbled: the group already took them for one man. Read as written, the garbled
    copy forbade every merge its name allowed (Коля with Нкиолай: "a first name the tables do not
    know looks like another name"), and a typo copied from page to page recurs, so the rule took
    it for a name of its own. Two names in two groups (twins Rafis and Rafik) are untouched."""
    forms = {records[m].first_key: records[m] for m in members if records[m].first_key}
    if len(forms) < 2:
        return {}
    out = {}
    for m in members:
        record = records[m]
        better = _form_garbled(record.first_key, record.first_freq, forms)
        if better is not None:
            out[m] = replace(record, first_key=better.first_key, first_root=better.first_root,
                             first_freq=better.first_freq)
    return out


def may_garble(record: Record) -> bool:
    """The record's first name is a form the tables lack, which garbled_forms may read anew."""
    return _unknown_form(record.first_key)


@lru_cache(maxsize=100_000)
def _unknown_form(key: str | None) -> bool:
    return bool(key) and len(key) > 2 and not names.is_first_name(key)


def _form_garbled(key: str | None, freq: int, forms: dict) -> Record | None:
    """The group's form that `key` garbles (see garbled_forms), or None."""
    if not _unknown_form(key):
        return None
    for other, record in forms.items():
        if other != key and other[:1] == key[:1] and len(other) > 2 \
                and (names.is_first_name(other) or record.first_freq > freq) \
                and jellyfish.damerau_levenshtein_distance(key, other) <= 2:
            return record
    return None


def _other_names(a: Record, b: Record) -> bool:
    """Both carry a first name, of different roots, that no shared pet form or initial joins (an
    initial joins the name it begins and every pet form of that name: A. and Sanya, D. and Mitya),
    and
    the two names are not one name read in the other order (Mongush Aidys / Aidys Mongush: for
    Tuvan, Buryat and Caucasian names neither word tells which is the surname)."""
    return bool(a.first_root and b.first_root and a.first_root != b.first_root
                and not names.shared_form_of(a.first_root, b.first_root)
                and not _initial_of(a.first_key or "", b.first_key or "")
                and not _initial_meets(a.first_key or "", b.first_root)
                and not _initial_meets(b.first_key or "", a.first_root)
                and not names_crossed(a, b))


def names_crossed(a: Record, b: Record) -> bool:
    """One mention's first name is the other's surname and the other way round, the first name
    perhaps as its initial (A. Gazimagomedov / Gazimagomedov Akhmed: a list that puts the surname
    first for a name the parser cannot place, another that abbreviates the first name)."""
    return bool(_crossed_one_way(a, b) or _crossed_one_way(b, a))


def _crossed_one_way(a: Record, b: Record) -> bool:
    """a's surname is b's first name, and a's first name (or its initial) b's surname."""
    return bool(a.first_key and a.surname_key and b.first_key and b.surname_key
                and a.surname_key == b.first_key
                and (a.first_key == b.surname_key
                     or (len(a.first_key) <= 2 and b.surname_key.startswith(a.first_key))))


def _year_typo(a: int, b: int) -> bool:
    """One digit mistyped or two neighbouring digits swapped: 1985 / 1995, 1974 / 1947."""
    x, y = str(a), str(b)
    if len(x) != len(y):
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                              and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]])


def _years_apart(a: Record, b: Record, limit: int) -> bool:
    """Births more than `limit` years apart (an age dates a birth to a year or two), unless both
    years are written and one is a typo of the other."""
    if a.birth_year_est is None or b.birth_year_est is None \
            or abs(a.birth_year_est - b.birth_year_est) <= limit:
        return False
    written = a.birth_year is not None and b.birth_year is not None
    return not (written and _year_typo(a.birth_year, b.birth_year))


def _birth_typo(a: tuple, b: tuple) -> bool:
    same = sum(x == y for x, y in zip(a, b))
    swapped = a[0] == b[0] and a[1] == b[2] and a[2] == b[1]
    return same >= 2 or swapped


def _days_apart(a: Record, b: Record, limit: int) -> bool:
    """Death days more than `limit` apart under every reading: a date whose day is 12 or less may
    have been written month first (an English source's 10/06 is 6 October)."""
    if a.death_daynum is None or b.death_daynum is None:
        return False
    if abs(a.death_daynum - b.death_daynum) <= limit:  # the dates as read: no other reading is needed
        return False
    readings_a = {a.death_daynum, a.death_swapped} - {None}
    readings_b = {b.death_daynum, b.death_swapped} - {None}
    return min(abs(x - y) for x in readings_a for y in readings_b) > limit


def conflict(a: Record, b: Record, rules: Constraints) -> str | None:
    """Why two mentions cannot be one person, or None when nothing forbids it."""
    if rules.birth_full_dates_differ and a.birth and b.birth and a.birth != b.birth \
            and not _birth_typo(a.birth, b.birth):
        return "full birth dates differ"
    if rules.birth_full_dates_differ and a.birth_month and b.birth_month \
            and a.birth_year != b.birth_year and a.birth_month != b.birth_month:
        return "birth dates differ in year and month"  # a typo changes one field, not two
    if rules.birth_years_apart is not None and _years_apart(a, b, rules.birth_years_apart):
        return "birth years far apart"
    if (rules.first_names_not_variants or rules.unknown_first_names_differ) and _other_names(a, b):
        keys = (a.first_key or "", b.first_key or "", a.first_freq, b.first_freq)
        if rules.first_names_not_variants and _known_names_differ(*keys):
            return "first names are not variants of one name"
        if rules.unknown_first_names_differ and _unknown_form_differs(*keys):
            return "a first name the tables do not know looks like another name"
    if rules.patronymics_differ and a.father and b.father and a.father != b.father \
            and not _one_edit(a.patronymic_key or "", b.patronymic_key or "",
                              min(len(a.father), len(b.father))) \
            and not _one_edit(a.father, b.father):  # Эоьдарович, Эльдар оглы: one typo, one father
        return "patronymics name different fathers"
    if rules.patronymic_initials_differ and a.patronymic_key and b.patronymic_key \
            and _an_initial(a.patronymic_key, b.patronymic_key) \
            and not names.initials_agree(a.patronymic_key, b.patronymic_key):
        return "a patronymic's initial is not the other patronymic's"
    if rules.death_days_apart is not None and _days_apart(a, b, rules.death_days_apart):
        return "death dates months apart"
    if rules.named_after_father and (a.father_or_son or b.father_or_son):
        return "a bare name that may be a son named after his father, or the father"
    return None


def load_records(con, table: str = "features", only: str | None = None) -> dict:
    """Record per unique_id, with the fields the cannot-link rules read; with `only` (a table
    of unique_id), just those records, their list-wide facts still taken from all of `table`.

    father_or_son marks a mention with a first name and surname and nothing else that places it in
    a family (no patronymic, no date of birth, age or death day) when the list names, in its region
    (any, when it names none), both a man named after his father (Ivan Ivanovich Dolgopyatov) and
    another Ivan Dolgopyatov with another father (Ivan Petrovich, who may be that father): the bare
    Ivan Dolgopyatov may be either, and merging him into one may erase the other's death. With one such man only, the bare mention is
    weighed like any other: on lists from other hands and --vary lists, refusing it whenever a son
    was named after his father refused 1,258 of 2,406 (other hands 200k) and 291 of 301 (--vary 1
    and 3) merges that joined one man. With three fathers' names or more among the namesakes the
    name is a common one, not one family's (a son named after his father brings two: his own and
    his grandfather's): there the rule refused more men than it kept apart (at 200k, F1 +0.0002 to
    +0.0012 on four generators' lists without it there, household merges the same).
    """
    sql = records_sql(table) + (f" QUALIFY f.unique_id IN (SELECT unique_id FROM {only})" if only else "")
    return dict(record_from_row(r) for r in con.execute(sql).fetchall())


def records_sql(table: str = "features") -> str:
    """The query behind load_records, one row per mention in record_from_row's order: the
    first-name count and the father-or-son mark read the whole list, so a Spark run computes
    them here before it splits the records by component (spark_clustering.py)."""
    return f"""WITH namesakes AS (SELECT surname_stem, first_root, region_key FROM {table}
                               WHERE patronymic_father IS NOT NULL GROUP BY ALL
                               HAVING bool_or(patronymic_father = first_root)
                                  AND count(DISTINCT patronymic_father) = 2),
        bare AS (SELECT DISTINCT f.unique_id FROM {table} f JOIN namesakes n
                 ON n.surname_stem = f.surname_stem AND n.first_root = f.first_root
                    AND (f.region_key IS NULL OR n.region_key IS NULL OR n.region_key = f.region_key)
                 WHERE f.patronymic_key IS NULL AND f.birth_year_est IS NULL AND f.death_daynum IS NULL)
        SELECT f.unique_id, f.birth_year, f.birth_month, f.birth_day, f.first_key, f.first_root,
               f.patronymic_father, f.patronymic_key, f.death_daynum,
               count(*) OVER (PARTITION BY f.first_key) AS first_freq, f.birth_year_est,
               b.unique_id IS NOT NULL AS father_or_son,
               CASE WHEN day(d.death) <= 12 AND day(d.death) <> month(d.death)
                    THEN date_diff('day', DATE '1970-01-01',
                                   make_date(year(d.death), day(d.death), month(d.death))) END
                   AS death_swapped,
               f.surname_key
        FROM {table} f LEFT JOIN bare b ON b.unique_id = f.unique_id,
        LATERAL (SELECT DATE '1970-01-01' + f.death_daynum::INTEGER AS death) d"""


def record_from_row(r) -> tuple:
    """(unique_id, Record) from one row of records_sql."""
    return r[0], Record(birth=(r[1], r[2], r[3]) if r[3] is not None else None, first_key=r[4],
                        first_root=r[5], father=r[6], patronymic_key=r[7], death_daynum=r[8],
                        first_freq=r[9] if r[4] is not None else 0, birth_year=r[1],
                        birth_month=r[2], birth_year_est=r[10], father_or_son=bool(r[11]),
                        death_swapped=r[12], surname_key=r[13])
