"""Names beyond Russian: English nicknames, Ukrainian and South Slavic Cyrillic, Latin diacritics."""

from __future__ import annotations

import pytest

from linkage import names
from linkage.constraints import Constraints, Record, conflict
from linkage.names.nicknames import MAX_CANONICALS, english_claims


@pytest.mark.parametrize("a, b", [("Tom", "Thomas"), ("Jim", "James"), ("Thom", "Thomas"),
                                  ("Sasha", "Alexander")])
def test_english_nicknames_share_the_full_names_root(a, b):
    assert names.first_name_root(a) == names.first_name_root(b)


@pytest.mark.parametrize("nick, full", [("Bob", "Robert"), ("Bill", "William"), ("Ted", "Edward"),
                                        ("Alex", "Aleksandr"), ("Alex", "Aleksei")])
def test_a_nickname_of_several_names_is_a_shared_form_of_each(nick, full):
    assert names.shared_form_of(names.first_name_root(nick), names.first_name_root(full))


def _record(first: str) -> Record:
    return Record(birth=None, first_key=names.name_key(first), first_root=names.first_name_root(first),
                  father=None, patronymic_key=None, death_daynum=None, first_freq=5)


@pytest.mark.parametrize("a, b", [("Tom", "Thomas"), ("Bob", "Robert"), ("Bill", "William")])
def test_the_first_name_rule_takes_english_pet_forms_as_variants(a, b):
    rules = Constraints(first_names_not_variants=True, unknown_first_names_differ=True)
    assert conflict(_record(a), _record(b), rules) is None


def test_the_first_name_rule_still_parts_two_english_names():
    rules = Constraints(first_names_not_variants=True)
    assert conflict(_record("Thomas"), _record("William"), rules) is not None


def test_no_nickname_stands_for_more_names_than_the_cap():
    claims = english_claims()
    assert claims and all(0 < len(v) <= MAX_CANONICALS for v in claims.values())
    assert claims["tom"] == {"thomas"}


@pytest.mark.parametrize("a, b", [
    ("Šťastný", "Stastny"), ("Dvořák", "Dvorak"), ("Łukasz", "Lukasz"), ("José", "Jose"),
    ("Šapošnikov", "Shaposhnikov"),        # a transliteration of Cyrillic keeps š = sh
    ("Сергій", "Serhii"), ("Євген", "Yevhen"), ("Ўладзімір", "Uladzimir"),  # Ukrainian, Belarusian
    ("Ђорђе", "Đorđe"), ("Љубомир", "Ljubomir"),                             # Serbian
])
def test_spellings_across_alphabets_share_one_key(a, b):
    assert names.name_key(a) == names.name_key(b)


def test_stastny_is_not_shtastny_from_russian():
    """Šťastný is Czech, read as Stastny; a Cyrillic Штастный keeps its ш."""
    assert names.name_key("Штастный") != names.name_key("Stastny")
