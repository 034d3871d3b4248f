"""habits.json: every knob the seed drew, every outlet's habits, and realised counts.

Reads the built world, plan and rendered lines; returns a JSON-ready dict.
"""
import collections
import csv

COLS = ["record_id", "source", "full_name", "first_name", "patronymic", "surname", "birth_date", "death_date",
        "age", "region", "settlement", "unit", "rank", "source_url"]
OUTLET_KEYS_DROP = {"scheme_cfg", "region_forms", "settle_styles", "unit_forms", "rank_forms"}


def pairs(counter):
    return sum(c * (c - 1) // 2 for c in counter.values())


def namesakes(people):
    fs = collections.Counter((p.first, p.sur) for p in people)
    fps = collections.Counter((p.first, p.patr, p.sur) for p in people)
    fsr = collections.Counter((p.first, p.sur, p.region.key) for p in people)
    return {"same_first_surname_pairs": pairs(fs), "same_full_name_pairs": pairs(fps),
            "same_first_surname_region_pairs": pairs(fsr),
            "people_with_a_namesake": sum(c for c in fs.values() if c > 1),
            "most_common_first_surname": [[f"{a} {b}", c] for (a, b), c in fs.most_common(10)]}


def households(people):
    hh = collections.defaultdict(list)
    for p in people:
        if p.hid:
            hh[p.hid].append(p.relation)
    kinds = collections.Counter("+".join(sorted(v)) for v in hh.values())
    return {"households": len(hh), "people_in_households": sum(len(v) for v in hh.values()),
            "by_composition": dict(sorted(kinds.items()))}


def pages(people, pl):
    owners = collections.defaultdict(set)
    n_records = collections.Counter()
    for p in people:
        for _, page, _ in p.plan:
            owners[page].add(p.pid)
            n_records[page] += 1
    total = sum(n_records.values())
    shared_other = sum(n_records[pg] for pg, o in owners.items() if len(o) > 1)
    shared_any = sum(c for c in n_records.values() if c > 1)
    sizes = collections.Counter(min(len(o), 10) for o in owners.values())
    return {"share_records_sharing_url_with_another_man": round(shared_other / total, 4),
            "share_records_sharing_url_with_any_record": round(shared_any / total, 4),
            "pages": len(owners), "men_per_page_histogram(10=10+)": dict(sorted(sizes.items()))}


def fill_rates(lines):
    filled = [0] * 13
    n = 0
    for row in csv.reader(lines):
        n += 1
        for i, v in enumerate(row):
            if v:
                filled[i] += 1
    return {COLS[i + 1]: round(filled[i] / max(n, 1), 4) for i in range(13)}


def habits(gen, args, k, centres, outlets, people, pl, lines, seconds):
    m_hist = collections.Counter(min(p.m, 30) for p in people)
    by_type = collections.Counter()
    by_label = collections.Counter()
    copies = 0
    for p in people:
        for o, _, base in p.plan:
            by_type[outlets[o]["type"]] += 1
            by_label[outlets[o]["label"]] += 1
            copies += base >= 0
    return {
        "generator": gen,
        "args": {"mentions": args.mentions, "seed": args.seed},
        "knobs": k,
        "source_type_centres": {t: {a: b for a, b in c.items() if a != "_ranges"} for t, c in centres.items()},
        "source_type_ranges": {t: c["_ranges"] for t, c in centres.items()},
        "outlets": [{a: b for a, b in o.items() if a not in OUTLET_KEYS_DROP} for o in outlets],
        "realised": {
            "mentions": len(lines), "people": len(people),
            "women": sum(p.female for p in people),
            "mentions_per_person_histogram(30=30+)": dict(sorted(m_hist.items())),
            "max_mentions_of_one_man": max(p.m for p in people),
            "records_by_source_type": dict(sorted(by_type.items())),
            "distinct_source_labels": len(by_label),
            "records_copied_from_another_mention": copies,
            "ethnic_groups": dict(collections.Counter(p.eth for p in people).most_common()),
            "categories": dict(collections.Counter(p.category for p in people).most_common()),
            "namesakes": namesakes(people),
            "households": households(people),
            "urls": pages(people, pl),
            "fill_rates": fill_rates(lines),
            "seconds": round(seconds, 1),
        },
    }
