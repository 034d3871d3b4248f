"""Benchmark: does name_key give a Latin rendering the same key as its Cyrillic original?

Reads nothing but its own name lists (and, when present, the Cyrillic words of the generator's
pools); renders each name in every iuliia scheme; prints the agreement table and writes
benchmarks/results/names_keys.md, together with the phonetic-key choice and per-call timings.
Run: PYTHONPATH=src python benchmarks/names_keys.py
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import iuliia
import jellyfish

from linkage import names

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "names_keys.md"
SEED = 20240606
REQUIRED = (
    "wikipedia", "bgn_pcgn", "icao_doc_9303", "mvd_782", "mvd_310", "yandex_maps",
    "yandex_money", "telegram", "scientific", "gost_7034", "gost_52535", "ala_lc", "bs_2979",
)

MALE = """Александр Алексей Анатолий Андрей Антон Аркадий Арсений Артём Артур Богдан Борис Вадим
Валентин Валерий Василий Виктор Виталий Владимир Владислав Вячеслав Станислав Ярослав Святослав
Геннадий Георгий Герман Глеб Григорий Даниил Данила Денис Дмитрий Евгений Егор Иван Игорь Илья
Иосиф Кирилл Константин Лев Леонид Максим Марк Матвей Михаил Никита Николай Олег Павел Пётр Роман
Руслан Сергей Семён Степан Тарас Тимофей Тимур Фёдор Филипп Эдуард Юрий Яков Савелий Савва Кузьма
Фома Лука Гавриил Захар Макар Марат Ренат Ринат Рамиль Ильдар Ильнур Айдар Азат Айрат Радик
Рафаэль Рафис Дамир Раиль Ильгиз Ильшат Ильяс Алмаз Фанис Ранис Рустам Рустем Шамиль Магомед
Ахмед Али Мурад Мурат Гаджи Расул Арсен Заур Аслан Алибек Ибрагим Исмаил Абдулла Рамазан Рамзан
Ислам Адам Ризван Бислан Саид Гусейн Эльчин Анар Рашид Фарид Бахтияр Даврон Дильшод Жасур Охунжон
Шерзод Бекзод Улугбек Фаррух Азиз Анвар Баходир Нодир Отабек Сардор Акмал Алишер Джамшид Нурлан
Ерлан Айбек Аскар Булат Данияр Кайрат Нурбек Азамат Алдар Баир Бато Батор Жаргал Цырен Доржи Даши
Баяр Мунко Чингис Аюр Эрдэни Тумэн Буянто Айдыс Аяс Орлан Саян Мерген Айдын Очур Кежик Аркадий
Всеволод Ефим Емельян Игнат Никифор Прохор Тихон Трофим Устин Харитон Эмиль Ян Вениамин Виль
Гайдар Хасан Хусейн Юсуп Муса Иса Умар Осман Зелимхан Магомедрасул Абдурахман Камиль Рифат Нияз
Зуфар Ирек Ленар Айнур Ильфат Фаниль Ильмир Рамис Динар Тагир Шамсутдин Габдулла Мансур Салават
Зорикто Батожаргал Солбон Бэлигто Цыдып Аранзат Чойжил Сайын Начын Шолбан Кан-оол Алдын-оол"""

FEMALE = """Александра Анастасия Анна Валентина Вера Галина Евгения Екатерина Елена Ирина Любовь
Людмила Мария Надежда Наталья Оксана Ольга Светлана Татьяна Юлия Ксения Дарья Алёна Марина Ирина
Гульнара Айгуль Зульфия Лилия Эльвира Альфия Гузель Динара Саяна Туяна Чечек Айлана Долаана"""

DIMINUTIVES = """Саша Саня Шура Лёша Алёша Лёха Толя Толик Андрюша Тоша Боря Вадик Валера Вася Витя
Володя Вова Влад Слава Славик Стас Гена Гоша Жора Гриша Даня Дима Митя Женя Жека Ваня Илюша Костя
Лёва Лёня Макс Миша Коля Паша Петя Рома Серёжа Серёга Сёма Стёпа Федя Юра Яша Тёма Эдик Настя
Катя Лена Маша Наташа Оля Света Таня Юля Люба Люда Надя Галя"""

SURNAMES = """Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов
Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров
Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов
Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов
Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов
Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов
Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков
Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов
Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев
Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов Кириллов
Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов Ерёмин Тихомиров Галкин
Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов Прокофьев Харитонов Князев Цветков Левин
Митрофанов Воронов Аксёнов Софронов Мальцев Логинов Горшков Савин Краснов Майоров Демидов Елисеев
Рыбаков Сафонов Плотников Дёмин Хохлов Жданов Ежов Баженов Кожевников Рожков Сапожников Лыжин
Хрущёв Горбачёв Пугачёв Щукин Щеглов Шишкин Чайковский Вишневский Ковальский Яровой Толстой Белый
Черных Седых Долгих Кулешов Шульга Подъячев Объедков Муравьёв Зиновьев Ёлкин Щёкин Чёрный Жёлудев
Шёлков Дьячков Ильюшин Юшков Юрченко Яшин Ящук Цыганков Цой Эйдельман Эпов Эрдынеев Ядров Ясинский"""

UKR_BEL = """Руденко Шевченко Бондаренко Коваленко Кравченко Ткаченко Дьяченко Ищенко Мельник Шевчук
Кравчук Ковальчук Бойко Гордиенко Лысенко Марченко Савченко Петренко Левченко Тимошенко Карпенко
Крылович Карпович Лукашевич Юшкевич Станкевич Мицкевич Янкович Бабкевич Климович Шинкевич"""

TURKIC_SURNAMES = """Хабибуллин Шайхутдинов Галиев Гарипов Сабиров Хайруллин Зарипов Сафин Валиев Ахметов
Гиниятуллин Мухаметшин Нуриев Файзуллин Шарипов Фаттахов Гильманов Каримов Ибрагимов Абдуллин
Хуснутдинов Мингазов Латыпов Юсупов Габдрахманов Кашапов Низамов Гатауллин Мустафин Ямалиев
Магомедов Гаджиев Абдулаев Алиев Омаров Рамазанов Исмаилов Курбанов Гасанов Гусейнов Мамедов
Асадов Байрамов Джафаров Керимов Эфендиев Алиханов Шихсаидов Умаров Кадыров Дудаев Масхадов
Рахимов Юлдашев Турсунов Холматов Нурматов Эргашев Рустамов Хакимов Усманов Абдурахмонов
Саидов Назаров Бобоев Шарипов Мирзоев Сафаров Исмоилов Кодиров Жумаев Норматов Тошматов
Дондоков Бадмаев Цыренов Жамсуев Доржиев Балданов Намсараев Цыбиков Дашиев Будаев Аюшеев
Гармаев Батуев Раднаев Цыдыпов Жигжитов Очиров Санжиев Ринчинов Хамаганов Шагдуров
Ооржак Монгуш Куулар Донгак Сат Ондар Салчак Хертек Сарыглар Кужугет Оюн Тюлюш Ховалыг Иргит
Доржу Чооду Шойгу Байыр-оол Кара-Сал Маадыр Лопсан Дамба Серен Хомушку Чамзырын"""

ROOTS = """Бел Черн Сер Рыж Кудр Волк Медвед Лис Орл Сокол Ворон Голуб Гус Лебед Журавл Петух Кузнец
Плотник Гончар Мельник Рыбак Пастух Кочет Баран Бык Козл Конев Ершов Щук Карас Окун Сом Налим
Лещ Судак Пескар Ёрш Снег Мороз Зим Лет Осен Весн Дожд Гром Мор Реч Озер Лес Пол Гор Луг Бор
Дуб Берез Клён Лип Осин Ели Сосн Кедр Рябин Малин Калин Вишн Ябл Груш Слив Хлеб Каш Пирог Блин
Мед Сахар Соль Перц Лук Чеснок Капуст Морков Реп Ржан Овс Пшен Гречк Горох Боб Маков Табак Вин
Пив Квас Молоч Сметан Масл Сыр Творог Яичк Мяс Сал Колбас Гвозд Молот Топор Пил Нож Ложк Чашк
Горшк Котл Сковород Печк Изб Двор Сад Огород Пол Стол Стул Лавк Полк Окн Двер Крыш Стен Угл
Кругл Квадрат Прям Крив Кос Хром Глух Слеп Немц Татар Чуваш Мордв Карел Вепс Мещер Поляк Литв
Шуб Шап Рукав Кафтан Сапог Лапт Ремен Пояс Кушак Плат Сарафан Рубах Порт Кольц Серьг Бус Звон
Колокол Бубен Дуд Гусл Балалайк Гармон Скрип Свирел Песн Пляс Смех Плач Крик Шум Тиш Гул Звук
Голос Слов Речь Язык Зуб Нос Глаз Уш Лоб Бров Ус Бород Волос Рук Ног Пят Пальц Ногт Плеч Спин
Живот Гриб Мох Трав Цвет Роз Ромашк Василёк Колокольч Лопух Крапив Полын Мят Тмин Укроп Петрушк
Солов Дрозд Скворц Синиц Воробь Чиж Щегл Снегир Сорок Галк Грач Стриж Ласточк Цапл Аист Филин
Сыч Сов Ястреб Кречет Беркут Лун Чайк Утк Селезн Гагар Лосев Олен Зубр Кабан Тигр Льв Барс Рыс"""


def _clean(text: str) -> list[str]:
    return [w for w in text.split() if w]


def _patronymics(first: str) -> list[str]:
    """Male and female patronymic by Russian rules (Сергей → Сергеевич, Илья → Ильич)."""
    low = first.lower()
    if low.endswith(("ья", "ия")):
        return [first[:-1] + "ич", first[:-1] + "инична"] if low.endswith("ья") else []
    if low.endswith("а"):
        return [first[:-1] + "ич", first[:-1] + "ична"]
    if low.endswith(("ий", "ь")):
        stem = first[:-2] if low.endswith("ий") else first[:-1]
        return [stem + "ьевич", stem + "ьевна"]
    if low.endswith(("ей", "ай", "ой")):
        return [first[:-1] + "евич", first[:-1] + "евна"]
    if low[-1] in "жчшщцй" or low.endswith("е"):
        return [first + "евич", first + "евна"]
    if low[-1] in "аеёиоуыэюя":
        return []
    return [first + "ович", first + "овна"]


def _feminine(surname: str) -> str:
    """Feminine form of a surname (Иванов → Иванова, Чайковский → Чайковская), else itself."""
    low = surname.lower()
    if low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if low.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if low.endswith(("ой", "ый")):
        return surname[:-2] + "ая"
    return surname


def _synthetic_surnames() -> list[str]:
    """Root × suffix surnames: real-looking Russian/Ukrainian shapes, not necessarily attested."""
    out = []
    for root in _clean(ROOTS):
        last = root[-1].lower()
        ov = "ев" if last in "жчшщцйь" else "ов"
        out += [root + ov, root + "ин", root + "ский"]
        out += [] if last == "ь" else [root + "енко", root + "ук"]
    return out


def _generator_words() -> list[str]:
    """Cyrillic words of the generator's name pools, if that package data exists (benchmark only)."""
    folder = ROOT / "src" / "linkage" / "resources" / "generator"
    words: list[str] = []
    for path in sorted(folder.glob("**/*")) if folder.exists() else []:
        if "name" in path.name and path.suffix in {".csv", ".json", ".txt", ".tsv"}:
            words += re.findall(r"[А-ЯЁ][а-яё]+(?:-[А-Яа-яЁё][а-яё]+)?", path.read_text("utf-8"))
    return words


def name_pool() -> list[str]:
    """Distinct Cyrillic name tokens: first names, diminutives, patronymics, surnames (m and f)."""
    firsts = _clean(MALE) + _clean(FEMALE) + _clean(DIMINUTIVES)
    patr = [p for f in _clean(MALE) for p in _patronymics(f)]
    base = _clean(SURNAMES) + _clean(UKR_BEL) + _clean(TURKIC_SURNAMES) + _synthetic_surnames()
    base += [f + "ов" if f[-1] not in "аяйь" else f[:-1] + "ин" for f in _clean(MALE)]
    base += _generator_words()
    surnames = base + [_feminine(s) for s in base]
    pool = dict.fromkeys(firsts + patr + surnames)
    return list(pool)


def agreement(pool: list[str]) -> list[tuple[str, int, list[tuple[str, str]]]]:
    """Per scheme: failures (Cyrillic, Latin) where name_key(Latin) != name_key(Cyrillic)."""
    rows = []
    for scheme in sorted(n for n in iuliia.schemas.names() if n != "uz"):
        schema = iuliia.schemas.get(scheme)
        fails = [(w, schema.translate(w)) for w in pool]
        fails = [(w, lat) for w, lat in fails if names.name_key(lat) != names.name_key(w)]
        rows.append((scheme, len(fails), fails))
    return rows


def _fold_metaphone(key: str) -> str:
    return names.phonetic_key(key)


PHONETIC = {
    "chosen: metaphone on folded key": _fold_metaphone,
    "metaphone": jellyfish.metaphone,
    "nysiis": jellyfish.nysiis,
    "match_rating_codex": jellyfish.match_rating_codex,
    "soundex": jellyfish.soundex,
}
HARD_NEGATIVES = [
    ("Александр", "Алексей"), ("Владимир", "Владислав"), ("Вячеслав", "Владислав"),
    ("Евгений", "Евгения"), ("Иван", "Иванна"), ("Максим", "Максуд"), ("Сергей", "Семён"),
    ("Андрей", "Анатолий"), ("Павел", "Пётр"), ("Михаил", "Марат"), ("Юрий", "Юлий"),
]


def phonetic_table(pool: list[str]) -> list[tuple[str, float, float, float, int]]:
    """Per candidate: share of residual key mismatches it rescues, random and hard collisions."""
    keys = sorted({names.name_key(w) for w in pool})
    residual = [
        (names.name_key(w), names.name_key(iuliia.schemas.get(s).translate(w)))
        for s in iuliia.schemas.names() if s != "uz" for w in pool
    ]
    residual = [(a, b) for a, b in residual if a != b]
    rng = random.Random(SEED)
    negatives = [tuple(rng.sample(keys, 2)) for _ in range(100_000)]
    hard = [(names.name_key(a), names.name_key(b)) for a, b in HARD_NEGATIVES]
    rows = []
    for label, fn in PHONETIC.items():
        rescue = sum(fn(a) == fn(b) for a, b in residual) / max(len(residual), 1)
        random_rate = sum(fn(a) == fn(b) for a, b in negatives) / len(negatives)
        hard_rate = sum(fn(a) == fn(b) for a, b in hard) / len(hard)
        rows.append((label, rescue, random_rate, hard_rate, len({fn(k) for k in keys})))
    return rows


def timings(pool: list[str]) -> list[tuple[str, float]]:
    """Microseconds per call on a cache miss (caches cleared before each function)."""
    sample = [iuliia.schemas.get("wikipedia").translate(w) for w in pool] + pool
    fulls = [f"{a} {b} {c}" for a, b, c in zip(pool, pool[1:], pool[2:])]
    funcs = [
        ("name_key", names.name_key, sample), ("first_name_root", names.first_name_root, sample),
        ("surname_stem", names.surname_stem, sample), ("patronymic_key", names.patronymic_key, sample),
        ("patronymic_father", names.patronymic_father, sample),
        ("phonetic_key", names.phonetic_key, sample), ("to_latin", names.to_latin, pool),
        ("detect_script", names.detect_script, sample), ("split_full_name", names.split_full_name, fulls),
    ]
    names.first_name_root("warm up the tables")
    rows = []
    for label, fn, data in funcs:
        _clear_caches()
        start = time.perf_counter()
        for value in data:
            fn(value)
        rows.append((label, 1e6 * (time.perf_counter() - start) / len(data)))
    return rows


def _clear_caches() -> None:
    for fn in (names.name_key, names.first_name_root, names.surname_stem, names.patronymic_key,
               names.patronymic_father, names.phonetic_key, names.to_latin, names.split_full_name):
        fn.cache_clear()
    from linkage.names import patronymic, script
    patronymic.is_patronymic.cache_clear()
    script.clean.cache_clear()


def report(pool: list[str]) -> str:
    """The Markdown report: agreement per scheme, phonetic choice, timings."""
    lines = [f"# name_key agreement: {len(pool)} Cyrillic names × iuliia schemes", "",
             "| scheme | required | agree | failures | examples (Cyrillic → Latin) |",
             "|---|---|---|---|---|"]
    for scheme, n_fail, fails in agreement(pool):
        share = 100 * (1 - n_fail / len(pool))
        examples = ", ".join(f"{w} → {lat}" for w, lat in fails[:4])
        req = "yes" if scheme in REQUIRED else ""
        lines.append(f"| {scheme} | {req} | {share:.2f}% | {n_fail} | {examples} |")
    lines += ["", "## Phonetic key candidates (on name_key)", "",
              ("| candidate | rescues residual key mismatches | random-pair collisions |"
               " hard-negative collisions | distinct codes |"), "|---|---|---|---|---|"]
    for label, rescue, rand, hard, n_codes in phonetic_table(pool):
        lines.append(f"| {label} | {100 * rescue:.1f}% | {100 * rand:.3f}% | {100 * hard:.0f}% "
                     f"| {n_codes} |")
    lines += ["", "## Per call, cache miss (µs)", "", "| function | µs |", "|---|---|"]
    lines += [f"| {label} | {us:.1f} |" for label, us in timings(pool)]
    return "\n".join(lines) + "\n"


def main() -> None:
    pool = name_pool()
    text = report(pool)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
