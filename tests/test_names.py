"""Example tests for linkage.names: the spellings from issue 6 and the parsing cases."""

from __future__ import annotations

import pytest

from linkage import names
from linkage.names import NameParts

SHCHERBAKOV = ["Щербаков", "Shcherbakov", "Ščerbakov", "Scherbakov", "Schtscherbakow", "Shherbakov"]
YURII = ["Юрий", "Yuriy", "Iurii", "Jurij", "Yury", "Yurii", "Juri", "Yuri", "ЮРИЙ", " yu-riy "]


@pytest.mark.parametrize("group", [
    SHCHERBAKOV, YURII,
    ["Хабибуллин", "Khabibullin", "Habibulin", "Xabibullin"],
    ["Иванов", "Ivanov", "Iwanow"],
    ["Алексей", "Aleksei", "Alexei", "Alexey", "Aleksej", "Aleksey"],
    ["Артём", "Артем", "Artyom", "Artem", "Artjom", "Artyem", "Artёm"],
    ["Евгений", "Yevgeny", "Evgenii", "Evgeniy", "Evgenij"],
    ["Цыганков", "Tsygankov", "Tcygankov", "Cygankov", "Tzygankov"],
    ["Жуков", "Zhukov", "Žukov"],
    ["Наталья", "Natalya", "Natalia", "Natal'ja", "Natal’ya", "Natalʹi͡a"],
    ["Объедков", "Obyedkov", "Ob\"edkov", "Obieedkov", "Obedkov"],
    ["Воробьёв", "Vorobyov", "Vorobev", "Vorob'ev", "Vorob’yёv"],
    ["Ёлкин", "Yolkin", "Elkin"],
    ["Чайковский", "Chaykovsky", "Chaikovskii", "Čajkovskij", "Tschaikowski"],
    ["Магомедович", "Magomedovich", "Magomedowitsch"],
    # German, Polish, Czech and scientific ch is х; French ch is ш; German and Polish Je is Е
    ["Тихонов", "Tikhonov", "Tichonow"],
    ["Хомушку", "Khomushku", "Chomuszku", "Chomušku"],
    ["Хрущёв", "Khrushchev", "Chruščëv"],
    ["Чернышов", "Chernyshov", "Czernyszow", "Tschernyschow"],
    ["Щербаков", "Szczerbakow"],
    ["Шевченко", "Shevchenko", "Chevtchenko", "Schewtschenko"],
    ["Егоров", "Yegorov", "Egorov", "Jegorow"],
    ["Елисеев", "Yeliseev", "Jelissejew", "Jelisejew"],
    ["Жуков", "Żukow", "Zhukov"],
])
def test_spellings_share_one_key(group):
    assert len({names.name_key(s) for s in group}) == 1, {s: names.name_key(s) for s in group}


@pytest.mark.parametrize("cyrillic, latin", [
    ("Жора", "Jora"), ("Надежда", "Nadezhda"), ("Баженов", "Bajenov"), ("Ежов", "Ejov"),
    ("Гаджиев", "Gadjiev"), ("Дружинин", "Drujinin"), ("Жданов", "Jdanov"), ("Охунжон", "Okhunjon"),
    ("Андреев", "Andrejew"), ("Сергеевич", "Sergejewitsch"), ("Юрий", "Jurij"), ("Яков", "Jakov"),
    ("Наталья", "Natalja"), ("Майоров", "Majorov"), ("Зайцев", "Zajcev"),
    # word-initial and post-consonant Ja/Ju: ж and я/ю share the key, so both readings meet
    ("Жуков", "Jukov"), ("Жасур", "Jasur"), ("Ржанов", "Rjanov"),
    ("Рябов", "Rjabov"), ("Доржу", "Dorju"), ("Джамшид", "Djamshid"), ("Володя", "Volodja"),
    # ж before a consonant after и/ы, and in ожд/ожк
    ("Чижский", "Chijskii"), ("Рыжков", "Ryjkov"), ("Рождественский", "Rojdestvenskii"),
    ("Рожков", "Rojkov"), ("Айдар", "Ajdar"), ("Чайковский", "Čajkovskij"),
])
def test_j_reads_as_zh_or_glide_by_context(cyrillic, latin):
    """Telegram/Uzbek j = ж, scientific/German j = й/я/ю: the context rules in key_rules.csv."""
    assert names.name_key(cyrillic) == names.name_key(latin)


@pytest.mark.parametrize("a, b", [
    ("Александр", "Алексей"), ("Vladimir", "Vladislav"), ("Евгений", "Евгения"),
    ("Шаров", "Саров"), ("Иванов", "Иванова"), ("Чернов", "Цернов"),
])
def test_different_names_keep_different_keys(a, b):
    assert names.name_key(a) != names.name_key(b)


@pytest.mark.parametrize("full, forms", [
    ("Александр", ["Sasha", "Саня", "Alexander", "Shura", "Aleksandr"]),
    ("Алексей", ["Lyosha", "Alyosha", "Лёха", "Alexei", "Aleksey"]),
    ("Дмитрий", ["Dima", "Dmitry", "Митя", "Dmitrii"]),
    ("Сергей", ["Seryozha", "Serega", "Sergey", "Серёжа"]),
    ("Евгений", ["Eugene", "Zhenya", "Yevgeny", "Jewgeni"]),
    ("Михаил", ["Michael", "Misha", "Mikhail", "Michail"]),
    ("Николай", ["Kolya", "Nikolay", "Nicholas"]),
    ("Иван", ["Vanya", "John", "Ivan"]),
    ("Юрий", ["Yura", "Yuri", "Iurii"]),
    ("Владимир", ["Volodya", "Vova", "Wladimir"]),
    ("Андрей", ["Andrew", "Andrey"]), ("Павел", ["Paul", "Pasha"]), ("Пётр", ["Peter", "Petya", "Pyotr"]),
    ("Георгий", ["Georg", "Гога"]), ("Анатолий", ["Tolya", "Tolik"]),
    ("Константин", ["Kostya"]), ("Григорий", ["Grisha"]), ("Борис", ["Borya"]), ("Леонид", ["Lyonya"]),
    ("Валерий", ["Valera"]), ("Виктор", ["Vitya", "Victor"]), ("Степан", ["Styopa"]),
    ("Роман", ["Roma"]), ("Даниил", ["Danil"]), ("Артём", ["Tyoma", "Artyom"]), ("Игорь", ["Igor"]),
    ("Никита", ["Nikita"]),
])
def test_first_name_root_maps_forms_to_full_name(full, forms):
    root = names.first_name_root(full)
    assert {f: names.first_name_root(f) for f in forms} == {f: root for f in forms}


@pytest.mark.parametrize("form, fulls", [
    ("Slava", ["Вячеслав", "Ярослав", "Станислав", "Владислав", "Святослав"]),
    ("Гоша", ["Георгий", "Игорь"]), ("George", ["Георгий", "Юрий"]), ("Alex", ["Александр", "Алексей"]), ("Vlad", ["Владислав", "Владимир"]), ("Tima", ["Тимофей", "Тимур"]), ("Ксюша", ["Ксения", "Оксана"]),
])
def test_a_shared_pet_form_meets_each_of_its_names_and_they_stay_apart(form, fulls):
    root = names.first_name_root(form)
    assert {names.first_name_group(f) for f in fulls} == {names.first_name_group(form)}
    assert all(names.shared_form_of(root, names.first_name_root(f)) for f in fulls)
    roots = [names.first_name_root(f) for f in fulls]
    assert len(set(roots)) == len(fulls)  # the names themselves are not one another
    assert not any(names.shared_form_of(a, b) for a in roots for b in roots if a != b)


@pytest.mark.parametrize("pet, full", [
    ("Артурчик", "Артур"), ("Захарка", "Захар"), ("Nikitos", "Никита"), ("Колян", "Николай"),
    ("Тёмка", "Артём"), ("Ildarchik", "Ильдар"), ("Глебушка", "Глеб"), ("Ринатик", "Ринат"),
    # the suffix replaced the short form's last vowel (Лёня, Валера, Ваня, Митя): Лёнька had read
    # as the English Len (Leonard), Ванечка as Sullivan
    ("Лёнька", "Леонид"), ("Лёнчик", "Леонид"), ("Валерчик", "Валерий"), ("Ванечка", "Иван"),
    ("Митька", "Дмитрий"),
    ("Игорюша", "Игорь"), ("Серёженька", "Сергей"), ("Сашенька", "Александр"),  # -юша, -енька
])
def test_a_diminutive_suffix_on_a_known_name_leads_back_to_it(pet, full):
    assert names.first_name_root(pet) == names.first_name_root(full)
    assert names.full_first_name(pet) == full


@pytest.mark.parametrize("with_suffix, name", [
    ("Икромжон", "Икром"), ("Икромджон", "Икром"), ("Ikromjon", "Ikrom"), ("Умиджон", "Умид"),
    ("Umidjon", "Умид"), ("Рахмонджон", "Рахмон"), ("Alijon", "Али"), ("Шерзоджон", "Шерзод"),
])
def test_the_central_asian_jon_is_read_as_part_of_the_name_it_follows(with_suffix, name):
    assert names.first_name_root(with_suffix) == names.first_name_root(name)


@pytest.mark.parametrize("token", ["Джон", "Антон", "Бжон", "Dzhon"])
def test_a_name_that_only_ends_like_jon_keeps_its_own_root(token):
    assert names.first_name_root(token) == names.name_key(token)


@pytest.mark.parametrize("token", ["Ильик", "Рафик", "Ерик", "Карина", "Эрик"])
def test_a_suffix_does_not_invent_a_name_when_the_stem_fits_none_or_several(token):
    assert names.first_name_root(token) == names.name_key(token)


@pytest.mark.parametrize("a, b", [
    ("Aleksandr", "Aleksei"), ("Sasha", "Lyosha"), ("Vladimir", "Vladislav"), ("Vova", "Vlad"),
    ("Evgenii", "Evgeniya"), ("Slava", "Vladislav"), ("Slava", "Vyacheslav"), ("Slava", "Stanislav"),
])
def test_first_name_root_keeps_names_apart(a, b):
    assert names.first_name_root(a) != names.first_name_root(b)


@pytest.mark.parametrize("female, male", [
    ("Ivanova", "Ivanov"), ("Petrovskaya", "Petrovsky"), ("Кузнецова", "Kuznetsov"),
    ("Ильина", "Ilyin"), ("Yevgenyeva", "Evgenev"), ("Толстая", "Толстой"), ("Belaya", "Belyy"),
])
def test_surname_stem_is_gender_neutral(female, male):
    assert names.surname_stem(female) == names.surname_stem(male)


def test_surname_stem_leaves_other_surnames():
    assert names.surname_stem("Shevchenko") == names.name_key("Shevchenko")
    assert names.surname_stem("Черных") == names.name_key("Черных")


@pytest.mark.parametrize("a, b", [
    ("Ivanovich", "Ivanovna"), ("Сергеевич", "Sergeyevna"), ("Ильич", "Ilyinichna"),
    ("Гусейн оглы", "Huseyn kyzy"), ("Kuzmich", "Кузьминична"),
])
def test_patronymic_key_is_gender_neutral(a, b):
    assert names.patronymic_key(a) == names.patronymic_key(b)


@pytest.mark.parametrize("patronymic, father", [
    ("Ivanovich", "Иван"), ("Sergeevich", "Сергей"), ("Sergeyevich", "Сергей"),
    ("Николаевич", "Николай"), ("Ilyich", "Илья"), ("Nikitich", "Никита"), ("Kuzmich", "Кузьма"),
    ("Fomich", "Фома"), ("Lukich", "Лука"), ("Huseyn ogly", "Гусейн"), ("Pavlovna", "Павел"),
    ("Lvovich", "Лев"), ("Яковлевич", "Яков"), ("Yuryevich", "Юрий"), ("Dmitrievna", "Дмитрий"),
    ("Alekseevich", "Алексей"), ("Magomedovich", "Магомед"), ("Valeryevich", "Валерий"),
])
def test_patronymic_father(patronymic, father):
    assert names.patronymic_father(patronymic) == names.first_name_root(father)


def test_patronymic_father_unknown_is_empty():
    assert names.patronymic_father("Ivanov") == ""
    assert names.patronymic_father("") == ""


@pytest.mark.parametrize("text, parts", [
    ("Иванов Иван Иванович", ("Иван", "Иванович", "Иванов")),
    ("Ivan Ivanovich Ivanov", ("Ivan", "Ivanovich", "Ivanov")),
    ("Ivan Ivanov", ("Ivan", "", "Ivanov")),
    ("IVANOV Ivan", ("Ivan", "", "Ivanov")),
    ("Мамедов Эльчин Гусейн оглы", ("Эльчин", "Гусейн оглы", "Мамедов")),
    ("Okhunjon Rustamov", ("Okhunjon", "", "Rustamov")),
    ("Krylovich Ivan Petrovich", ("Ivan", "Petrovich", "Krylovich")),
    ("Иван Петрович Лукашевич", ("Иван", "Петрович", "Лукашевич")),
    ("Щербаков Юрий", ("Юрий", "", "Щербаков")),
    ("Yuriy Shcherbakov", ("Yuriy", "", "Shcherbakov")),
    ("Petrov-Vodkin Kuzma Sergeevich", ("Kuzma", "Sergeevich", "Petrov-Vodkin")),
    # a Latin "a" typed into a Cyrillic surname is read as the Cyrillic letter it looks like
    ("Ивановa Мария Петровна", ("Мария", "Петровна", "Иванова")),
    ("Ооржак Айдыс Кан-оол", ("Айдыс", "Кан-оол", "Ооржак")),
    ("Бадмаев Жаргал", ("Жаргал", "", "Бадмаев")),
    ("Rustamov Okhunjon", ("Okhunjon", "", "Rustamov")),
    ("  smirnov   DMITRY  olegovich ", ("Dmitry", "Olegovich", "Smirnov")),
    # a first name garbled past the tables, beside a surname whose ending cannot place it (both
    # end as surnames do, or neither): the garbled name is the first name, in either order
    ("Констаитин Плаккнин", ("Констаитин", "", "Плаккнин")),
    ("сергпй тодын", ("Сергпй", "", "Тодын")),
    ("Dredov Kosntantin", ("Kosntantin", "", "Dredov")),
    # a given name the tables lack but OpenCorpora's dictionary knows, beside one it does not
    ("Тамерлан Монгуш", ("Тамерлан", "", "Монгуш")),
    ("Эльвин Исмаилов", ("Эльвин", "", "Исмаилов")),
    # a Tuvan clan name is the surname in either order, and where it is a given name too (Очур)
    ("Айдаш Салчак", ("Айдаш", "", "Салчак")),
    ("Салчак Айдаш", ("Айдаш", "", "Салчак")),
    ("Orlan Ochur", ("Orlan", "", "Ochur")),
    ("Сайын Монгуш", ("Сайын", "", "Монгуш")),
    ("Донгак Аясович Эртине", ("Эртине", "Аясович", "Донгак")),
    ("Buyan Khertek Nachynovich", ("Buyan", "Nachynovich", "Khertek")),
    # Дамба, a Buryat given name too, is not in the clans' list
    ("Дамба Дашинимаев", ("Дамба", "", "Дашинимаев")),
    ("Кызыл-оол Саая", ("Кызыл-оол", "", "Саая")),
    # a Tajik surname's -зода, an Azerbaijani's -заде
    ("Шахзод Нурбекзода", ("Шахзод", "", "Нурбекзода")),
    ("Nurbekzoda Shakhzod", ("Shakhzod", "", "Nurbekzoda")),
    ("Иван", ("Иван", "", "")),
    ("Щербаков", ("", "", "Щербаков")),
    ("", ("", "", "")),
])
def test_split_full_name(text, parts):
    assert names.split_full_name(text) == NameParts(*parts)


@pytest.mark.parametrize("text, script", [
    ("Юрий", "cyrillic"), ("Yuriy", "latin"), ("Ёlkin", "mixed"), ("123 -", "none"), ("", "none"),
])
def test_detect_script(text, script):
    assert names.detect_script(text) == script


@pytest.mark.parametrize("text, latin", [
    ("Щербаков Юрий", "Shcherbakov Yury"), ("Артём Воробьёв", "Artyom Vorobyov"),
    ("  ivanov  IVAN ", "Ivanov Ivan"), ("Кан-оол", "Kan-Ool"),
])
def test_to_latin(text, latin):
    assert names.to_latin(text) == latin


@pytest.mark.parametrize("a, b", [
    ("Щербаков", "Shcherbakov"), ("Жуков", "Jukov"), ("Гусейн", "Huseyn"), ("Гасанов", "Hasanov"),
    ("Людмила", "Ludmila"),
])
def test_phonetic_key_joins_spellings(a, b):
    assert names.phonetic_key(a) == names.phonetic_key(b)


@pytest.mark.parametrize("a, b", [("Aleksandr", "Aleksei"), ("Vladimir", "Vladislav"), ("Иванов", "Петров")])
def test_phonetic_key_separates_names(a, b):
    assert names.phonetic_key(a) != names.phonetic_key(b)


@pytest.mark.parametrize("text, parts", [
    ("Петров С.А.", ("С", "А", "Петров")),
    ("С. А. Петров", ("С", "А", "Петров")),
    ("S. A. Petrov", ("S", "A", "Petrov")),
    ("Petrov S.", ("S", "", "Petrov")),
])
def test_initials_give_first_name_and_patronymic_letters(text, parts):
    assert names.split_full_name(text) == NameParts(*parts)


@pytest.mark.parametrize("form, full", [("Max", "Максим"), ("Nick", "Николай"), ("Mike", "Михаил")])
def test_english_short_forms_lead_to_the_russian_name(form, full):
    assert names.first_name_root(names.name_key(form)) == names.first_name_root(names.name_key(full))


@pytest.mark.parametrize("typed, clean_form", [
    ("Cаид", "Саид"),          # Latin C in a Cyrillic name
    ("Артуp", "Артур"),        # Latin p
    ("Bладимир", "Владимир"),  # Latin B
    ("Ivаnov", "Ivanov"),      # a Cyrillic а in a Latin name
])
def test_mixed_script_word_keys_as_its_main_script(typed, clean_form):
    """Look-alike letters of the other script do not make another name (REAL-HABITS: mixed
    scripts inside one word)."""
    assert names.name_key(typed) == names.name_key(clean_form)
    assert names.first_name_root(typed) == names.first_name_root(clean_form)


def test_homoglyph_fold_leaves_real_two_script_words_alone():
    """A word of one script is never changed, and letters without a look-alike stay as typed."""
    from linkage.names.script import fold_homoglyphs
    assert fold_homoglyphs("Сергей") == "Сергей"
    assert fold_homoglyphs("Sergei") == "Sergei"
    assert fold_homoglyphs("Жz") == "Жz"


@pytest.mark.parametrize("form, full", [
    ("Jegor", "Егор"), ("Jelena", "Елена"), ("Jekaterina", "Екатерина"),  # German press Je-
    ("Дрон", "Андрей"), ("Ija", "Илья"), ("Serguei", "Сергей"),          # pet and foreign forms
])
def test_german_and_added_forms_find_their_name(form, full):
    assert names.first_name_root(form) == names.first_name_root(full)
    assert names.is_first_name(form)


def test_a_zhe_name_of_its_own_is_not_read_as_e():
    """Only a key the table does not know falls back to its e- form: Жека stays Евгений's pet form
    by the table, and an unknown Же- name (Жерар) stays itself."""
    assert names.first_name_root("Жерар") == names.name_key("Жерар")


@pytest.mark.parametrize("typo, name", [("Aleskandr", "Александр"), ("Stanispav", "Станислав"),
                                        ("Виктро", "Виктор"), ("Вячелав", "Вячеслав")])
def test_a_typo_of_one_known_name_has_its_root(typo, name):
    assert names.first_name_root(typo) == names.first_name_root(name)


@pytest.mark.parametrize("token", ["Ruslana", "Ramil", "Kamil", "Dmtri"])
def test_a_womans_name_a_short_key_or_a_name_of_its_own_is_no_typo(token):
    # Ruslana is a woman's name, not a typo of Ruslan; keys under six letters are a letter away
    # from too many names (Ramil / Kamil) to be read as one of them
    assert names.first_name_root(token) == names.name_key(token)


@pytest.mark.parametrize("text, parts", [
    ("Дмитрий Н. Гусев", ("Дмитрий", "Н", "Гусев")), ("СЕРГЕЙ К. ПАМИРОВ", ("Сергей", "К", "Памиров")),
    ("Гусев Дмитрий Н.", ("Дмитрий", "Н", "Гусев")), ("Бадма Ц. Дашиев", ("Бадма", "Ц", "Дашиев")),
])
def test_a_fathers_initial_follows_the_first_name(text, parts):
    """One letter among three words is the father's initial, after the first name: in Cyrillic
    too (where a surname usually leads), so Н. is not read as a first name."""
    assert names.split_full_name(text) == NameParts(*parts)


def test_english_x_in_short_forms():
    assert names.first_name_root("Max") == names.first_name_root("Макс") == "maksim"


@pytest.mark.parametrize("text, parts", [
    ("Bahramov Eugene Aleksandrovic", ("Eugene", "Aleksandrovic", "Bahramov")),
    ("Bahramov Eugene Oolak", ("Eugene", "Oolak", "Bahramov")),
    ("Монгуш Айдыс Оолак", ("Айдыс", "Оолак", "Монгуш")),
])
def test_the_one_known_first_name_of_three_words_leads(text, parts):
    """Three words, no patronymic ending: the one known first name is the first name and the
    word after it the father's, whatever the order; otherwise the script's order."""
    assert names.split_full_name(text) == NameParts(*parts)


@pytest.mark.parametrize("text, parts", [
    ("Beli͡aev Alekseĭ", ("Alekseĭ", "", "Beliaev")),            # ALA-LC's tie is inside the word
    ("3АХАРЧЕНКО Андрій", ("Андрій", "", "Захарченко")),          # a digit typed for З
    ("Багай оол Айдын", ("Айдын", "", "Багай-оол")),              # Tuvan -оол written apart
])
def test_words_stay_whole(text, parts):
    assert names.split_full_name(text) == NameParts(*parts)


def test_word_initial_jo_is_yo_in_german():
    assert names.name_key("Jorschenko") == names.name_key("Ёршенко")


def test_an_initial_is_no_name_whose_key_it_shares():
    # Я is ia, and so is Ija (Илья); the initial may begin Ярослав, Яков ...
    assert names.first_name_root("Я.") == names.first_name_root("Я") == names.first_name_root("Ya.") == "ia"
    assert names.first_name_root("Ija") == names.first_name_root("Илья") != "ia"
    assert names.first_name_root("С.") == "s"


@pytest.mark.parametrize("foreign, russian", [
    ("Gueorgui", "Георгий"), ("Sergueï", "Сергей"), ("Iouri", "Юрий"),  # French
    ("Semjon", "Семён"), ("Jewgeni", "Евгений"), ("Wjatscheslaw", "Вячеслав"),  # German
])
def test_the_foreign_press_spelling_of_a_name_has_its_root(foreign, russian):
    assert names.first_name_root(foreign) == names.first_name_root(russian)


@pytest.mark.parametrize("token", ["Валерьян", "Лукьян"])
def test_a_name_ending_in_ian_is_not_read_as_a_pet_form_of_a_short_one(token):
    assert names.first_name_root(token) not in {names.first_name_root("Валерий"), names.first_name_root("Лука")}


@pytest.mark.parametrize("pet, full", [
    ("Сева", "Всеволод"), ("Ростик", "Ростислав"), ("Веня", "Вениамин"), ("Родя", "Родион"),
    ("Кеша", "Иннокентий"), ("Миха", "Михаил"), ("Никола", "Николай"), ("Maxime", "Максим"),
])
def test_names_the_first_lists_lacked_lead_their_pet_forms_home(pet, full):
    """Russian names of the lists (Всеволод, Ростислав ...) were unknown forms: their pet forms
    met nothing, and each was paired with every name of its letter."""
    assert names.is_first_name(full) and names.is_first_name(pet)
    assert names.first_name_root(pet) == names.first_name_root(full)
