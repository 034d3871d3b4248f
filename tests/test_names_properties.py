"""Hypothesis properties of linkage.names: keys are idempotent, case/space-blind, scheme-blind."""

from __future__ import annotations

import iuliia
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage import names

SCHEMES = (
    "wikipedia", "bgn_pcgn", "icao_doc_9303", "mvd_782", "mvd_310", "yandex_maps",
    "yandex_money", "scientific", "gost_7034", "gost_52535", "ala_lc", "bs_2979",
)
# Real names free of the j = ж / j = й ambiguity (Telegram is measured in the benchmark instead).
_WORDS = (
    "Юрий Щербаков Александр Алексей Хабибуллин Шайхутдинов Воробьёв Артём Наталья Ксения "
    "Евгений Дмитриевич Сергеевна Ильич Кузьминична Цыганков Чайковский Петровская Объедков "
    "Подъячев Дьяченко Ёлкин Майоров Зайцев Мухаммедов Бадмаев Дондоков Ооржак Монгуш Магомедов "
    "Гаджиев Юлдашев Эрдынеев Гусейнович Валерьевич Анатольевна Соловьёва Григорьев Ильин"
)
NAMES = tuple(_WORDS.split())
name = st.sampled_from(NAMES)
scheme = st.sampled_from(SCHEMES)
LETTERS = st.characters(codec="utf-8", categories=("Lu", "Ll", "Mn", "Zs"))
anything = st.text(st.characters(codec="utf-8"), max_size=40)
# Combining marks, RTL text and marks, zero-width and BOM characters, emoji.
nasty = st.text(
    st.sampled_from("a\u0301\u0308\u0361\u05d0\u0627\u200f\u202e\u200b\u200d\ufeff😀👍🏽Йё-' \t"),
    max_size=30,
)
FUNCTIONS = (
    names.name_key, names.first_name_root, names.surname_stem, names.patronymic_key,
    names.patronymic_father, names.phonetic_key, names.to_latin, names.detect_script,
)


@given(st.one_of(anything, st.text(LETTERS, max_size=30), name))
def test_key_is_idempotent(text):
    key = names.name_key(text)
    assert names.name_key(key) == key
    assert key == "" or key.isascii() and key.isalpha() and key.islower()


@given(name, scheme)
def test_key_idempotent_on_renderings(word, schema):
    key = names.name_key(iuliia.schemas.get(schema).translate(word))
    assert names.name_key(key) == key


@given(st.one_of(name, st.text(LETTERS, max_size=30)), st.sampled_from(["", " ", "  ", "\t", "-"]))
def test_key_is_case_and_whitespace_insensitive(text, gap):
    variants = [text.upper(), text.lower(), text.title(), f" {text} ", gap.join(text)]
    assert {names.name_key(v) for v in variants} == {names.name_key(text)}


@settings(max_examples=300)
@given(name, scheme)
def test_key_equal_for_cyrillic_and_each_scheme(word, schema):
    latin = iuliia.schemas.get(schema).translate(word)
    assert names.name_key(latin) == names.name_key(word)


@settings(max_examples=200)
@given(name, scheme)
def test_roots_and_stems_equal_across_schemes(word, schema):
    latin = iuliia.schemas.get(schema).translate(word)
    for fn in (names.first_name_root, names.surname_stem, names.patronymic_key,
               names.patronymic_father, names.phonetic_key):
        assert fn(latin) == fn(word)


@given(st.sampled_from([("Александр", "Алексей"), ("Владимир", "Владислав"),
                        ("Евгений", "Евгения"), ("Вячеслав", "Владислав")]), scheme, scheme)
def test_first_name_root_keeps_close_names_apart(pair, scheme_a, scheme_b):
    a = iuliia.schemas.get(scheme_a).translate(pair[0])
    b = iuliia.schemas.get(scheme_b).translate(pair[1])
    assert names.first_name_root(a) != names.first_name_root(b)


@given(st.one_of(anything, nasty))
def test_fuzz_never_raises_and_returns_str(text):
    for fn in FUNCTIONS:
        assert isinstance(fn(text), str)
    parts = names.split_full_name(text)
    assert all(isinstance(p, str) for p in (parts.first, parts.patronymic, parts.surname))


lowercase = st.text(st.sampled_from("abcdehiklmnorstuvz"), min_size=4, max_size=12)


@settings(max_examples=300, deadline=None)
@given(lowercase, st.integers(0, 11), st.sampled_from("abcdehiklmnorstuvz"), st.sampled_from(
    ["substitute", "insert", "delete", "transpose"]))
def test_keys_one_edit_apart_share_a_deletion_key(key, at, letter, edit):
    from linkage.normalise import MIN_DELETION_KEY, deletion_keys

    i = at % len(key)
    other = {"substitute": key[:i] + letter + key[i + 1:], "insert": key[:i] + letter + key[i:],
             "delete": key[:i] + key[i + 1:], "transpose": key[:i] + key[i + 1:i + 2] + key[i:i + 1] + key[i + 2:]}[edit]
    if len(other) > MIN_DELETION_KEY:
        assert set(deletion_keys(key)) & set(deletion_keys(other))


def test_a_mixed_word_keys_alike_in_any_case():
    """Found by Hypothesis: a Latin B beside a Cyrillic letter folded to В in upper case only."""
    assert {names.name_key(v) for v in ("BЀ", "bѐ", "Bѐ")} == {names.name_key("ВЀ")}
