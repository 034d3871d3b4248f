"""Households of the dead (brothers, twins, fathers and sons, cousins) and how often each man is mentioned.

Reads a Population; returns the covered people (at least one mention each), with
household ids set only where two relatives are both covered.  REAL-HABITS line
30: brothers share surname and patronymic, sons' patronymics come from the
father's name, twins share a birth date, cousins share surname and region.
"""
import bisect
import datetime

import names as N


def mention_count_table(k):
    """Cumulative table for mentions per man: many once, a heavy tail (REAL-LISTS line 12: 46% of records cite one link, 4% four or more)."""
    mmax, a, p1, c = k["m_max"], k["m_alpha"], k["p_single_mention"], k["m_offset"]
    tail = [1.0 / ((j + c) ** a) for j in range(1, mmax)]
    t = sum(tail)
    cum, acc = [p1], p1
    for w in tail:
        acc += (1 - p1) * w / t
        cum.append(acc)
    cum[-1] = 1.0
    return cum


def draw_m(rng, cum):
    return bisect.bisect_left(cum, rng.random()) + 1


def _years(o):
    return datetime.date.fromordinal(o).year


class Builder:
    def __init__(self, pop, rng, k):
        self.pop, self.rng, self.k = pop, rng, k
        self.cum = mention_count_table(k)
        self.nh = 0

    def sibling(self, a, twin=False):
        rng, pop = self.rng, self.pop
        same_event = rng.random() < (self.k["p_twins_same_event"] if twin else self.k["p_same_event"])
        death = a.death + int(rng.random() * 4) if same_event else pop.death_s.draw(rng)
        b = pop.new_person(region=a.region, eth=a.eth, death=death,
                           cat=a.category if same_event else None, male=True)
        b.sur, b.father, b.patr, b.alt_sur = a.sur, a.father, a.patr, ""
        if twin:
            b.birth = a.birth
        else:
            gap = int(365 * (1 + rng.random() * 11)) * (1 if rng.random() < 0.5 else -1)
            b.birth = a.birth + gap
            if not 18 <= (b.death - b.birth) / 365.25 <= 64:
                b.birth = a.birth - gap
                if not 18 <= (b.death - b.birth) / 365.25 <= 64:
                    b.birth = b.death - int(365.25 * (19 + rng.random() * 10))
        by = _years(b.birth)
        for _ in range(12):
            b.first = pop.given(b.eth, by)
            if b.first != a.first:
                break
        if rng.random() < self.k["p_sibling_same_settlement"]:
            b.home_region, b.settle = a.home_region, a.settle
        if same_event:
            b.unit = a.unit
        return b

    def father_son(self):
        rng, pop = self.rng, self.pop
        son = pop.new_person(age=19 + int(rng.random() * 13), male=True)
        gap = int(365.25 * (19 + rng.random() * 14))
        fa_birth = son.birth - gap
        death = pop.death_s.draw(rng)
        if rng.random() < self.k["p_same_event"] * 0.5:
            death = son.death + int(rng.random() * 3)
        age = int((death - fa_birth) / 365.25)
        if age > 68:
            fa_birth = death - int(365.25 * (60 + rng.random() * 8))
            age = int((death - fa_birth) / 365.25)
        fa = pop.new_person(region=son.region, eth=son.eth, death=death, age=age,
                            cat="volunteer" if rng.random() < 0.5 else "mobilised", male=True)
        fa.birth = fa_birth
        fa.first = son.father
        fa.sur = son.sur
        fa.home_region, fa.settle = son.home_region, son.settle
        if rng.random() < self.k["p_named_after_father"]:
            son.first = fa.first
        return [fa, son], ["father", "son"]

    def cousin(self, a):
        rng, pop = self.rng, self.pop
        b = pop.new_person(region=a.region, eth=a.eth, male=True)
        b.sur = a.sur
        for _ in range(12):
            f = pop.father_name(b.eth, _years(b.birth))
            if f != a.father:
                break
        b.father = f
        if b.patr:
            b.patr = N.patronymic(f, False, "oglu" if " оглы" in b.patr else "ru")
        if rng.random() < 0.5:
            b.home_region, b.settle = a.home_region, a.settle
        return b

    def household(self):
        """One household: its members and their relations."""
        rng, pop = self.rng, self.pop
        t = pop.hh_s.draw(rng)
        if t == "single":
            return [pop.new_person()], [""]
        if t == "father_son":
            return self.father_son()
        a = pop.new_person(male=True)
        if t == "cousins":
            return [a, self.cousin(a)], ["cousin", "cousin"]
        if t == "twins":
            return [a, self.sibling(a, twin=True)], ["twin", "twin"]
        n = 3 if rng.random() < self.k["p_three_brothers"] else 2
        out = [a] + [self.sibling(a) for _ in range(n - 1)]
        return out, ["brother"] * n


def build(pop, rng, k, n_mentions):
    """People until their mentions add up to exactly n_mentions."""
    b = Builder(pop, rng, k)
    people, total, hh_no = [], 0, 0
    while total < n_mentions:
        members, rels = b.household()
        covered = []
        for i, p in enumerate(members):
            if i == 0 or rng.random() < k["p_relative_covered"]:
                p.m = draw_m(rng, b.cum)
                covered.append((p, rels[i]))
        if len(covered) > 1:
            hh_no += 1
            for p, rel in covered:
                p.hid = f"H{hh_no:06d}"
                p.relation = rel
                p.kin = [q for q, _ in covered if q is not p]
        for p, _ in covered:
            if total >= n_mentions:
                p.m = 0
            else:
                p.m = min(p.m, n_mentions - total)
                total += p.m
                people.append(p)
    _drop_orphans(people)
    for i, p in enumerate(people):
        p.pid = f"P{i + 1:07d}"
    return people


def _drop_orphans(people):
    """A relative cut off by the final trim leaves his kin without a household."""
    for p in people:
        if p.hid:
            p.kin = [q for q in p.kin if q.m > 0]
            if not p.kin:
                p.hid, p.relation = "", ""
