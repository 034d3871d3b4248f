# ruff: noqa: C408  (data tables read best as dict(...) and "a b c".split())
"""Transliteration schemes, per outlet and per person.

The German (Duden), Polish, French, Czech, Ukrainian-national and ad-hoc ASCII schemes are
hand-written here on purpose (the brief asks for schemes nobody tuned the engine to, and
iuliia does not carry the press conventions); the standard ones (Wikipedia, BGN/PCGN, ICAO,
MVD, ALA-LC, ISO 9, scientific, GOST, Telegram) come from iuliia. Every call is cached per
(scheme, word): a list of a million mentions holds only tens of thousands of distinct words.
"""

from __future__ import annotations

from functools import cache

import iuliia

VOWELS = set("аеёиоуыэюяієїАЕЁИОУЫЭЮЯІЄЇ")
SIGNS = set("ъьЪЬ'")
HUSHING = set("жшчщцЖШЧЩЦ")

# Base letter tables. Context rules (e/ё/ю/я after vowels, -ий/-ый/-ов endings, s between
# vowels) are applied in _hand().
_BASE = {
    "de": dict(а="a", б="b", в="w", г="g", д="d", е="e", ё="jo", ж="sch", з="s", и="i", й="j",
               к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
               х="ch", ц="z", ч="tsch", ш="sch", щ="schtsch", ъ="", ы="y", ь="", э="e",
               ю="ju", я="ja"),
    "pl": dict(а="a", б="b", в="w", г="g", д="d", е="e", ё="io", ж="ż", з="z", и="i", й="j",
               к="k", л="ł", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
               х="ch", ц="c", ч="cz", ш="sz", щ="szcz", ъ="", ы="y", ь="", э="e", ю="iu",
               я="ia"),
    "fr": dict(а="a", б="b", в="v", г="g", д="d", е="e", ё="io", ж="j", з="z", и="i", й="ï",
               к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="ou", ф="f",
               х="kh", ц="ts", ч="tch", ш="ch", щ="chtch", ъ="", ы="y", ь="", э="e", ю="iou",
               я="ia"),
    "cs": dict(а="a", б="b", в="v", г="g", д="d", е="e", ё="jo", ж="ž", з="z", и="i", й="j",
               к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
               х="ch", ц="c", ч="č", ш="š", щ="šč", ъ="", ы="y", ь="ʼ", э="e", ю="ju",
               я="ja"),
    # ad-hoc ASCII as typed by people who know no standard: several flavours
    "adhoc1": dict(а="a", б="b", в="v", г="g", д="d", е="e", ё="e", ж="zh", з="z", и="i", й="y",
                   к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
                   х="kh", ц="ts", ч="ch", ш="sh", щ="sch", ъ="", ы="y", ь="'", э="e", ю="yu",
                   я="ya"),
    "adhoc2": dict(а="a", б="b", в="v", г="g", д="d", е="e", ё="yo", ж="zh", з="z", и="i", й="i",
                   к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
                   х="h", ц="c", ч="ch", ш="sh", щ="sh", ъ="", ы="i", ь="", э="e", ю="iu",
                   я="ia"),
    "adhoc3": dict(а="a", б="b", в="v", г="g", д="d", е="e", ё="io", ж="j", з="z", и="i", й="j",
                   к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s", т="t", у="u", ф="f",
                   х="x", ц="tz", ч="ch", ш="sh", щ="shch", ъ="", ы="y", ь="i", э="e", ю="ju",
                   я="ja"),
    # Ukrainian national romanisation (2010) for Ukrainian Cyrillic forms
    "ua": dict(а="a", б="b", в="v", г="h", ґ="g", д="d", е="e", є="ie", ж="zh", з="z", и="y",
               і="i", ї="i", й="i", к="k", л="l", м="m", н="n", о="o", п="p", р="r", с="s",
               т="t", у="u", ф="f", х="kh", ц="ts", ч="ch", ш="sh", щ="shch", ь="", ю="iu",
               я="ia", ё="io", ы="y", э="e", ъ=""),
}
# Iotated vowels at the start of a word or after a vowel or sign.
_IOTATED = {
    "de": dict(е="je", ё="jo", ю="ju", я="ja"), "pl": dict(е="je", ё="jo", ю="ju", я="ja"),
    "fr": dict(е="ie", ё="io", ю="iou", я="ia"), "cs": dict(е="je", ё="jo", ю="ju", я="ja"),
    "adhoc1": dict(е="ye", ё="yo", ю="yu", я="ya"), "adhoc2": dict(е="e", ё="yo", ю="yu", я="ya"),
    "adhoc3": dict(е="je", ё="jo", ю="ju", я="ja"), "ua": dict(є="ye", ї="yi", й="y", ю="yu", я="ya"),
}
# Word endings replaced as a whole.
_ENDINGS = {
    "de": [("ский", "ski"), ("ий", "i"), ("ый", "y"), ("ов", "ow"), ("ев", "ew"), ("ёв", "jow")],
    "pl": [("ский", "ski"), ("ий", "ij"), ("ый", "y"), ("ов", "ow"), ("ев", "ew"), ("ёв", "jow")],
    "fr": [("ский", "ski"), ("ий", "i"), ("ый", "y"), ("ёв", "iov")],
    "cs": [("ский", "skij"), ("ий", "ij"), ("ый", "yj")],
    "adhoc1": [("ий", "iy"), ("ый", "iy")], "adhoc2": [("ий", "ii"), ("ый", "yi")],
    "adhoc3": [("ий", "y"), ("ый", "y"), ("ёв", "yov")], "ua": [],
}
_IULIIA = {
    "wikipedia": iuliia.WIKIPEDIA, "bgn": iuliia.BGN_PCGN, "icao": iuliia.ICAO_DOC_9303,
    "mvd310": iuliia.MVD_310, "mvd782": iuliia.MVD_782, "alalc": iuliia.ALA_LC,
    "iso9": iuliia.ISO_9_1968, "scientific": iuliia.SCIENTIFIC, "gost779": iuliia.GOST_779,
    "telegram": iuliia.TELEGRAM, "yandex": iuliia.YANDEX_MAPS,
}
HAND_SCHEMES = tuple(_BASE)
IULIIA_SCHEMES = tuple(_IULIIA)
ALL_SCHEMES = HAND_SCHEMES + IULIIA_SCHEMES


def _hand(word: str, scheme: str) -> str:
    """Transliterate one word with a hand-written scheme (context rules included)."""
    base, iot = _BASE[scheme], _IOTATED[scheme]
    low = word.lower()
    tail = ""
    for ending, latin in _ENDINGS[scheme]:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            low, tail = low[: -len(ending)], latin
            if ending == "ёв" and low[-1] in HUSHING:
                tail = latin[-2:] if scheme != "fr" else "ov"
            break
    out = []
    prev = ""
    for i, ch in enumerate(low):
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if ch in iot and (prev == "" or prev in VOWELS or prev in SIGNS or prev == "-"):
            piece = iot[ch]
        elif ch == "с" and scheme in ("de", "fr") and prev in VOWELS and nxt in VOWELS:
            piece = "ss"
        elif ch == "ё" and prev in HUSHING:
            piece = "o"
        elif ch == "л" and scheme == "pl" and nxt in ("ь", "и", "я", "ю", "е", "ё"):
            piece = "l"
        elif ch == "г" and scheme == "fr" and nxt in ("е", "и", "ы"):
            piece = "gu"
        else:
            piece = base.get(ch, ch)
        out.append(piece)
        prev = ch
    text = "".join(out) + tail
    return _case_like(word, text)


def _case_like(source: str, text: str) -> str:
    if not text:
        return text
    if source.isupper() and len(source) > 1:
        return text.upper()
    if source[:1].isupper():
        # keep hyphenated parts capitalised as in the source
        parts = text.split("-")
        src_parts = source.split("-")
        return "-".join(p[:1].upper() + p[1:] if s[:1].isupper() else p
                        for p, s in zip(parts, src_parts + [""] * len(parts)))
    return text


@cache
def translit(word: str, scheme: str) -> str:
    """One word in one scheme; Latin input is returned unchanged."""
    if not word or not any("\u0400" <= c <= "\u04ff" for c in word):
        return word
    if scheme in _BASE:
        return _hand(word, scheme)
    out = _IULIIA[scheme].translate(word)
    if any("\u0400" <= c <= "\u04ff" for c in out):  # some iuliia schemes keep ё / і
        out = _IULIIA[scheme].translate(word.replace("ё", "е").replace("Ё", "Е"))
        out = "".join(c if not ("\u0400" <= c <= "\u04ff") else _BASE["adhoc1"].get(c.lower(), "")
                      for c in out)
    return out


def translit_text(text: str, scheme: str) -> str:
    """Transliterate every space-separated word of a text."""
    return " ".join(translit(w, scheme) for w in text.split(" "))
