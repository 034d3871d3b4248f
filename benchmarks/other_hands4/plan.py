"""Who is mentioned where: outlets per mention, shared pages, copies and their URLs.

Reads people (with their mention counts) and outlets; sets `p.plan`, a list of
[outlet index, page index, base mention index] per man, and returns the page
URLs.  Group pages (REAL-LISTS line 12: 17% of records share a link) come from
relatives on one obituary and from a district's or a unit's losses on one
page; copies cite the page they copied (REAL-HABITS line 27).
"""
import datetime

from sources import PRIMARY, TYPES, pick
from world import Sampler

# Who writes about whom: prisoners and mercenaries are found on cemetery surveys
# far more than in obituaries; officers draw the press.
CAT_MULT = {
    "prisoner": {"cemetery": 4.0, "news": 0.4, "official": 0.3, "social": 0.6, "foreign": 0.5},
    "pmc": {"cemetery": 2.5, "news": 0.6, "official": 0.4},
    "police": {"official": 1.6},
    "officer": {"news": 1.5, "foreign": 3.0, "memorial": 1.5, "osint": 1.5},
}
GROUP_TYPES = ("news", "official", "social", "cemetery", "foreign")
OFFICERS = {"млл", "л", "стл", "кап", "м", "пп", "п", "гм"}


class Planner:
    def __init__(self, rng, k, outlets):
        self.rng, self.k, self.outlets = rng, k, outlets
        self.local, self.national = {}, {}
        for o in outlets:
            if o["region"]:
                self.local.setdefault((o["type"], o["region"]), []).append(o["idx"])
            else:
                self.national.setdefault(o["type"], []).append(o["idx"])
        self.mix = {}
        self.primary_mix = Sampler((t, k["type_mix"][t]) for t in PRIMARY)
        self.urls = []
        self.page_outlet = []
        self.counters = [0] * len(outlets)

    def mix_for(self, p):
        key = "officer" if p.rank in OFFICERS else p.category
        s = self.mix.get(key)
        if s is None:
            mult = CAT_MULT.get(key, {})
            s = self.mix[key] = Sampler((t, self.k["type_mix"][t] * mult.get(t, 1.0)) for t in TYPES)
        return s

    def outlet_for(self, t, p):
        rng = self.rng
        reg = p.home_region.key if rng.random() < 0.4 else p.region.key
        loc = self.local.get((t, reg))
        if loc and (t != "memorial" or rng.random() < 0.5) and rng.random() < 0.88:
            return loc[int(rng.random() * len(loc))]
        nat = self.national.get(t) or loc
        return nat[int(rng.random() * len(nat))]

    def plan_person(self, p):
        rng = self.rng
        mix = self.mix_for(p)
        types = [mix.draw(rng) for _ in range(p.m)]
        if not any(t in PRIMARY for t in types):
            types[0] = self.primary_mix.draw(rng)
        types.sort(key=lambda t: t not in PRIMARY)  # stable: primaries first
        plan, prim = [], []
        for i, t in enumerate(types):
            o = self.outlet_for(t, p)
            base = -1
            if t not in PRIMARY and prim and rng.random() < self.outlets[o]["p_copy"]:
                base = prim[int(rng.random() * len(prim))]
            elif t in PRIMARY:
                prim.append(i)
            plan.append([o, -1, base])
        p.plan = plan

    # ------------------------------------------------------------------ pages
    def new_page(self, o, when):
        out = self.outlets[o]
        self.counters[o] += 1
        n = out["url_start"] + self.counters[o] * out["url_step"] + int(self.rng.random() * out["url_step"])
        self.urls.append(make_url(out, when, n, self.rng))
        self.page_outlet.append(o)
        return len(self.urls) - 1

    def household_pages(self, people):
        rng, k = self.rng, self.k
        seen = set()
        for p in people:
            if not p.hid or p.hid in seen:
                continue
            seen.add(p.hid)
            if rng.random() >= k["p_household_page"]:
                continue
            members = [p] + p.kin
            lead = p.plan[0]
            t = self.outlets[lead[0]]["type"]
            if t not in ("news", "official", "social"):
                lead[0] = self.outlet_for(pick(rng, [("news", 5), ("social", 4), ("official", 2)]), p)
            page = self.new_page(lead[0], max(q.death for q in members) + int(rng.random() * 20))
            lead[1] = page
            for q in p.kin:
                slot = q.plan[0]
                slot[0], slot[1] = lead[0], page

    def group_pages(self, people):
        """A district's or a unit's losses on one page: runs of men close in death date."""
        rng, k = self.rng, self.k
        by_outlet = {}
        for p in people:
            for j, slot in enumerate(p.plan):
                if slot[1] < 0 and slot[2] < 0 and self.outlets[slot[0]]["type"] in GROUP_TYPES:
                    # cemetery pages list one graveyard; other pages one week's losses
                    key = p.settle[1] if self.outlets[slot[0]]["type"] == "cemetery" else ""
                    by_outlet.setdefault(slot[0], []).append((key, p.death, p.pid, p, j))
        for o in sorted(by_outlet):
            items = sorted(by_outlet[o], key=lambda x: (x[0], x[1], x[2]))
            start = k["p_group_start"][self.outlets[o]["type"]]
            i = 0
            while i < len(items):
                if rng.random() < start and i + 1 < len(items):
                    size = 2
                    while rng.random() < k["group_grow"] and size < 12:
                        size += 1
                    chunk, used = [], set()
                    for it in items[i:i + size]:
                        if it[2] not in used:
                            used.add(it[2])
                            chunk.append(it)
                    if len(chunk) > 1:
                        page = self.new_page(o, chunk[-1][1] + int(rng.random() * 14))
                        for _, _, _, q, j in chunk:
                            q.plan[j][1] = page
                    i += size
                else:
                    i += 1

    def own_pages(self, people):
        rng = self.rng
        for p in people:
            for slot in p.plan:
                if slot[1] < 0 and slot[2] < 0:
                    slot[1] = self.new_page(slot[0], p.death + int(rng.random() * 40))
            for slot in p.plan:
                if slot[2] >= 0:
                    base = p.plan[slot[2]]
                    if rng.random() < self.outlets[slot[0]]["p_cite"]:
                        slot[1] = base[1]
                    else:
                        slot[1] = self.new_page(slot[0], p.death + int(rng.random() * 200))


def plan_all(rng, k, outlets, people):
    pl = Planner(rng, k, outlets)
    for o in outlets:
        o["url_start"] = 1000 + int(rng.random() * 200000)
        o["url_step"] = 1 + int(rng.random() ** 3 * 40)
        o["domain"] = make_domain(o, rng)
    for p in people:
        pl.plan_person(p)
    pl.household_pages(people)
    pl.group_pages(people)
    pl.own_pages(people)
    return pl


# ------------------------------------------------------------------ URLs
NEWS_TLD = ["-news.ru", ".ru", "24.ru", "-inform.ru", ".info", "-online.ru", "-vesti.ru", "pravda.ru"]
PAPER = {"en": ["dailyherald", "theobserver", "morningpost", "worldtimes", "thechronicle", "eveningnews"],
         "de": ["tagesblatt", "allgemeine", "rundschau", "morgenpost", "nachrichten"],
         "fr": ["lequotidien", "lexpress-monde", "ledepeche", "laliberte"],
         "pl": ["gazeta-dzienna", "wiadomosci", "kurier", "dziennik-polski"]}
TLD = {"en": ["com", "co.uk", "com"], "de": ["de", "at"], "fr": ["fr", "be"], "pl": ["pl"]}


def make_domain(o, rng):
    t, name = o["type"], o["name"].split(":", 1)[1]
    base = name.rsplit("-", 1)[0]
    if t == "news":
        return base + NEWS_TLD[int(rng.random() * len(NEWS_TLD))]
    if t == "official":
        return pick(rng, [(f"adm-{base}.ru", 4), (f"t.me/gubernator_{base}", 3), ("vk.com", 3)])
    if t == "social":
        return pick(rng, [("vk.com", 6), (f"t.me/{base}_{name[-1]}", 3), ("ok.ru", 1)])
    if t == "cemetery":
        return f"pogost-foto{name}.ru"
    if t == "memorial":
        return f"pamyat-{base}.ru" if "book" in name else f"memorial-baza{name}.org"
    if t == "volunteer":
        return "docs.google.com/spreadsheets/d/" + "".join(
            "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-"[int(rng.random() * 61)] for _ in range(44))
    if t == "osint":
        return f"osint-losses{name}.org"
    lang = o["lang"]
    return "www." + PAPER[lang][int(rng.random() * len(PAPER[lang]))] + "." + TLD[lang][int(rng.random() * len(TLD[lang]))]


def make_url(o, when, n, rng):
    d = datetime.date.fromordinal(min(when, datetime.date(2026, 2, 28).toordinal()))
    dom, t = o["domain"], o["type"]
    if dom == "vk.com":
        return f"https://vk.com/wall-{o['url_start'] % 9000000 + 100000}_{n}"
    if dom == "ok.ru":
        return f"https://ok.ru/group/{o['url_start'] * 7919 % 10**14}/topic/{n}"
    if dom.startswith("t.me/"):
        return f"https://{dom}/{n % 100000}"
    if t == "news":
        return pick(rng, [(f"https://{dom}/news/{d.year}/{d.month:02d}/{d.day:02d}/{n}/", 4),
                          (f"https://{dom}/text/society/{d.year}/{d.month:02d}/{d.day:02d}/{n}/", 2),
                          (f"https://www.{dom}/news/{n}", 3)])
    if t == "official":
        return f"https://{dom}/news/{n}/"
    if t == "cemetery":
        return f"https://{dom}/grave/{n}"
    if t == "memorial":
        return f"https://{dom}/person/{n}"
    if t == "volunteer":
        return f"https://{dom}/edit#gid=0&range=A{n % 50000}"
    if t == "osint":
        return f"https://{dom}/entry/{n}"
    return f"https://{dom}/world/{d.year}/{d.month:02d}/{d.day:02d}/russia-war-losses-{n}"
