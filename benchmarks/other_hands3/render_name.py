"""How one mention writes a person's name: which variant of the true name, pet forms, foreign
equivalents, script and scheme, order, initials, case, slips; full_name or the parts."""

import names as N
import noise
import translit as T

HYPHEN_STYLES = ("join", "space", "cap")


def _hyphen_variant(w, rng):
    a, b = w.split("-", 1)
    style = rng.choice(HYPHEN_STYLES)
    if style == "join":
        return a + b.lower()
    if style == "space":
        return a + " " + b
    return a + "-" + b[:1].upper() + b[1:]


def true_variant(p, o, t, rng):
    """The name as this source knows it: (given, patronymic, surname), still Cyrillic."""
    g, pat, s = p.given, p.pat, p.sur
    if p.alt_sur and rng.random() < t["alt_surname_use"]:
        s = p.alt_sur
    if p.jon:
        u = rng.random()
        if u > t["jon_keep"]:
            g = g[:-3] + "джон" if u < t["jon_keep"] + t["jon_dzh"] else g[:-3]
    if "-" in g and rng.random() < t["hyphen_variant"]:
        g = _hyphen_variant(g, rng)
    if pat.endswith((" оглы", " угли", " кызы")):
        u = rng.random()
        if u < t["ogly_russify"]:
            pat = N.patronymic(p.father)
        elif u < t["ogly_russify"] + 0.25:
            pat = pat.replace(" ", "" if rng.random() < 0.5 else "-")
    return g, pat, s


def _latin_given(p, g, o, t, rng):
    lang2 = o.lang[:2]
    if p.eth == "ukrainian" and g in N.UKR_LATIN and rng.random() < t["ukr_latin"]:
        return N.UKR_LATIN[g]
    eq = N.EQUIVALENTS.get(g)
    if eq and rng.random() < o.r["equiv"]:
        return rng.choice(eq.get(lang2, eq["en"]))
    return T.translit(g, o.scheme, o.scheme_key)


def words(p, o, t, rng):
    """(given, patronymic or '', surname) as the outlet will print them."""
    r = o.r
    g, pat, s = true_variant(p, o, t, rng)
    pet = g in N.PET_FORMS and rng.random() < r["pet"]
    base_g = g
    if pet:
        g = rng.choice(N.PET_FORMS[g])
    elif not o.latin and p.eth == "ukrainian" and g in N.UKR_CYR and rng.random() < t["ukr_cyr"]:
        g = N.UKR_CYR[g]
    keep_pat = pat and rng.random() < (t["pat_with_pet"] if pet else r["pat"])
    pat = pat if keep_pat else ""
    if r["yo_e"]:
        g, pat, s = (
            g.replace("ё", "е").replace("Ё", "Е"),
            pat.replace("ё", "е"),
            s.replace("ё", "е"),
        )
    if o.latin:
        g = (
            T.translit(g, o.scheme, o.scheme_key)
            if pet or g != base_g
            else _latin_given(p, g, o, t, rng)
        )
        pat = T.translit(pat, o.scheme, o.scheme_key) if pat else ""
        if pat and p.eth == "ukrainian" and rng.random() < t["ukr_latin"]:
            pat = pat.replace("ovich", "ovych").replace("evich", "ovych")
        s = T.translit(s, o.scheme, o.scheme_key)
    if rng.random() < (r["swap_order"] if p.eth in N.ORDER_UNSURE else t["slavic_swap"]):
        g, s = s, g
    return _slips(g, pat, s, o, t, rng)


def _slips(g, pat, s, o, t, rng):
    r = o.r
    if rng.random() < r["typo"]:
        for _ in range(2 if rng.random() < t["second_typo"] else 1):
            u = rng.random()
            if u < 0.5:
                s = noise.typo(s, rng, r["ocr"])
            elif u < 0.85 or not pat:
                g = noise.typo(g, rng, r["ocr"])
            else:
                pat = noise.typo(pat, rng, r["ocr"])
    if not o.latin and rng.random() < r["homoglyph"]:
        s = noise.homoglyph(s, rng) if rng.random() < 0.6 else s
        g = g if rng.random() < 0.6 else noise.homoglyph(g, rng)
    return g, pat, s


def _initials(g, pat, s, rng):
    gi = g[:1] + "." if g else ""
    pi = pat[:1] + "." if pat else ""
    style = rng.randrange(5)
    if style == 0:
        return f"{s} {gi}{pi}"
    if style == 1:
        return f"{s} {gi} {pi}".rstrip()
    if style == 2:
        return f"{gi} {pi} {s}".replace("  ", " ").strip()
    if style == 3:
        return f"{s} {gi}"
    return f"{s} {g} {pi}".rstrip()


def _order(o, t, rng):
    if rng.random() < t["consistency"]:
        return o.order
    return o.cats["order"](rng)


def cells(p, o, t, rng):
    """(full_name, first_name, patronymic, surname) for one mention."""
    g, pat, s = words(p, o, t, rng)
    if o.caps != "none" and rng.random() < 0.9:
        s = s.upper()
        if o.caps == "all":
            g, pat = g.upper(), pat.upper()
    if o.r["lower"] and rng.random() < o.r["lower"]:
        g, pat, s = g.lower(), pat.lower(), s.lower()
    u = rng.random()
    if u < o.r["parts"]:
        full = _full(g, pat, s, o, t, rng) if rng.random() < o.r["both"] else ""
        if rng.random() < o.r["initials"]:
            g, pat = g[:1] + ".", (pat[:1] + "." if pat else "")
        return full, g, pat, s
    return _full(g, pat, s, o, t, rng), "", "", ""


def _full(g, pat, s, o, t, rng):
    if rng.random() < o.r["initials"]:
        return _initials(g, pat, s, rng)
    order = _order(o, t, rng)
    if order == "SGP":
        toks = [s, g, pat]
    elif order == "GPS":
        toks = [g, pat, s]
    elif order == "GS":
        toks = [g, s]
    elif order == "SG":
        toks = [s, g]
    else:
        toks = [g]
    text = " ".join(x for x in toks if x)
    if rng.random() < t["space_noise"]:
        text = text.replace(" ", "  ", 1) if rng.random() < 0.5 else text + " "
    return text
