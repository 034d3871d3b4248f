"""From people to mention rows: one slot per mention (source type, outlet, publication date),
reposts, group pages that share a URL (households, villages, units, regional roundups), URLs."""

import datetime as dt

import knobs
import render_fields as RF
import render_name as RN
from noise import typo
from world import Sampler

PAGE_TYPES = {
    "official": [("set", 2), ("reg", 3)],
    "obituary": [("set", 4), ("unit", 1)],
    "social": [("set", 3), ("unit", 1)],
    "memorial": [("set", 1)],
    "osint": [("unit", 3), ("reg", 1)],
}
SNAPSHOT = dt.date(
    2026, 2, 15
).toordinal()  # the lists are as of early 2026: nothing is published later
BUCKET_DAYS = {"set": 60, "reg": 10, "unit": 21}
REPOSTABLE = ("obituary", "official", "social", "osint")
PAT_ENDS = ("ич", "на", "ich", "na", "ych", "itsch", "itch", "icz", "ič", "оглы", "угли")


class Slots:
    def __init__(self, people, habits, outlets, rng):
        self.h, self.t, self.outlets, self.rng = habits, habits["text"], outlets, rng
        src = habits["sources"]
        self.srcs = Sampler(knobs.SOURCES, [src[s]["share"] for s in knobs.SOURCES])
        self.pid, self.src, self.out, self.pub, self.rep, self.grp = [], [], [], [], [], []
        self.first = []  # first slot index of each person
        total = sum(p.n for p in people)
        p_rep = min(0.5, self.t["repost_rate"] * total / max(1, total - len(people)))
        for p in people:
            self._person(p, p_rep)
        self.urls = [None] * len(self.pid)

    def _person(self, p, p_rep):
        rng = self.rng
        start = len(self.pid)
        self.first.append(start)
        for j in range(p.n):
            rep = -1
            if j and rng.random() < p_rep:
                cands = [i for i in range(start, start + j) if self.src[i] in REPOSTABLE]
                rep = rng.choice(cands) if cands else -1
            if rep >= 0:
                s = self.src[rep] if rng.random() < 0.6 else "social"
            else:
                s = self.srcs(rng)
            self._add(p, s, rep)

    def _add(self, p, s, rep):
        rng = self.rng
        reg = p.res_reg if rng.random() < 0.85 else p.reg
        self.pid.append(p.pid)
        self.src.append(s)
        self.out.append(self.outlets.pick(s, reg, rng))
        self.pub.append(min(SNAPSHOT, p.dd + self.outlets.lag(s, rng)))
        self.rep.append(rep)
        self.grp.append(-1)

    def own(self, p):
        return range(self.first[p.pid], self.first[p.pid] + p.n)


class Pages:
    """Group pages: one URL naming several people (brothers, one village, one unit, a roundup)."""

    def __init__(self, slots, people, households, rng):
        self.s, self.people, self.rng = slots, people, rng
        self.groups = []
        t = slots.t
        for hh in households:
            self._household(hh, t)
        target = t["url_share"] * len(slots.pid)
        self._fill(target)

    def shared(self):
        return sum(len(g) for g in self.groups)

    def _household(self, hh, t):
        rng, s = self.rng, self.s
        members = [self.people[i] for i in hh["members"]]
        together = len({p.dd for p in members}) == 1
        if rng.random() >= (t["hh_page_together"] if together else t["hh_page_apart"]):
            return
        src = Sampler(["obituary", "official", "social", "memorial"], [5, 2.5, 1.5, 1])(rng)
        outlet = s.outlets.pick(src, members[0].res_reg, rng)
        chosen = []
        for p in members:
            own = [i for i in s.own(p) if s.rep[i] < 0 and s.grp[i] < 0]
            same = [i for i in own if s.src[i] == src]
            i = same[0] if same else own[0]
            s.src[i] = src
            chosen.append(i)
        self._group(chosen, outlet)

    def _group(self, idx, outlet):
        s, gid = self.s, len(self.groups)
        pub = min(
            SNAPSHOT,
            max(self.people[s.pid[i]].dd for i in idx) + s.outlets.lag(s.src[idx[0]], self.rng),
        )
        for i in idx:
            s.grp[i], s.out[i], s.pub[i] = gid, outlet, pub
        self.groups.append(idx)

    def _fill(self, target):
        rng, s = self.rng, self.s
        buckets = {}
        for i, src in enumerate(s.src):
            if src not in PAGE_TYPES or s.rep[i] >= 0 or s.grp[i] >= 0:
                continue
            kinds = PAGE_TYPES[src]
            kind = (
                Sampler([k for k, _ in kinds], [w for _, w in kinds])(rng)
                if len(kinds) > 1
                else kinds[0][0]
            )
            p = self.people[s.pid[i]]
            key = {"set": p.res_set, "reg": p.res_reg, "unit": p.unit}[kind]
            buckets.setdefault((src, kind, key, p.dd // BUCKET_DAYS[kind]), []).append(i)
        keys = [k for k, v in buckets.items() if len(v) > 1]
        keys.sort(key=str)
        rng.shuffle(keys)
        shared = self.shared()
        for key in keys:
            if shared >= target:
                break
            shared += self._split(buckets[key], target - shared)

    def _split(self, idx, room):
        rng, s = self.rng, self.s
        rng.shuffle(idx)
        made = 0
        while len(idx) >= 2 and made < room:
            size = min(len(idx), 2 + min(6, int(rng.expovariate(0.8))))
            group, seen = [], set()
            for i in idx[:size]:
                if s.pid[i] not in seen:
                    seen.add(s.pid[i])
                    group.append(i)
            idx = idx[size:]
            if len(group) >= 2:
                self._group(group, s.out[group[0]])
                made += len(group)
        return made


def assign_urls(slots, pages, people, rng):
    s = slots
    for g in pages.groups:
        u = s.out[g[0]].url(s.pub[g[0]], rng)
        for i in g:
            s.urls[i] = u
    for i in range(len(s.pid)):
        if s.urls[i] is None:
            o = s.out[i]
            s.urls[i] = "" if rng.random() < o.r["no_url"] else o.url(s.pub[i], rng)
    for p in people:
        _citations(s, p, rng)


def _citations(s, p, rng):
    """Volunteer lists and OSINT channels often cite the obituary itself, sometimes several links."""
    own = list(s.own(p))
    for i in own:
        o = s.out[i]
        if s.src[i] not in ("volunteer", "osint", "foreign"):
            continue
        others = [
            s.urls[j]
            for j in own
            if j != i and s.urls[j] and s.src[j] not in ("volunteer", "osint")
        ]
        if not others:
            continue
        if rng.random() < o.r["cite_other"]:
            s.urls[i] = rng.choice(others)
        if rng.random() < o.r["multi_url"]:
            extra = rng.sample(others, min(len(others), rng.randint(1, 2)))
            sep = rng.choice([" ; ", ", ", " ", " ; ", ", ", "\n"])
            s.urls[i] = sep.join([s.urls[i]] + [e for e in extra if e != s.urls[i]]).strip()


def render_rows(slots, people, places, units, rng):
    s, t = slots, slots.t
    rows = []
    for i in range(len(s.pid)):
        p = people[s.pid[i]]
        if s.rep[i] >= 0:
            row = _repost(rows[s.rep[i]], s.src[i], t, rng)
        else:
            row = _render(p, s.out[i], s.pub[i], t, places, units, rng)
        row[12] = s.urls[i]
        rows.append(row)
    return rows


def _render(p, o, pub, t, places, units, rng):
    r = o.r
    full, g, pat, sur = RN.cells(p, o, t, rng)
    birth, forced = RF.birth_cell(p, o, t, rng)
    death = RF.death_cell(p, o, t, pub, rng)
    age = RF.age_cell(p, o, t, pub, forced, rng)
    kind = o.cats["set_kind"](rng)
    sid = p.birth_set if kind == "birth" else p.res_set if kind == "res" else p.bur_set
    region = RF.region_cell(places.region[sid], o, t, rng) if rng.random() < r["region"] else ""
    settle = RF.settlement_cell(sid, places, o, t, rng) if rng.random() < r["settlement"] else ""
    unit = RF.unit_cell(units.units[p.unit], o, t, rng) if rng.random() < r["unit"] else ""
    rank = RF.rank_cell(p.rank, o, t, rng) if rng.random() < r["rank"] else ""
    return [o.src, full, g, pat, sur, birth, death, age, region, settle, unit, rank, ""]


def _repost(orig, src, t, rng):
    """A repost copies the original, verbatim or with one small change."""
    row = list(orig)
    row[0] = src
    if rng.random() < t["repost_exact"]:
        return row
    u = rng.random()
    filled = [c for c in (5, 6, 7, 8, 9, 10, 11) if row[c]]
    if u < 0.4 and filled:
        row[rng.choice(filled)] = ""
    elif u < 0.6 and row[1]:
        row[1] = row[1].upper() if rng.random() < 0.5 else row[1].title()
    elif u < 0.8 and row[1].count(" ") == 2:
        toks = row[1].split(" ")
        for k in (1, 2):
            if toks[k].lower().endswith(PAT_ENDS):
                del toks[k]
                break
        row[1] = " ".join(toks)
    elif row[1]:
        row[1] = typo(row[1], rng, 0.1)
    return row
