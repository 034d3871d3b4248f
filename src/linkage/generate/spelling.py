"""How a name is spelled in a mention: Latin by one transliteration scheme (iuliia's, or one of
our tables: German, Polish, French, Czech, ad-hoc), hand-typed ASCII, and the one typo a typist makes.

Reads the german.json / schemes.json rules and keyboards.json neighbours passed in; writes nothing.
"""

from __future__ import annotations

import re
import unicodedata

import iuliia

VOWELS = "аеёиоуыэюя"
FOLD = str.maketrans("", "", "’'ʹʺʼ‘`\"")


def _table_word(word: str, rules: dict) -> str:
    """One word by a table scheme (german.json's format): endings, then pairs, then letters."""
    low, ending = word.lower(), ""
    for tail, repl in rules["endings"]:
        if low.endswith(tail) and len(low) > len(tail):
            low, ending = low[: -len(tail)], repl
            break
    sequences, letters, out, i = dict(rules["sequences"]), rules["letters"], [], 0
    while i < len(low):
        if low[i:i + 2] in sequences:
            out.append(sequences[low[i:i + 2]])
            i += 2
            continue
        ch, prev = low[i], low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if ch in rules["iotated"] and (not prev or prev in VOWELS + "ъь"):
            out.append(rules["iotated"][ch])
        elif ch == "с" and rules["double_s_between_vowels"] and prev and nxt and {prev, nxt} <= set(VOWELS):
            out.append("ss")
        else:
            out.append(letters.get(ch, ch))
        i += 1
    text = "".join(out) + ending
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


class Latin:
    """Transliteration by scheme, cached per (scheme, string): names repeat, schemes are slow."""

    def __init__(self, schemes: list[str], tables: dict):
        """`tables`: scheme name -> rules for the schemes iuliia lacks (Tables.table_schemes)."""
        self.tables = [tables.get(s) for s in schemes]
        self.schemes = [None if s in tables else getattr(iuliia, s) for s in schemes]
        self.cache: dict = {}
        self.folded: dict = {}

    def __call__(self, text: str, k: int) -> str:
        out = self.cache.get((k, text))
        if out is None:
            schema = self.schemes[k]
            if schema is None:
                out = "".join(_table_word(w, self.tables[k]) if w[:1].isalpha() else w
                              for w in re.split(r"(\W+)", text))
            else:  # some schemes leave ё (BGN/PCGN, scholarly): print it as ë
                out = schema.translate(text).replace("ё", "ë").replace("Ё", "Ë")
            self.cache[(k, text)] = out
        return out

    def fold(self, text: str) -> str:
        """What a hand-typist makes of a diacritic transliteration: plain ASCII."""
        out = self.folded.get(text)
        if out is None:
            out = unicodedata.normalize("NFKD", text).translate(FOLD)
            out = out.encode("ascii", "ignore").decode()
            self.folded[text] = out
        return out


# A clerk writing a name by ear: unstressed vowels as heard (Колесников / Калесников,
# Дементьев / Диментьев), voicing lost at a word's end (Глеб / Глеп, Иванов / Иваноф), a double
# letter heard as one.
BY_EAR = (("о", "а"), ("а", "о"), ("е", "и"), ("и", "е"), ("я", "е"), ("е", "я"), ("б", "п"), ("в", "ф"),
          ("д", "т"), ("з", "с"), ("г", "к"), ("ж", "ш"), ("нн", "н"), ("сс", "с"), ("ъ", "ь"), ("ы", "и"))


def by_ear(word: str, u_pos: float) -> str:
    """One spelling by ear (BY_EAR), never on the first letter; a word with none is left as it is."""
    low = word.lower()
    spots = [(j, a, b) for a, b in BY_EAR for j in range(1, len(low))
             if low.startswith(a, j) and (a in VOWELS or len(a) == 2 or j == len(low) - 1)]
    if not spots:
        return word
    j, a, b = sorted(spots)[min(int(u_pos * len(spots)), len(spots) - 1)]
    new = b.upper() if word[j].isupper() else b
    return word[:j] + new + word[j + len(a):]


def mistype(word: str, kind: int, u_pos: float, u_key: float, keyboard: dict) -> str:
    """One typo, never on the first letter (people rarely mistype it): TYPO_KINDS[kind]; kind 4
    is a spelling by ear (Cyrillic only: a Latin word is left as it is)."""
    n = len(word)
    if n < 3:
        return word
    if kind == 4:
        return by_ear(word, u_pos)
    i = 1 + min(int(u_pos * (n - 1)), n - 2)
    if kind == 1:  # transposition of two different neighbouring letters
        for j in [*range(i, n - 1), *range(1, i)]:
            if word[j] != word[j + 1]:
                return word[:j] + word[j + 1] + word[j] + word[j + 2:]
        kind = 2
    if kind == 3:  # nearby key
        spots = [j for j in range(1, n) if word[j].lower() in keyboard]
        if spots:
            j = spots[min(int(u_pos * len(spots)), len(spots) - 1)]
            near = keyboard[word[j].lower()]
            key = near[min(int(u_key * len(near)), len(near) - 1)]
            return word[:j] + (key.upper() if word[j].isupper() else key) + word[j + 1:]
        kind = 2
    if kind == 0:
        return word[:i] + word[i + 1:]
    return word[:i + 1] + word[i] + word[i + 1:]  # doubling
