"""Russian name morphology and the ways a source prints one man's name.

Reads a person's Cyrillic name parts and one outlet's name habits; returns the
four name columns (full_name, first_name, patronymic, surname).  Habits cited:
REAL-HABITS lines 13-21 (initials, pet forms, foreign equivalents, schemes,
name order, Turkic patronymics, feminine forms).
"""
import translit as T
import world

V = set("аеёиоуыэюя")
PATR_EXC = {"Илья": "Ильич", "Никита": "Никитич", "Лука": "Лукич", "Фома": "Фомич", "Кузьма": "Кузьмич",
            "Лев": "Львович", "Пётр": "Петрович", "Павел": "Павлович", "Яков": "Яковлевич",
            "Михаил": "Михайлович", "Савва": "Саввич"}
FEM_EXC = {"Ильич": "Ильинична", "Никитич": "Никитична", "Лукич": "Лукинична", "Фомич": "Фоминична",
           "Кузьмич": "Кузьминична", "Саввич": "Саввична"}


def _patr_m(f):
    if f in PATR_EXC:
        return PATR_EXC[f]
    if "-" in f:
        head, tail = f.rsplit("-", 1)
        return head + "-" + _patr_m(tail)
    if f.endswith("ий"):
        stem = f[:-2]
        two_cons = len(stem) > 1 and stem[-1] not in V and stem[-2] not in V
        return stem + ("иевич" if two_cons else "ьевич")
    if f[-1] in "йь":
        return f[:-1] + "евич"
    if f[-1] in V or f[-1] in "жшчщц":
        return f + "евич"
    return f + "ович"


def patronymic(father, female=False, style="ru"):
    """Canonical patronymic as a Russian document would print it."""
    if style == "oglu":
        return father + (" кызы" if female else " оглы")
    if style == "uly":
        return father + (" кызы" if female else " улы")
    if style == "ugli":
        return father + (" кизи" if female else " угли")
    p = _patr_m(father)
    if not female:
        return p
    if p in FEM_EXC:
        return FEM_EXC[p]
    return p[:-4] + ("овна" if p.endswith("ович") else "евна")


def fem_surname(s):
    if s.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return s + "а"
    if s.endswith(("ский", "цкий")):
        return s[:-2] + "ая"
    if s.endswith(("ой", "ый")):
        return s[:-2] + "ая"
    return s


def russify_turkic(patr):
    """'Рамиз оглы' -> 'Рамизович': how many Russian forms rewrite a Turkic patronymic."""
    father, _, tag = patr.rpartition(" ")
    if tag in ("кызы", "кизи"):
        return patronymic(father, True)
    return _patr_m(father)


def turkic_variant(patr, rng):
    """Оглы/угли written apart, hyphenated, glued, or russified (REAL-HABITS line 19)."""
    father, _, tag = patr.rpartition(" ")
    r = rng.random()
    if r < 0.45:
        return patr
    if r < 0.6:
        return father + "-" + tag
    if r < 0.7:
        return father + tag
    return russify_turkic(patr)


def hyphen_variant(w, rng):
    """Кара-оол / Караоол / Кара-Оол / Кара оол (REAL-HABITS line 18)."""
    if "-" not in w:
        return w
    r = rng.random()
    head, tail = w.split("-", 1)
    if r < 0.35:
        return head + tail.lower()
    if r < 0.65:
        return head + "-" + tail[:1].upper() + tail[1:]
    if r < 0.8:
        return head + " " + tail
    return w


def no_yo(s):
    return s.replace("ё", "е").replace("Ё", "Е")


def initial(w):
    if not w:
        return ""
    return w[0] + "."


# ------------------------------------------------------------------ rendering
def pet_form(first, rng):
    forms = world.PET.get(first)
    if not forms:
        return first
    # the first listed forms are the everyday ones (Саша, Дима), later ones rarer
    i = int(len(forms) * rng.random() ** 2)
    return forms[i]


def latin_first(first, eth, h, rng):
    """Foreign press: conventional equivalents, Ukrainian forms, or the outlet's scheme."""
    lang = h["lang"]
    if eth == "ukr" and rng.random() < h["p_ukr_forms"] and first in world.UKR:
        return T.translit(world.UKR[first], "ua"), True
    eq = world.FOREIGN.get(lang, {}).get(first)
    if eq and rng.random() < h["p_foreign_eq"]:
        return eq[int(rng.random() * len(eq))], False
    return None, False


def to_latin(word, h, ukr=False):
    if not word:
        return ""
    if ukr:
        return T.translit(T.ukrainianise(word), "ua")
    return T.translit(word, h["scheme"], h.get("scheme_cfg"))


def render_name(b, h, rng):
    """b: belief dict (first, patr, sur, eth, female); h: name habits of the outlet.

    Returns (full_name, first_name, patronymic, surname)."""
    first, patr, sur = b["first"], b["patr"], b["sur"]
    eth = b["eth"]
    if patr and " " in patr and rng.random() < h["p_russify_turkic"]:
        patr = russify_turkic(patr)
    elif patr and " " in patr:
        patr = turkic_variant(patr, rng)
    if not patr or rng.random() >= h["p_patr"]:
        patr = ""
    if eth == "cas" and first.endswith("жон") and rng.random() < 0.25:
        first = first[:-3]  # Умеджон / Умед (REAL-HABITS line 19)
    if rng.random() < h["p_pet"]:
        first = pet_form(first, rng)
    if rng.random() < h["p_first_only"]:  # "Саша из Ивановки": a first name and a town
        return (no_yo(first) if rng.random() >= h["p_yo"] else first), "", "", ""
    if "-" in first or "-" in sur:
        first, sur = hyphen_variant(first, rng), hyphen_variant(sur, rng)
    if rng.random() >= h["p_yo"]:
        first, patr, sur = no_yo(first), no_yo(patr), no_yo(sur)
    order = h["order"]
    if eth in ("tuv", "bur", "kalm", "alt", "cauc") and rng.random() < h["p_ethnic_swap"]:
        order = {"GS": "SG", "SG": "GS", "GPS": "SGP", "SGP": "GPS"}[order]
    if h["script"] == "lat":
        ukr = eth == "ukr" and rng.random() < h["p_ukr_forms"]
        lf, was_ukr = latin_first(first, eth, h, rng)
        first = lf if lf else to_latin(first, h, ukr)
        sur = to_latin(sur, h, ukr or was_ukr)
        patr = to_latin(patr, h)
    upper = rng.random() < h["p_upper_surname"]
    sur_p = sur.upper() if upper else sur
    layout = h["layout"]
    if layout == "parts" or (layout == "either" and rng.random() < 0.5):
        return "", first, patr, sur
    if rng.random() < h["p_initials"]:
        full = initials_form(first, patr, sur_p, rng)
    else:
        full = ordered(first, patr, sur_p, order)
    if layout == "both":
        return full, first, patr, sur
    return full, "", "", ""


def ordered(first, patr, sur, order):
    if order in ("SGP", "SG"):
        parts = (sur, first, patr) if order == "SGP" else (sur, first)
    else:
        parts = (first, patr, sur) if order == "GPS" else (first, sur)
    return " ".join(p for p in parts if p)


def initials_form(first, patr, sur, rng):
    """Петров С.А. / С. А. Петров / С.А. Петров / Petrov S. (REAL-HABITS line 13)."""
    ini = initial(first) + (initial(patr) if patr else "")
    r = rng.random()
    if r < 0.4:
        return f"{sur} {ini}"
    if r < 0.65:
        return " ".join([initial(first)] + ([initial(patr)] if patr else []) + [sur])
    if r < 0.9:
        return f"{ini} {sur}"
    if patr and rng.random() < 0.5:
        return f"{sur} {first} {initial(patr)}"
    return f"{sur} {initial(first)}"
