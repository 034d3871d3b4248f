"""Romanisation schemes as outlets actually use them (REAL-HABITS line 16).

Each scheme is a small rule table plus context hooks: word-initial / post-vowel
iotation of е ё ю я, endings (-ий, -ый), and language habits (German ss
between vowels, French gu before e/i, Polish ł / soft l, Czech ě).  Results
are cached per (scheme, word): names repeat, so caching makes a million
mentions cheap.
"""

VOW = set("аеёиоуыэюяіїє")
SIB = set("жчшщц")

_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian letters, in case a Ukrainian-Cyrillic string reaches a Russian scheme
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "",
}


def _mk(over=None, iot=None, sib_yo="o", endings=(), hook=None):
    base = dict(_BASE)
    if over:
        base.update(over)
    io = {"е": base["е"], "ё": base["ё"], "ю": base["ю"], "я": base["я"]}
    if iot:
        io.update(iot)
    return {"base": base, "iot": io, "sib_yo": sib_yo, "endings": tuple(endings), "hook": hook}


def _hook_wiki(w, i, c, prev, nxt):
    if c == "ь" and nxt in ("и", "о"):
        return "y", 1
    return None


def _hook_de(w, i, c, prev, nxt):
    if c == "с" and prev in VOW and nxt in VOW:
        return "ss", 1
    if c == "ь" and nxt in ("и", "о"):
        return "j", 1
    return None


def _hook_fr(w, i, c, prev, nxt):
    if c == "г" and nxt in ("е", "и", "ы", "э"):
        return "gu", 1
    if c == "с" and prev in VOW and nxt in VOW:
        return "ss", 1
    if c == "е" and prev in VOW and i > 0:
        return "ïe", 1
    if c == "ь" and nxt in ("и", "о", "е"):
        return "i", 1
    return None


_PL_SOFT = {"н": "ń", "с": "ś", "т": "ć", "д": "dź", "з": "ź", "ц": "ć"}


def _hook_pl(w, i, c, prev, nxt):
    if c == "л":
        return ("l" if nxt in ("ь", "е", "ё", "и", "ю", "я") else "ł"), 1
    if nxt == "ь" and c in _PL_SOFT and (i + 2 >= len(w) or w[i + 2] not in VOW):
        return _PL_SOFT[c], 2
    if c == "ь":
        return ("j" if nxt == "и" else ""), 1
    if c in ("е", "ё", "ю", "я") and i > 0 and (prev == "л" or prev in SIB):
        return {"е": "e", "ё": "o", "ю": "u", "я": "a"}[c], 1
    if c == "и" and prev in ("ж", "ш", "ц"):
        return "y", 1
    if c == "ё" and i > 0 and prev not in VOW and prev not in ("ь", "ъ"):
        return "io", 1
    return None


def _hook_cz(w, i, c, prev, nxt):
    if c == "е" and prev in ("д", "т", "н"):
        return "ě", 1
    return None


def _hook_es(w, i, c, prev, nxt):
    if c == "г" and nxt in ("е", "и"):
        return "gu", 1
    return None


SCHEMES = {
    # BGN/PCGN with its apostrophes and diaeresis
    "bgn": _mk({"ё": "ë", "ъ": "\"", "ь": "'", "й": "y"}, {"е": "ye", "ё": "yë"}, sib_yo="ë"),
    # Wikipedia / newspaper simplification of BGN
    "wiki": _mk({"ё": "yo"}, {"е": "ye", "ё": "yo"}, sib_yo="o", endings=(("ий", "y"), ("ый", "y")), hook=_hook_wiki),
    # ICAO Doc 9303 as in Russian passports since 2013
    "icao": _mk({"й": "i", "ю": "iu", "я": "ia", "ъ": "ie"}, sib_yo="e"),
    # MVD passports 2006-2010
    "mvd": _mk({"й": "y"}, sib_yo="e"),
    "iso9": _mk({"ё": "ë", "ж": "ž", "й": "j", "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "ŝ",
                 "ъ": "ʺ", "ь": "ʹ", "э": "è", "ю": "û", "я": "â"}, sib_yo="ë"),
    "sci": _mk({"ё": "ë", "ж": "ž", "й": "j", "х": "x", "ц": "c", "ч": "č", "ш": "š", "щ": "šč",
                "ъ": "ʺ", "ь": "ʹ", "э": "è", "ю": "ju", "я": "ja"}, sib_yo="ë"),
    "alalc": _mk({"ё": "ë", "й": "ĭ", "ъ": "ʺ", "ь": "ʹ", "э": "ė", "ю": "iu", "я": "ia"}, sib_yo="ë"),
    # German (Duden)
    "de": _mk({"в": "w", "ё": "jo", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch",
               "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja"},
              {"е": "je", "ё": "jo"}, sib_yo="o", endings=(("ий", "i"), ("ый", "y")), hook=_hook_de),
    # French
    "fr": _mk({"ё": "io", "ж": "j", "й": "ï", "у": "ou", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch",
               "ю": "iou", "я": "ia"}, {"е": "e", "ё": "io"}, sib_yo="o",
              endings=(("ий", "i"), ("ый", "y")), hook=_hook_fr),
    # Polish
    "pl": _mk({"в": "w", "е": "ie", "ё": "io", "ж": "ż", "й": "j", "л": "ł", "х": "ch", "ц": "c",
               "ч": "cz", "ш": "sz", "щ": "szcz", "ю": "iu", "я": "ia"},
              {"е": "je", "ё": "jo", "ю": "ju", "я": "ja"}, sib_yo="o",
              endings=(("ий", "ij"), ("ый", "y")), hook=_hook_pl),
    # Czech
    "cz": _mk({"ё": "jo", "ж": "ž", "й": "j", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "щ": "šč",
               "ю": "ju", "я": "ja"}, {"е": "je", "ё": "jo"}, sib_yo="o",
              endings=(("ий", "ij"), ("ый", "yj")), hook=_hook_cz),
    # Spanish
    "es": _mk({"ё": "io", "й": "i", "х": "j", "ц": "ts", "щ": "sch", "ю": "iu", "я": "ia"},
              {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"}, sib_yo="o",
              endings=(("ий", "i"), ("ый", "y")), hook=_hook_es),
    # Ukrainian national system (KMU 2010); input is Ukrainian Cyrillic
    "ua": _mk({"г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "є": "ie", "й": "i", "ю": "iu",
               "я": "ia", "ё": "io", "ы": "y", "э": "e", "ъ": "", "'": ""},
              {"е": "e", "ю": "yu", "я": "ya"}, sib_yo="o"),
}

# Ukrainian initial forms are handled by a small wrapper below.
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

ADHOC_OPTIONS = {
    "ё": ["e", "yo", "io", "jo", "e"],
    "ж": ["zh", "zh", "j", "z"],
    "й": ["y", "i", "j", "y"],
    "х": ["kh", "kh", "h", "x"],
    "ц": ["ts", "ts", "c", "tz"],
    "щ": ["shch", "sch", "sh", "shh"],
    "ы": ["y", "y", "i"],
    "ь": ["", "", "'", "i"],
    "ъ": ["", "'"],
    "ю": ["yu", "iu", "ju"],
    "я": ["ya", "ia", "ja"],
    "ий$": ["iy", "ii", "y", "i", "ij"],
    "е^": ["ye", "e", "e"],
}


def make_adhoc(rng):
    """Draw one outlet's ad-hoc ASCII habits (Solov'ev / Solovev / Soloviev)."""
    choice = {k: v[int(rng.random() * len(v))] for k, v in ADHOC_OPTIONS.items()}
    over = {k: choice[k] for k in ("ё", "ж", "й", "х", "ц", "щ", "ы", "ь", "ъ", "ю", "я")}
    iot = {"е": choice["е^"], "ё": ("yo" if choice["ё"] == "e" else choice["ё"])}
    cfg = _mk(over, iot, sib_yo="o" if choice["ё"] != "e" else "e", endings=(("ий", choice["ий$"]),))
    return cfg, choice


def _apply(w, cfg):
    n = len(w)
    base = cfg["base"]
    iot = cfg["iot"]
    hook = cfg["hook"]
    end_at = -1
    end_rep = ""
    for suf, rep in cfg["endings"]:
        if n > len(suf) + 1 and w.endswith(suf):
            end_at = n - len(suf)
            end_rep = rep
            break
    out = []
    i = 0
    while i < n:
        if i == end_at:
            out.append(end_rep)
            break
        c = w[i]
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < n else ""
        if hook is not None:
            h = hook(w, i, c, prev, nxt)
            if h is not None:
                out.append(h[0])
                i += h[1]
                continue
        if c in iot and (i == 0 or prev in VOW or prev == "ь" or prev == "ъ" or prev == "-"):
            out.append(iot[c])
        elif c == "ё" and prev in SIB:
            out.append(cfg["sib_yo"])
        else:
            out.append(base.get(c, c))
        i += 1
    return "".join(out)


def _apply_ua(w, cfg):
    if w and w[0] in _UA_INITIAL:
        return _UA_INITIAL[w[0]] + _apply(w[1:], cfg) if len(w) > 1 else _UA_INITIAL[w[0]]
    return _apply(w, cfg)


_cache = {}


def translit(text, scheme, cfg=None):
    """Romanise a name string (may contain spaces, hyphens, dots) with a scheme."""
    key = (scheme, text)
    r = _cache.get(key)
    if r is not None:
        return r
    if cfg is None:
        cfg = SCHEMES[scheme]
    fn = _apply_ua if scheme == "ua" else _apply
    parts = []
    word = []
    for ch in text + "\0":
        if ch.isalpha() or ch == "'" and scheme == "ua":
            word.append(ch)
            continue
        if word:
            wd = "".join(word)
            low = wd.lower()
            t = fn(low, cfg)
            if len(wd) > 1 and wd.isupper():
                t = t.upper()
            elif wd[0].isupper() and t:
                t = t[0].upper() + t[1:]
            parts.append(t)
            word = []
        if ch != "\0":
            parts.append(ch)
    r = "".join(parts)
    if len(_cache) < 2_000_000:
        _cache[key] = r
    return r


# ---------------------------------------------------------------- Ukrainian
def ukrainianise(text):
    """Russian Cyrillic -> Ukrainian Cyrillic spelling of a surname or place."""
    out = []
    for i, ch in enumerate(text):
        lo = ch.lower()
        prev = text[i - 1].lower() if i else ""
        if lo == "и":
            r = "і"
            if prev in SIB and prev != "ц":
                r = "и"
        elif lo == "ы":
            r = "и"
        elif lo == "э":
            r = "е"
        elif lo == "ё":
            if i == 0 or prev in VOW:
                r = "йо"
            elif prev in SIB:
                r = "о"
            elif prev == "ь":
                out.pop() if out and out[-1].lower() == "ь" else None
                r = "йо"
            else:
                r = "ьо"
        elif lo == "ъ":
            r = "'"
        elif lo == "е" and (i == 0 or prev in VOW):
            r = "є"
        else:
            r = lo
        if ch.isupper():
            r = r[0].upper() + r[1:]
        out.append(r)
    s = "".join(out)
    if s.endswith("ий"):
        s = s[:-2] + "ій"
    return s


def ukr_patronymic(ukr_first):
    exc = {"Микола": "Миколайович", "Ілля": "Ілліч", "Лев": "Левович", "Яків": "Якович"}
    if ukr_first in exc:
        return exc[ukr_first]
    if ukr_first.endswith("ій"):
        return ukr_first[:-1] + "йович"
    if ukr_first.endswith(("о", "а")):
        return ukr_first[:-1] + "ович"
    if ukr_first.endswith("ь"):
        return ukr_first + "ович"
    return ukr_first + "ович"
