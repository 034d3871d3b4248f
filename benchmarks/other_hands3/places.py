"""Regions of Russia and occupied regions, settlement-name material, military units and ranks.
Reads nothing; world.py builds settlements and units from these tables."""
# ruff: noqa: SIM905 -- word lists are easier to read and edit as split strings

# name | capital | root for foreign spellings | English root | kind | weight (deaths) |
# peoples beyond the Slavic majority | Russian aliases (informal, old, abbreviations) |
# English aliases | village style
_REGIONS = """
Москва|Москва|Москва|Moscow|city|1100|central_asian:.05,tatar:.04,caucasus:.03,azeri:.03|Мск;г. Москва;Первопрестольная|Moscow City|ru
Московская область|Красногорск|Москва|Moscow|oblast|2800|central_asian:.03,tatar:.02|МО;Подмосковье;Моск. обл.|Moscow Region|ru
Белгородская область|Белгород|Белгород|Belgorod|oblast|1600|ukrainian:.08|Белгородчина|Belgorod region|ru
Брянская область|Брянск|Брянск|Bryansk|oblast|1500||Брянщина|Bryansk region|ru
Владимирская область|Владимир|Владимир|Vladimir|oblast|1300||Владимирщина||ru
Воронежская область|Воронеж|Воронеж|Voronezh|oblast|2000|ukrainian:.04|Воронежская обл|Voronezh region|ru
Ивановская область|Иваново|Иваново|Ivanovo|oblast|900||||ru
Калужская область|Калуга|Калуга|Kaluga|oblast|800||Калужская обл||ru
Костромская область|Кострома|Кострома|Kostroma|oblast|800||||ru
Курская область|Курск|Курск|Kursk|oblast|1400|ukrainian:.05|Курщина||ru
Липецкая область|Липецк|Липецк|Lipetsk|oblast|1000||||ru
Орловская область|Орёл|Орёл|Oryol|oblast|800||Орловщина|Orel region|ru
Рязанская область|Рязань|Рязань|Ryazan|oblast|1200||Рязанщина||ru
Смоленская область|Смоленск|Смоленск|Smolensk|oblast|1000||Смоленщина||ru
Тамбовская область|Тамбов|Тамбов|Tambov|oblast|900||Тамбовщина||ru
Тверская область|Тверь|Тверь|Tver|oblast|1200||Калининская обл.;Калининская область|Kalinin Oblast|ru
Тульская область|Тула|Тула|Tula|oblast|1300||Тульская обл||ru
Ярославская область|Ярославль|Ярославль|Yaroslavl|oblast|1200||Ярославщина||ru
Санкт-Петербург|Санкт-Петербург|Санкт-Петербург|St. Petersburg|city|1700|central_asian:.04,tatar:.02|СПб;Питер;Ленинград;С.-Петербург|Saint Petersburg;Leningrad|ru
Ленинградская область|Гатчина|Ленинград|Leningrad|oblast|1100||ЛО;Ленобласть||ru
Архангельская область|Архангельск|Архангельск|Arkhangelsk|oblast|1200||Поморье|Archangel region|ru
Вологодская область|Вологда|Вологда|Vologda|oblast|1300||Вологодчина||ru
Калининградская область|Калининград|Калининград|Kaliningrad|oblast|900||||ru
Республика Карелия|Петрозаводск|Карелия|Karelia|republic|700||Карелия;Карельская АССР||ru
Республика Коми|Сыктывкар|Коми|Komi|republic|1100||Коми;Коми АССР||ru
Мурманская область|Мурманск|Мурманск|Murmansk|oblast|800||Заполярье||ru
Новгородская область|Великий Новгород|Новгород|Novgorod|oblast|600||||ru
Псковская область|Псков|Псков|Pskov|oblast|1000||Псковщина||ru
Краснодарский край|Краснодар|Краснодар|Krasnodar|krai|4000|ukrainian:.04,caucasus:.02|Кубань;Краснодарский кр.;КК|Kuban|south
Ростовская область|Ростов-на-Дону|Ростов|Rostov|oblast|3200|ukrainian:.05|Дон;Ростовская обл;Донской край|Don region|south
Волгоградская область|Волгоград|Волгоград|Volgograd|oblast|2800|tatar:.02|Сталинградская обл.;Волгоградская обл|Stalingrad region|south
Астраханская область|Астрахань|Астрахань|Astrakhan|oblast|1000|tatar:.08,central_asian:.06|Астраханская обл||ru
Республика Адыгея|Майкоп|Адыгея|Adygea|republic|300|caucasus:.3|Адыгея;Адыгейская АО||ru
Республика Калмыкия|Элиста|Калмыкия|Kalmykia|republic|300|kalmyk:.6|Калмыкия;Калмыцкая АССР||kalmyk
Республика Крым|Симферополь|Крым|Crimea|republic|900|ukrainian:.45,tatar:.05|Крым;Крымская АССР|Crimea;Autonomous Republic of Crimea|ru
Севастополь|Севастополь|Севастополь|Sevastopol|city|400|ukrainian:.35|г. Севастополь|Sebastopol|ru
Республика Дагестан|Махачкала|Дагестан|Dagestan|republic|2000|dagestani:.93|Дагестан;РД;Дагестанская АССР|Daghestan|dagestan
Чеченская Республика|Грозный|Чечня|Chechnya|republic|800|chechen:.97|Чечня;ЧР;Чечено-Ингушская АССР|Chechen Republic|chechen
Республика Ингушетия|Магас|Ингушетия|Ingushetia|republic|150|chechen:.95|Ингушетия||chechen
Кабардино-Балкарская Республика|Нальчик|Кабардино-Балкария|Kabardino-Balkaria|republic|500|caucasus:.75|КБР;Кабардино-Балкария|Kabardino-Balkar Republic|caucasus
Карачаево-Черкесская Республика|Черкесск|Карачаево-Черкесия|Karachay-Cherkessia|republic|400|caucasus:.6|КЧР;Карачаево-Черкесия||caucasus
Республика Северная Осетия — Алания|Владикавказ|Северная Осетия|North Ossetia|republic|700|caucasus:.7|Северная Осетия;РСО-Алания;Осетия|North Ossetia-Alania|caucasus
Ставропольский край|Ставрополь|Ставрополь|Stavropol|krai|2200|caucasus:.06,dagestani:.03|Ставрополье|Stavropol Territory|south
Республика Башкортостан|Уфа|Башкортостан|Bashkortostan|republic|6500|bashkir:.35,tatar:.28|Башкирия;РБ;Башкирская АССР;Башкортостан|Bashkiria|bashkir
Республика Татарстан|Казань|Татарстан|Tatarstan|republic|4500|tatar:.55|Татария;РТ;Татарская АССР;Татарстан|Tatarstan Republic|tatar
Республика Марий Эл|Йошкар-Ола|Марий Эл|Mari El|republic|600|tatar:.03|Марий Эл;Марийская АССР||ru
Республика Мордовия|Саранск|Мордовия|Mordovia|republic|600|tatar:.05|Мордовия||ru
Удмуртская Республика|Ижевск|Удмуртия|Udmurtia|republic|1800|tatar:.04|Удмуртия;УР||ru
Чувашская Республика|Чебоксары|Чувашия|Chuvashia|republic|1600|tatar:.03|Чувашия;Чувашская АССР||ru
Пермский край|Пермь|Пермь|Perm|krai|3800|tatar:.05,bashkir:.02|Прикамье;Молотовская обл.;Пермская обл.|Perm Territory|ru
Кировская область|Киров|Киров|Kirov|oblast|1500||Вятка;Вятский край||ru
Нижегородская область|Нижний Новгород|Нижний Новгород|Nizhny Novgorod|oblast|2600|tatar:.02|Горьковская обл.;Нижегородская обл;НО|Nizhniy Novgorod;Gorky region|ru
Оренбургская область|Оренбург|Оренбург|Orenburg|oblast|3000|tatar:.08,bashkir:.05,central_asian:.04|Оренбуржье;Чкаловская обл.||ru
Пензенская область|Пенза|Пенза|Penza|oblast|1100|tatar:.05|Пензенская обл||ru
Самарская область|Самара|Самара|Samara|oblast|3000|tatar:.04|Куйбышевская обл.;Самарская обл|Kuibyshev region|ru
Саратовская область|Саратов|Саратов|Saratov|oblast|2300|central_asian:.03|Саратовская обл||ru
Ульяновская область|Ульяновск|Ульяновск|Ulyanovsk|oblast|1500|tatar:.1|Симбирская губ.;Ульяновская обл||ru
Курганская область|Курган|Курган|Kurgan|oblast|1400|bashkir:.02,tatar:.02|Зауралье||ru
Свердловская область|Екатеринбург|Свердловск|Sverdlovsk|oblast|4600|tatar:.04,bashkir:.02|Средний Урал;Свердл. обл.;СО;Свердловская обл|Yekaterinburg region;Ekaterinburg region|ru
Тюменская область|Тюмень|Тюмень|Tyumen|oblast|1700|tatar:.06|Тюменская обл||ru
Ханты-Мансийский автономный округ — Югра|Ханты-Мансийск|Ханты-Мансийск|Khanty-Mansi|ao|1100|tatar:.06|ХМАО;Югра;ХМАО-Югра|Khanty-Mansi Autonomous Okrug;Yugra|ru
Ямало-Ненецкий автономный округ|Салехард|Ямало-Ненецк|Yamalo-Nenets|ao|400|tatar:.05|ЯНАО;Ямал|Yamal|ru
Челябинская область|Челябинск|Челябинск|Chelyabinsk|oblast|4200|tatar:.05,bashkir:.04|Южный Урал;Челябинская обл;Челяб. обл.|South Urals|ru
Республика Алтай|Горно-Алтайск|Алтай|Altai|republic|400|altai:.4|Горный Алтай;Ойротская АО|Altai Republic|altai
Алтайский край|Барнаул|Алтай|Altai|krai|2800||Алтайский кр.;Алтай|Altai Territory|ru
Иркутская область|Иркутск|Иркутск|Irkutsk|oblast|3200|buryat:.04|Приангарье;Иркутская обл||ru
Кемеровская область|Кемерово|Кемерово|Kemerovo|oblast|2900||Кузбасс;Кемеровская обл.|Kuzbass|ru
Красноярский край|Красноярск|Красноярск|Krasnoyarsk|krai|3200||Красноярский кр.||ru
Новосибирская область|Новосибирск|Новосибирск|Novosibirsk|oblast|2900|central_asian:.03|НСО;Новосибирская обл||ru
Омская область|Омск|Омск|Omsk|oblast|2200|central_asian:.03|Омская обл;Прииртышье||ru
Томская область|Томск|Томск|Tomsk|oblast|1100||Томская обл||ru
Республика Тыва|Кызыл|Тыва|Tuva|republic|1900|tuvan:.93|Тыва;Тува;Тувинская АССР|Tyva|tuvan
Республика Хакасия|Абакан|Хакасия|Khakassia|republic|700||Хакасия||ru
Республика Бурятия|Улан-Удэ|Бурятия|Buryatia|republic|3000|buryat:.5|Бурятия;Бурятская АССР;РБ|Buryat Republic|buryat
Забайкальский край|Чита|Чита|Zabaykalsky|krai|2300|buryat:.1|Забайкалье;Читинская обл.|Trans-Baikal;Chita region|ru
Республика Саха (Якутия)|Якутск|Якутия|Yakutia|republic|1100|yakut:.6|Якутия;РС(Я);Саха|Sakha;Sakha Republic|yakut
Приморский край|Владивосток|Приморье|Primorsky|krai|1900||Приморье;ПК|Primorye|ru
Хабаровский край|Хабаровск|Хабаровск|Khabarovsk|krai|1400||Хабаровский кр.||ru
Амурская область|Благовещенск|Амур|Amur|oblast|1000||Приамурье||ru
Камчатский край|Петропавловск-Камчатский|Камчатка|Kamchatka|krai|400||Камчатка||ru
Магаданская область|Магадан|Магадан|Magadan|oblast|200||Колыма||ru
Сахалинская область|Южно-Сахалинск|Сахалин|Sakhalin|oblast|600||Сахалин||ru
Еврейская автономная область|Биробиджан|Биробиджан|Jewish Autonomous|ao|300||ЕАО||ru
Чукотский автономный округ|Анадырь|Чукотка|Chukotka|ao|80||Чукотка||ru
Ненецкий автономный округ|Нарьян-Мар|Ненецк|Nenets|ao|50||НАО||ru
Донецкая Народная Республика|Донецк|Донецк|Donetsk|occupied|3000|ukrainian:.8|ДНР;Донецкая область;Донбасс|DPR;DNR;Donetsk region;Donetsk People's Republic|donbas
Луганская Народная Республика|Луганск|Луганск|Luhansk|occupied|2000|ukrainian:.8|ЛНР;Луганская область;Донбасс|LPR;LNR;Lugansk region;Luhansk People's Republic|donbas
Запорожская область|Мелитополь|Запорожье|Zaporizhzhia|oblast|300|ukrainian:.7|Запорожская обл||ru
Херсонская область|Геническ|Херсон|Kherson|oblast|200|ukrainian:.7|Херсонская обл||ru
"""


def _parse():
    out = []
    for line in _REGIONS.strip().splitlines():
        f = line.split("|")
        mix = {}
        for kv in filter(None, f[6].split(",")):
            k, v = kv.split(":")
            mix[k] = float(v)
        out.append(
            {
                "name": f[0],
                "capital": f[1],
                "root": f[2],
                "en": f[3],
                "kind": f[4],
                "weight": float(f[5]),
                "mix": mix,
                "aliases": [a for a in f[7].split(";") if a],
                "en_aliases": [a for a in f[8].split(";") if a],
                "vstyle": f[9],
            }
        )
    return out


REGIONS = _parse()

# Village and town name material per style. Real village names repeat across regions.
COMMON_VILLAGES = """Ивановка Михайловка Александровка Никольское Покровка Покровское Знаменка Каменка
Берёзовка Сосновка Красное Новосёлки Петровка Васильевка Ильинка Воскресенское Троицкое Богородское
Успенка Дмитриевка Николаевка Андреевка Григорьевка Павловка Полтавка Орловка Липовка Ольховка
Дубовка Садовое Луговое Заречное Подгорное Октябрьский Первомайский Советский Алексеевка Степное
Раздольное Кировский""".split()
VILLAGE_PREFIX = [
    "",
    "",
    "",
    "Ново",
    "Старо",
    "Верхне",
    "Нижне",
    "Больше",
    "Мало",
    "Красно",
    "Бело",
]
VILLAGE_ROOT = [
    "камен",
    "берёз",
    "сосн",
    "дуб",
    "лип",
    "ольх",
    "ключ",
    "озер",
    "гор",
    "поль",
    "луг",
    "бор",
    "троиц",
    "покров",
    "никол",
    "михайл",
    "иван",
    "петр",
    "алексе",
    "андре",
    "сух",
    "черн",
    "вишн",
    "ясн",
    "крут",
    "глин",
    "рыб",
    "мельн",
    "кузнец",
]
VILLAGE_SUFFIX = ["ка", "овка", "евка", "ское", "ое", "ино", "ово", "ево", "ки", "ье", "ец", "ня"]
TOWN_SUFFIX = ["ск", "овск", "огорск", "оград", "ово", "инск", "анск", "ск"]
ETHNIC_VILLAGES = {  # two-word names are written with "_" and opened below
    "tatar": """Кукмор Арск Балтаси Сабинское Актаныш Муслюмово Апастово Буинск Кайбицы Тюлячи
              Мамадыш Азнакаево Сарманово Нурлат Кзыл-Яр Ташлык Иске-Казанка Яна-Турмыш Бахчисарай
              Урманче Ак-Чишма Иске-Рязап Татарские_Саплыки""".split(),
    "bashkir": """Кугарчи Аскарово Раевский Бураево Мраково Красноусольский Толбазы Исянгулово
                Акъяр Темясово Старобалтачево Зилаир Баймак Сибай Учалы Ишимбай Кумертау Янаул
                Ермекеево Кандры Чекмагуш Верхние_Киги Малояз Старосубхангулово""".split(),
    "tuvan": """Кызыл-Мажалык Хову-Аксы Сукпак Бай-Хаак Шагонар Чадан Тээли Эрзин Самагалтай
              Мугур-Аксы Кызыл-Хая Суг-Аксы Хандагайты Ийи-Тал Ак-Довурак Балгазын Сарыг-Сеп
              Тоора-Хем Кочетово Торгалыг Ээрбек Ак-Тал Бора-Тайга Кара-Хаак Хайыракан Шанган
              Ишкин Суг-Бажы Элегест Баян-Кол Чаа-Холь Хондергей Теве-Хая Ак-Эрик Кундустуг""".split(),
    "buryat": """Агинское Кижинга Хоринск Мухоршибирь Баргузин Кырен Закаменск Гусиноозёрск
               Хурумша Иволгинск Сотниково Тарбагатай Бичура Кяхта Оронгой Улюн Курумкан Онохой
               Усть-Баргузин Саган-Нур Эрхирик Нижний_Саянтуй Тохой Хэжэнгэ""".split(),
    "yakut": """Намцы Амга Чурапча Майя Борогонцы Ытык-Кюёль Бердигестях Сунтар Нюрба
              Верхневилюйск Хатассы Маган Покровск Ленск Мирный Алдан Нерюнгри Кысыл-Сыр Тюнгюлю
              Хонуу""".split(),
    "chechen": """Гудермес Шали Урус-Мартан Аргун Ачхой-Мартан Курчалой Ведено Бачи-Юрт Цоци-Юрт
                Гойты Старые_Атаги Новые_Атаги Серноводское Знаменское Ойсхара Автуры Майртуп
                Катыр-Юрт Самашки Назрань Карабулак Малгобек Сунжа""".split(),
    "dagestan": """Хасавюрт Буйнакск Дербент Кизляр Каспийск Избербаш Кизилюрт Гуниб Хунзах Ахты
                 Леваши Карабудахкент Новый_Кумух Сергокала Тлярата Цуриб Ботлих Гергебиль
                 Касумкент Маджалис Унцукуль Акуша Кумух Чиркей Эндирей Бабаюрт Тарумовка Уркарах""".split(),
    "caucasus": """Нарткала Баксан Прохладный Терек Чегем Майский Кашхатау Учкекен Хабез Карачаевск
                 Беслан Ардон Алагир Дигора Моздок Эльхотово Чикола Октябрьское Усть-Джегута
                 Зеленчукская""".split(),
    "altai": """Онгудай Усть-Кан Кош-Агач Улаган Шебалино Турочак Майма Чемал Усть-Кокса Кулада
              Иня Балыктуюль""".split(),
    "kalmyk": """Лагань Городовиковск Яшкуль Малые_Дербеты Троицкое Цаган_Аман Ики-Бурул Садовое
               Кетченеры Приютное""".split(),
    "donbas": """Макеевка Горловка Енакиево Харцызск Шахтёрск Снежное Дебальцево Ясиноватая
               Докучаевск Амвросиевка Новоазовск Мариуполь Волноваха Старобешево Алчевск Брянка
               Антрацит Ровеньки Лутугино Северодонецк Лисичанск Первомайск Старобельск
               Кадиевка Должанск Хрустальный Сорокино Чистяково Бойковское""".split(),
}
ETHNIC_VILLAGES = {k: [v.replace("_", " ") for v in vs] for k, vs in ETHNIC_VILLAGES.items()}
# Renamed towns: the old name survives in some sources.
RENAMED = {
    "Кадиевка": "Стаханов",
    "Должанск": "Свердловск",
    "Хрустальный": "Красный Луч",
    "Сорокино": "Краснодон",
    "Чистяково": "Торез",
    "Бойковское": "Тельманово",
}

# Unit types: abbreviation, Russian name, gender ending of the ordinal, English, German.
UNIT_TYPES = [
    (
        "омсбр",
        "отдельная мотострелковая бригада",
        "я",
        "Separate Motor Rifle Brigade",
        "Motorisierte Schützenbrigade",
        (1, 80),
        10,
    ),
    (
        "мсп",
        "мотострелковый полк",
        "й",
        "Motor Rifle Regiment",
        "Motorisiertes Schützenregiment",
        (1000, 1500),
        14,
    ),
    (
        "обрмп",
        "отдельная бригада морской пехоты",
        "я",
        "Naval Infantry Brigade",
        "Marineinfanteriebrigade",
        (40, 820),
        4,
    ),
    (
        "дшп",
        "десантно-штурмовой полк",
        "й",
        "Air Assault Regiment",
        "Luftsturmregiment",
        (100, 300),
        5,
    ),
    (
        "вдд",
        "воздушно-десантная дивизия",
        "я",
        "Airborne Division",
        "Luftlandedivision",
        (7, 106),
        2,
    ),
    (
        "обрСпН",
        "отдельная бригада специального назначения",
        "я",
        "Spetsnaz Brigade",
        "Spezialkräftebrigade",
        (2, 24),
        2,
    ),
    ("тп", "танковый полк", "й", "Tank Regiment", "Panzerregiment", (1, 300), 3),
    ("абр", "артиллерийская бригада", "я", "Artillery Brigade", "Artilleriebrigade", (1, 300), 3),
    (
        "мсд",
        "мотострелковая дивизия",
        "я",
        "Motor Rifle Division",
        "Motorisierte Schützendivision",
        (2, 150),
        3,
    ),
]
# Special formations: Russian forms, English forms, weight, who joins them.
SPECIAL_UNITS = [
    (
        ["ЧВК «Вагнер»", "ЧВК Вагнер", "Вагнер", 'ЧВК "Вагнер"', "группа Вагнера"],
        ["PMC Wagner", "Wagner Group", "Wagner", "Gruppe Wagner"],
        5,
        "pmc",
    ),
    (
        ["Шторм Z", "отряд «Шторм Z»", "Шторм-Z", "штурмовой отряд Z"],
        ["Storm-Z", "Storm Z unit", "Storm-Z detachment"],
        5,
        "prison",
    ),
    (
        ["спецназ «Ахмат»", "Ахмат", "батальон Ахмат"],
        ["Akhmat", "Akhmat special forces"],
        2,
        "chechen",
    ),
    (
        ["ОМОН Росгвардии", "ОМОН", "СОБР Росгвардии"],
        ["Rosgvardia OMON", "riot police OMON"],
        2,
        "police",
    ),
]
VOLUNTEER_BATTALIONS = [
    "Урал",
    "Тайфун",
    "Байкал",
    "Тигр",
    "Алга",
    "Шаймуратов",
    "Кама",
    "Сибирь",
    "Енисей",
    "Амур",
    "Дон",
    "Кубань",
    "Волга",
    "Ермак",
    "Добрыня",
    "Тувинский",
    "Ахмат-Север",
    "Вятка",
    "Вихрь",
    "Тавр",
    "Оренбург",
    "Чита",
    "Бурятия",
    "Итиль",
    "Алабуга",
    "Тимер",
    "Вильда",
]
VAGUE_UNITS = [
    ("ВДВ", "airborne troops"),
    ("морская пехота", "marines"),
    ("мотострелок", "motor rifle"),
    ("танкист", "tankman"),
    ("артиллерист", "artillery"),
    ("служил по контракту", "contract soldier"),
    ("мобилизованный", "mobilised"),
    ("доброволец", "volunteer"),
]

# Ranks: full Russian, abbreviations, English, German, French, Polish; weight.
RANKS = [
    (
        "рядовой",
        ["ряд.", "рядовой"],
        ["Private", "Pvt.", "Pte"],
        "Gefreiter",
        "soldat",
        "szeregowy",
        40,
    ),
    (
        "ефрейтор",
        ["ефр.", "ефрейтор"],
        ["Lance Corporal", "Private First Class", "Corporal"],
        "Obergefreiter",
        "caporal",
        "starszy szeregowy",
        8,
    ),
    (
        "младший сержант",
        ["мл. сержант", "мл.с-т", "мл. с-т"],
        ["Junior Sergeant", "Jr. Sgt.", "Corporal"],
        "Unteroffizier",
        "caporal-chef",
        "młodszy sierżant",
        10,
    ),
    ("сержант", ["сержант", "с-т"], ["Sergeant", "Sgt."], "Feldwebel", "sergent", "sierżant", 10),
    (
        "старший сержант",
        ["ст. сержант", "ст.с-т"],
        ["Senior Sergeant", "Staff Sergeant", "Sr. Sgt."],
        "Oberfeldwebel",
        "sergent-chef",
        "starszy sierżant",
        5,
    ),
    (
        "старшина",
        ["ст-на", "старшина"],
        ["Sergeant Major", "Master Sergeant"],
        "Stabsfeldwebel",
        "adjudant",
        "starszy chorąży",
        2,
    ),
    (
        "прапорщик",
        ["пр-к", "прапорщик"],
        ["Warrant Officer", "Praporshchik"],
        "Fähnrich",
        "adjudant-chef",
        "chorąży",
        3,
    ),
    (
        "младший лейтенант",
        ["мл. лейтенант", "мл. л-т"],
        ["Junior Lieutenant", "2nd Lt."],
        "Unterleutnant",
        "sous-lieutenant",
        "młodszy lejtnant",
        0.7,
    ),
    (
        "лейтенант",
        ["л-т", "лейтенант"],
        ["Lieutenant", "Lt."],
        "Leutnant",
        "lieutenant",
        "porucznik",
        1.8,
    ),
    (
        "старший лейтенант",
        ["ст. лейтенант", "ст. л-т"],
        ["Senior Lieutenant", "First Lieutenant", "Sr. Lt."],
        "Oberleutnant",
        "lieutenant-chef",
        "starszy lejtnant",
        1.6,
    ),
    (
        "капитан",
        ["кап.", "капитан"],
        ["Captain", "Capt."],
        "Hauptmann",
        "capitaine",
        "kapitan",
        1.2,
    ),
    ("майор", ["м-р", "майор"], ["Major", "Maj."], "Major", "commandant", "major", 0.6),
    (
        "подполковник",
        ["п/п-к", "подп-к"],
        ["Lieutenant Colonel", "Lt. Col."],
        "Oberstleutnant",
        "lieutenant-colonel",
        "podpułkownik",
        0.3,
    ),
    (
        "полковник",
        ["п-к", "полковник"],
        ["Colonel", "Col."],
        "Oberst",
        "colonel",
        "pułkownik",
        0.15,
    ),
]
