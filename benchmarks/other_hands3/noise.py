"""Small corruptions of text as people and OCR make them: keyboard slips, OCR confusions,
dropped or doubled letters, Latin look-alikes typed into Cyrillic words."""

_RU_ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
_EN_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours(rows):
    out = {}
    for r, row in enumerate(rows):
        for i, c in enumerate(row):
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(rows) and i < len(rows[rr]):
                    near.append(rows[rr][i])
            out[c] = near
    return out


NEIGHBOURS = {**_neighbours(_RU_ROWS), **_neighbours(_EN_ROWS)}
OCR = {
    "ш": "щ",
    "щ": "ш",
    "и": "н",
    "н": "и",
    "й": "и",
    "п": "н",
    "л": "п",
    "З": "3",
    "з": "3",
    "О": "0",
    "о": "0",
    "б": "6",
    "ь": "ъ",
    "ы": "ь",
    "ц": "щ",
    "т": "г",
    "е": "с",
    "Е": "С",
    "Ш": "Щ",
    "И": "Н",
    "Н": "И",
    "Л": "П",
    "П": "Л",
    "m": "rn",
    "d": "cl",
    "l": "1",
    "I": "l",
    "O": "0",
    "S": "5",
    "B": "8",
    "u": "v",
    "e": "c",
    "h": "b",
    "rn": "m",
}
HOMOGLYPH = {
    "а": "a",
    "е": "e",
    "о": "o",
    "с": "c",
    "р": "p",
    "х": "x",
    "у": "y",
    "А": "A",
    "Е": "E",
    "О": "O",
    "С": "C",
    "Р": "P",
    "Х": "X",
    "Т": "T",
    "К": "K",
    "М": "M",
    "Н": "H",
    "В": "B",
}


def keyboard_slip(w: str, rng) -> str:
    if len(w) < 3:
        return w
    i = rng.randrange(1, len(w))
    c = w[i]
    near = NEIGHBOURS.get(c.lower())
    if not near:
        return w
    r = rng.choice(near)
    return w[:i] + (r.upper() if c.isupper() else r) + w[i + 1 :]


def drop_letter(w: str, rng) -> str:
    if len(w) < 4:
        return w
    i = rng.randrange(1, len(w))
    return w[:i] + w[i + 1 :]


def double_letter(w: str, rng) -> str:
    if len(w) < 3:
        return w
    i = rng.randrange(1, len(w))
    return w[:i] + w[i] + w[i:]


def transpose(w: str, rng) -> str:
    if len(w) < 4:
        return w
    i = rng.randrange(1, len(w) - 1)
    return w[:i] + w[i + 1] + w[i] + w[i + 2 :]


def ocr_error(w: str, rng) -> str:
    spots = [i for i, c in enumerate(w) if c in OCR]
    if not spots:
        return keyboard_slip(w, rng)
    i = rng.choice(spots)
    return w[:i] + OCR[w[i]] + w[i + 1 :]


def homoglyph(w: str, rng) -> str:
    spots = [i for i, c in enumerate(w) if c in HOMOGLYPH]
    if not spots:
        return w
    i = rng.choice(spots)
    return w[:i] + HOMOGLYPH[w[i]] + w[i + 1 :]


TYPOS = [(keyboard_slip, 4), (drop_letter, 3), (double_letter, 2), (transpose, 2), (ocr_error, 1)]


def typo(w: str, rng, ocr_share: float) -> str:
    """One slip in a word; OCR-like with probability ocr_share, else a typing slip."""
    if rng.random() < ocr_share:
        return ocr_error(w, rng)
    f = rng.choices([t[0] for t in TYPOS], [t[1] for t in TYPOS])[0]
    return f(w, rng)
