"""Surname pools: a Zipf head of common surnames and a long tail derived from stems.

Reads the parsed resources/generator/surnames.json spec of one group; writes nothing.
"""

from __future__ import annotations

import numpy as np

from linkage.generate.config import GeneratorConfig


def _derive_surname(stem: str, vowel_suffix: str, hush_suffix: str) -> str:
    """Male surname from a stem: "Галка" -> Галкин, "Гали" -> Галиев, "Гвоздь" -> Гвоздев; "a|b" -> ab."""
    if "|" in stem:
        head, tail = stem.split("|")
        return head + tail
    last = stem[-1]
    if last in "ьй":
        return stem[:-1] + "ев"
    if last in "ая":
        return stem[:-1] + "ин" if vowel_suffix == "ин" else stem + "ев"
    if last in "оиуыэеёю":
        return stem + "ев"
    if last in "жш":
        return stem + hush_suffix
    return stem + ("ев" if last in "чщ" else "ов")


def feminine_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    return surname  # Монгуш, Шевченко, Ковальчук, Седых do not change


def _pseudo_stems(spec: dict, count: int, rng: np.random.Generator) -> list[str]:
    """Rare surnames from a syllable model (Турыгин, Бредихов): the unbounded part of the tail."""
    keys = ("onsets", "vowels", "medials", "vowels", "codas", "suffixes")
    parts = [list(spec[k]) for k in keys]
    picks = []
    for key in keys:
        w = np.array(list(spec[key].values()), dtype=float)
        picks.append(rng.choice(len(w), size=3 * count, p=w / w.sum()))
    suffixes = parts.pop()
    suffix = picks.pop()
    out: dict[str, None] = {}
    for row in zip(*picks, suffix):
        onset, v1, mid, v2, coda = (p[k] for p, k in zip(parts, row[:5]))
        if mid in "жшчщцгкх" and v2 in "ыяю":  # spelling rules: жи, ши, ки, not жы, шы, кы
            v2 = "иау"["ыяю".index(v2)]
        if onset[-1] in "жшчгкх" and v1 in "ыяю":
            v1 = "иау"["ыяю".index(v1)]
        end = suffixes[row[5]]
        if end == "ых":  # Долгих, Седых: -их after г, к, х
            end = "их" if coda[-1] in "гкх" else "ых" if coda[-1] in "дтнлр" else "ин"
        stem = (onset + v1 + mid + v2 + coda).capitalize()
        if stem[-1] == "ь" or (end == "ов" and stem[-1] in "жшчщц"):
            stem, end = stem.rstrip("ь"), "ев" if end == "ов" else end
        out.setdefault(stem + end)
        if len(out) == count:
            break
    return list(out)


def surname_pool(group: str, spec: dict, cfg: GeneratorConfig) -> tuple[np.ndarray, np.ndarray]:
    """A group's surnames and probabilities: a Zipf head of common names, then a long tail of
    derived names (from stems), compounds (Белоусов) and syllable-model names (Турыгин)."""
    rng = np.random.default_rng(cfg.name_table_seed)
    derived = [_derive_surname(s, spec["vowel_suffix"], spec["hush_suffix"]) for s in spec.get("name_stems", [])]
    derived += [_derive_surname(s, "ин", spec["hush_suffix"]) for s in spec.get("stems", [])]
    derived += [s[:-1] + "енко" if s[-1] in "ьаяо" else s + "енко" for s in spec.get("enko_stems", [])]
    derived += spec.get("fixed_tail", [])
    kinds = {"derived": derived,
             "compound": [a + "о" + b + "ов" for a in spec.get("compound_first", [])
                          for b in spec.get("compound_second", [])],
             "pseudo": _pseudo_stems(spec["pseudo"], cfg.surname_pseudo, rng) if "pseudo" in spec else []}
    head = spec["head"]
    names, weights, seen = list(head), [], set(head)
    offset = np.arange(1, len(head) + 1) + cfg.surname_zipf_offset
    head_w = 1.0 / offset ** cfg.surname_zipf
    present = {k: v for k, v in kinds.items() if v}
    head_share = cfg.surname_head.get(group, 0.6) if present else 1.0
    weights.append(head_share * head_w / head_w.sum())
    mix = sum(cfg.surname_tail_mix.get(k, 0.0) for k in present) or 1.0
    for kind, pool in present.items():
        fresh = [s for s in pool if not (s in seen or seen.add(s))]
        w = rng.lognormal(0.0, cfg.surname_tail_sigma, len(fresh))
        weights.append((1 - head_share) * cfg.surname_tail_mix.get(kind, 0.0) / mix * w / w.sum())
        names += fresh
    weights = np.concatenate(weights)
    return np.array(names, dtype=object), weights / weights.sum()
