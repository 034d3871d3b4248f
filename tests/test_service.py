"""Unit and rank keys (service.py): every way a source writes one unit or rank meets the others,
and different units or ranks stay apart."""

import pytest

from linkage import service
from linkage.scoring import floor_m


@pytest.mark.parametrize("forms", [
    ["в/ч 41659", "войсковая часть 41659", "military unit No. 41659", "Militäreinheit 41659",
     "ВЧ-41659", "jednostka wojskowa 41659", "в/ч №41659"],
    ["76-я гвардейская десантно-штурмовая дивизия", "76th Guards Air Assault Division"],
    ["1-й армейский корпус", "1st Army Corps"],
    ["ЧВК «Вагнер»", "Wagner Group", "Wagner PMC"],
    ["отряд «Шторм Z»", "Storm-Z", "«Шторм-Z»"],
    ["батальон «Тимер»", "Timer battalion"],
    # the army's own abbreviations: separate motor rifle brigade, guards tank division
    ["74 ОМСБр", "74-я отдельная мотострелковая бригада", "74th Separate Motor Rifle Brigade"],
    ["90 гв. ТД", "90-я гвардейская танковая дивизия", "90th Guards Tank Division"],
    ["2 АК", "2-й армейский корпус"],
    # a named formation's other names and cases, and what a unit belongs to (Росгвардия)
    ["отряд «Шторм Z»", "штурмовой отряд Z", "Storm Z unit"],
    ["ЧВК «Вагнер»", "группа Вагнера"],
    ["ОМОН", "ОМОН Росгвардии", "Rosgvardia OMON"],
    # an arm or category of service written where the unit goes, in two languages
    ["танкист", "tankman"], ["доброволец", "volunteer"], ["мобилизованный", "mobilised"],
    ["служил по контракту", "contract soldier"], ["ВДВ", "airborne troops"], ["морская пехота", "marines"],
])
def test_one_unit_written_many_ways_has_one_key(forms):
    assert len({service.unit_key(f) for f in forms}) == 1, [service.unit_key(f) for f in forms]


@pytest.mark.parametrize("a, b", [
    ("в/ч 41659", "в/ч 41695"),
    ("76-я гвардейская десантно-штурмовая дивизия", "76-я отдельная бригада"),
    ("76th Guards Air Assault Division", "7th Guards Air Assault Division"),
    ("Storm-Z", "Storm-V"),
    ("36 ОМСБр", "74 ОМСБр"),    # once both read "omsbr": the number was lost
])
def test_different_units_have_different_keys(a, b):
    assert service.unit_key(a) != service.unit_key(b)


def test_a_kind_without_its_number_names_no_unit():
    assert service.unit_key("ОМСБр") == service.unit_key("гв. ТД") == ""


def test_unit_number_keys_are_marked_apart_from_formations():
    assert service.unit_key("в/ч 41659").startswith(service.NUMBER_PREFIX)
    assert not service.unit_key("155th Naval Infantry Brigade").startswith(service.NUMBER_PREFIX)
    assert service.unit_key("") == service.unit_key(None) == service.unit_key("  ") == ""


@pytest.mark.parametrize("forms, order", [
    (["старший сержант", "ст. с-т", "Senior Sergeant", "Старший сержант", "ст. сержант"], 5),
    (["рядовой", "ряд.", "Private", "Рядовой", "гвардии рядовой", "Guards Private", "мат."], 1),
    (["старший лейтенант", "Гвардии старший лейтенант", "гв. ст. лейтенант"], 11),
    (["подполковник", "п/п-к", "Lieutenant Colonel", "Lt. Col."], 14),
    (["младший сержант", "Jr. Sgt.", "Unteroffizier", "młodszy sierżant"], 3),
    (["ефрейтор", "Private First Class", "Obergefreiter", "Lance Corporal"], 2),
    # the service after the rank, a duty beside it: the rank alone
    (["прапорщик", "прапорщик полиции", "прапорщик, командир взвода"], 7),
    (["рядовой", "рядовой, стрелок", "Рядовой, оператор БПЛА", "Schütze"], 1),
    (["капитан", "капитан юстиции", "капитан; командир роты"], 12),
])
def test_one_rank_written_many_ways(forms, order):
    read = {service.rank(f) for f in forms}
    assert len(read) == 1 and read.pop()[1] == order


@pytest.mark.parametrize("duty", ["стрелок", "Механик-водитель", "оператор БПЛА", "командир отделения",
                                  "rifleman"])
def test_a_duty_alone_is_no_rank(duty):
    assert service.rank(duty) == ("", None)


def test_a_numbered_bars_detachment_has_one_key():
    keys = {service.unit_key(u) for u in ("отряд БАРС-7", "БАРС-7", "БАРС 7", "BARS-7", "7-й отряд БАРС")}
    assert keys == {"7bars"} and service.unit_key("БАРС-20") != "7bars"


def test_an_unknown_rank_keeps_its_text_and_no_order():
    assert service.rank("  Ефрейтор-стажёр ") == ("ефрейтор-стажер", None)
    assert service.rank("") == ("", None)


def test_floor_m_bounds_a_disagreement_and_keeps_m_a_distribution():
    saved = {"comparisons": [{"comparison_levels": [
        {"is_null_level": True},
        {"m_probability": 0.999999, "u_probability": 0.2},
        {"m_probability": 1e-13, "u_probability": 0.3},
        {"m_probability": 1e-6, "u_probability": 0.5}]}]}
    levels = floor_m(saved, 0.005)["comparisons"][0]["comparison_levels"]
    ms = [lv["m_probability"] for lv in levels[1:]]
    assert sum(ms) == pytest.approx(1.0)
    assert min(ms) >= 0.005 / 1.01 and ms[0] > 0.98
    assert "m_probability" not in levels[0]


def test_floor_m_keeps_a_fixed_level():
    saved = {"comparisons": [{"comparison_levels": [
        {"m_probability": 0.99, "u_probability": 0.2},
        {"m_probability": 1e-6, "u_probability": 1e-6, "fix_m_probability": True},
        {"m_probability": 1e-13, "u_probability": 0.3}]}]}
    levels = floor_m(saved, 0.005)["comparisons"][0]["comparison_levels"]
    assert levels[1]["m_probability"] == 1e-6
    assert levels[0]["m_probability"] + levels[2]["m_probability"] == pytest.approx(1.0)
