"""Typing, reading and copying errors (REAL-HABITS lines 7, 17).

Pure functions of (string, rng): keyboard slips on ЙЦУКЕН and QWERTY, OCR
confusions from scanned memorial boards, phonetic misspellings, Latin
homoglyphs typed inside Cyrillic words.
"""
RU_ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
EN_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours(rows):
    out = {}
    for r, row in enumerate(rows):
        for i, c in enumerate(row):
            n = []
            if i > 0:
                n.append(row[i - 1])
            if i + 1 < len(row):
                n.append(row[i + 1])
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(rows) and i < len(rows[rr]):
                    n.append(rows[rr][i])
            out[c] = n
    return out


NEAR = _neighbours(RU_ROWS)
NEAR.update(_neighbours(EN_ROWS))

OCR = {"ш": "щ", "щ": "ш", "и": "н", "н": "и", "З": "3", "з": "3", "б": "6", "О": "0",
       "п": "н", "ц": "щ", "ы": "ьı", "л": "п", "Е": "Ё", "е": "с", "1": "l", "0": "О",
       "3": "З", "6": "б", "8": "В", "т": "г", "к": "н", "ь": "ъ", "m": "rn", "l": "1", "I": "l"}

PHONETIC = [("о", "а"), ("а", "о"), ("е", "и"), ("и", "е"), ("нн", "н"), ("сс", "с"), ("лл", "л"),
            ("тс", "ц"), ("ьев", "иев"), ("иев", "ьев"), ("ё", "о"), ("ий", "ей"), ("ея", "ия"),
            ("дж", "ж"), ("ж", "дж"), ("ый", "ой"), ("в", "ф"), ("д", "т"), ("г", "к"), ("з", "с"),
            ("ы", "и"), ("й", "и"), ("ю", "у"), ("э", "е"), ("х", "г"), ("ts", "tz"), ("y", "i"), ("i", "y"),
            ("kh", "h"), ("ks", "x"), ("e", "ye"), ("ii", "iy"), ("v", "w")]

HOMOGLYPH = {"а": "a", "е": "e", "о": "o", "с": "c", "р": "p", "х": "x", "у": "y",
             "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
             "С": "C", "Т": "T", "Х": "X"}


def keyboard(w, rng):
    """One slip: neighbour key, dropped, doubled or transposed letter."""
    if len(w) < 3:
        return w
    i = 1 + int(rng.random() * (len(w) - 1))
    c = w[i]
    r = rng.random()
    if r < 0.35:
        lo = c.lower()
        n = NEAR.get(lo)
        if n:
            s = n[int(rng.random() * len(n))]
            return w[:i] + (s.upper() if c.isupper() else s) + w[i + 1:]
        return w
    if r < 0.6:
        return w[:i] + w[i + 1:]
    if r < 0.8:
        return w[:i] + c + w[i:]
    if i + 1 < len(w):
        return w[:i] + w[i + 1] + c + w[i + 2:]
    return w


def ocr(w, rng):
    cand = [i for i, c in enumerate(w) if c in OCR]
    if not cand:
        return w
    i = cand[int(rng.random() * len(cand))]
    return w[:i] + OCR[w[i]] + w[i + 1:]


def phonetic(w, rng):
    lo = w.lower()
    start = int(rng.random() * len(PHONETIC))
    for k in range(len(PHONETIC)):
        a, b = PHONETIC[(start + k) % len(PHONETIC)]
        j = lo.find(a, 1)
        if j > 0:
            rep = b if not w[j].isupper() else b.capitalize()
            return w[:j] + rep + w[j + len(a):]
    return w


def homoglyph(w, rng):
    cand = [i for i, c in enumerate(w) if c in HOMOGLYPH]
    if not cand:
        return w
    i = cand[int(rng.random() * len(cand))]
    return w[:i] + HOMOGLYPH[w[i]] + w[i + 1:]


def misspell(w, rng, ocr_share=0.0):
    """One error of a kind drawn by the caller's habit (OCR share for scanned boards)."""
    if not w:
        return w
    r = rng.random()
    if r < ocr_share:
        return ocr(w, rng)
    if r < ocr_share + (1 - ocr_share) * 0.55:
        return keyboard(w, rng)
    return phonetic(w, rng)


def swap_day_month(o_ymd):
    y, m, d = o_ymd
    if d <= 12:
        return y, d, m
    return y, m, d


def year_slip(y, rng):
    """1989 -> 1998 or 1988: transposed or neighbouring digit."""
    s = str(y)
    if rng.random() < 0.5:
        return int(s[:2] + s[3] + s[2])
    return y + (1 if rng.random() < 0.5 else -1)
