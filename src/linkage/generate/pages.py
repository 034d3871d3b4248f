"""Pages: the archived link (source_url) each mention was read from, and group pages naming several.

Reads per-mention person and source indices and the people's household, settlement and region;
returns the source_url column. A group obituary names several dead of one family, one
settlement or one region (REAL-LISTS.md: 17% of a volunteer list's records share a link with
another); everyone else has a page of their own, and a source without pages (url 0) gives none.
"""

from __future__ import annotations

import numpy as np

# Invented hosts (not real sites): the engine compares links for equality, never visits them.
HOSTS = {"obituary": "obituaries.example.ru/news", "cemetery": "graves.example.ru/photo",
         "memorial": "memorial.example.org/person", "social": "social.example.com/wall",
         "news": "news.example.ru/article", "foreign": "press.example.com/world",
         # WWII archive records (generate/wwii.py): one scanned document, as an archive's viewer shows it
         "loss_report": "obd.example.ru/report", "memory_book": "memorybook.example.ru/page",
         "personnel_card": "obd.example.ru/card", "hospital": "obd.example.ru/hospital",
         "burial": "obd.example.ru/burial", "pow_card": "obd.example.ru/pow"}


def _chunks(members: list[int], person: np.ndarray, lo: int, hi: int, rng) -> tuple[list, list]:
    """Pages of lo..hi distinct people from `members` (in order); returns (pages, leftovers)."""
    pages, left, page, size = [], [], [], int(rng.integers(lo, hi + 1))
    for i in members:
        if any(person[j] == person[i] for j in page):  # one person once per page
            left.append(i)
            continue
        page.append(i)
        if len(page) == size:
            pages.append(page)
            page, size = [], int(rng.integers(lo, hi + 1))
    if len(page) >= 2:
        pages.append(page)
    else:
        left += page
    return pages, left


def _group(members: np.ndarray, keys: list[np.ndarray], person: np.ndarray, lo: int, hi: int, rng) -> list:
    """Group pages from `members`, tier by tier: by the first key, then the leftovers by the next.
    A key of "" keeps a mention out of that tier."""
    pages, pool = [], members
    for key in keys:
        by_key: dict = {}
        for i in pool.tolist():
            by_key.setdefault(key[i], []).append(i)
        left = by_key.pop("", [])
        for k in sorted(by_key):
            got, rest = _chunks(by_key[k], person, lo, hi, rng)
            pages += got
            left += rest
        pool = rng.permutation(np.array(sorted(left), dtype=np.int64))
    return pages


def source_urls(person: np.ndarray, src: np.ndarray, sources: list[str], url: np.ndarray,
                household: np.ndarray, settlement: np.ndarray, region: np.ndarray,
                rng: np.random.Generator, cfg) -> tuple[list[str], np.ndarray]:
    """source_url per mention ("" without), and each mention's page number (-1 without)."""
    m = len(person)
    linked = rng.random(m) < url
    grouped = linked & (rng.random(m) < cfg.group_pages)
    kin = np.where((household != "") & (rng.random(m) < cfg.group_kin), household, "")
    town = np.where(rng.random(m) < cfg.group_settlement, settlement, "")
    everywhere = np.full(m, "*", dtype=object)
    page = np.full(m, -1, dtype=np.int64)
    number = 0
    lo, hi = cfg.group_size
    for k in range(len(sources)):
        members = rng.permutation(np.flatnonzero(grouped & (src == k)))
        for group in _group(members, [kin, town, region, everywhere], person, lo, hi, rng):
            page[group] = number
            number += 1
    alone = linked & (page < 0)
    page[alone] = number + np.arange(int(alone.sum()))
    ids = rng.permutation(max(int(page.max()) + 1, 1)) + 100000  # page numbers say nothing of order
    hosts = np.array([HOSTS.get(s, f"{s}.example.org/page") for s in sources], dtype=object)
    urls = "https://web.archive.org/web/2024/https://" + hosts[src] + "/" + ids[np.maximum(page, 0)].astype(str).astype(object)
    return np.where(linked, urls, "").tolist(), page
