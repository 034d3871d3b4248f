"""Region and settlement keys (places.py): every way REAL-HABITS says sources write a region meets the others,
and neighbours stay apart."""

import pytest

from linkage import places
from linkage.places import region_canonical, region_key


@pytest.mark.parametrize("written, region", [
    ("г. Уфа", "Республика Башкортостан"),          # the capital for the region
    ("Ufa", "Республика Башкортостан"),
    ("Ижевск", "Удмуртская Республика"),
    ("Подольск", "Московская область"),             # a large city
    ("НСО", "Новосибирская область"),               # an unambiguous abbreviation
    ("ХМАО-Югра", "Ханты-Мансийский автономный округ — Югра"),
    ("Кузбасс", "Кемеровская область"),             # an informal area
    ("Кемеровская обл. — Кузбасс", "Кемеровская область"),
    ("Питер", "Санкт-Петербург"),
    ("Чкаловская область", "Оренбургская область"),  # an old Soviet name
    ("Бурят-Монгольская АССР", "Республика Бурятия"),
    ("Свердл. обл.", "Свердловская область"),       # a word cut short
    ("Челяб. обл.", "Челябинская область"),
    ("république de Tatarstan", "Республика Татарстан"),  # the foreign press
    ("Republik Bashkortostan", "Республика Башкортостан"),
    ("Donetsk People's Republic", "Донецкая Народная Республика"),
    ("Нижегородчина", "Нижегородская область"),     # an area named by its people's word
    ("Город-герой Севастополь", "Севастополь"),
    ("Северная Осетия-Алания", "Республика Северная Осетия — Алания"),  # a hyphen for the dash
    ("РМЭ", "Республика Марий Эл"),
    # Алтай and Altai region are the krai in the press (the republic is Горный Алтай, Altai Republic)
    ("Алтай", "Алтайский край"), ("Altai region", "Алтайский край"), ("Gebiet Altaj", "Алтайский край"),
    ("Горный Алтай", "Республика Алтай"), ("Респ. Алтай", "Республика Алтай"),
    # an oblast named by its city: the oblast, when the words say so
    ("Моск. обл.", "Московская область"), ("Oblast Moskwa", "Московская область"),
    ("Region Moskwa", "Московская область"), ("Moscow", "Москва"),
    ("South Urals", "Челябинская область"), ("Приамурье", "Амурская область"),  # the areas' own names
    ("Первопрестольная", "Москва"), ("Северная столица", "Санкт-Петербург"),  # the cities' by-names
    # a sentence's cases: уроженец Свердловской области, погиб в Краснодарском крае
    ("Свердловской области", "Свердловская область"), ("Краснодарского края", "Краснодарский край"),
    ("в Краснодарском крае", "Краснодарский край"), ("Республики Татарстан", "Республика Татарстан"),
    ("в Республике Башкортостан", "Республика Башкортостан"), ("Пермского края", "Пермский край"),
    ("Ханты-Мансийского автономного округа", "Ханты-Мансийский автономный округ — Югра"),
    ("Иркутской области", "Иркутская область"), ("Иркут. обл.", "Иркутская область"),  # -цк-
    ("Камчатского края", "Камчатский край"), ("Удмуртской Республики", "Удмуртская Республика"),
    ("Саратовщина", "Саратовская область"), ("Смоленщина", "Смоленская область"),  # people's words
    ("Новгородчина", "Новгородская область"),
    ("région de Perm", "Пермский край"), ("Baschkirien", "Республика Башкортостан"),  # exonyms
    ("Bachkirie", "Республика Башкортостан"), ("Burjatien", "Республика Бурятия"),
])
def test_a_region_written_any_way_real_sources_do_is_known(written, region):
    assert region_canonical(written) == region
    assert region_key(written) == region_key(region)


@pytest.mark.parametrize("wide", ["Сибирь", "Урал", "Поволжье", "Siberia", "Черноземье"])
def test_an_area_wider_than_one_region_names_none(wide):
    assert region_key(wide) == "" and places.region_canonical(wide) is None


@pytest.mark.parametrize("a, b", [("Москва", "Московская область"), ("Новосибирская область", "Омская область"),
                                  ("Санкт-Петербург", "Ленинградская область")])
def test_neighbours_keep_their_own_keys(a, b):
    assert region_key(a) != region_key(b)


@pytest.mark.parametrize("ambiguous", ["КК", "ПК", "ВО", "Нов. обл."])
def test_an_abbreviation_of_several_regions_names_none_of_them(ambiguous):
    # КК is Krasnodar, Krasnoyarsk or Kamchatka Krai: no region's, and no key (region unknown)
    assert region_canonical(ambiguous) is None
    if ambiguous.replace(".", "").isupper():
        assert region_key(ambiguous) == ""


@pytest.mark.parametrize("a, b", [
    ("п. Михайловка", "Михайловка"), ("х. Красный", "хутор Красный"), ("пгт Северный", "Северный"),
    ("Moscow", "г. Москва"), ("Saint Petersburg", "Санкт-Петербург"),  # cities that are regions
    ("ст-ца Степное", "Степное"),
    # the district one address names and another not, before or after the village
    ("Берёзовка, Павловский р-н", "Берёзовка"), ("Мельноградский район, с. Горово", "с. Горово"),
    ("Pavlovsky district, Beryozovka", "Берёзовка"),
    ("c. Луговое", "с. Луговое"), ("x. Весёлый", "Весёлый"),  # a Latin c or x for its Cyrillic twin
])
def test_one_settlement_written_two_ways_has_one_key(a, b):
    assert places.settlement_key(a) == places.settlement_key(b)


def test_settlements_of_one_name_part_from_others():
    assert places.settlement_key("Михайловка") != places.settlement_key("Александровка")
    assert places.settlement_key("Подольск") != places.settlement_key("Москва")  # a city of the Moscow region


def test_a_district_alone_is_still_a_place():
    assert places.settlement_key("Павловский район") != ""
