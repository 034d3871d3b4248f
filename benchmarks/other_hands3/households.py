"""Households: brothers share father and surname (twins also the birth date), fathers and sons,
cousins (same surname and village, not counted as family pairs). Some die together."""

from people import MAX_BIRTH, MIN_BIRTH, age_at

RELATION = {"brothers2": "brother", "brothers3": "brother", "twins": "twin", "cousins": "cousin"}


def household(b, kind):
    hid = len(b.households)
    if kind in ("brothers2", "brothers3", "twins"):
        founder = b.person(male=True)
        members = [founder] + brothers(b, founder, 2 if kind == "brothers3" else 1, kind == "twins")
        rel = [RELATION[kind]] * len(members)
    elif kind == "cousins":
        founder = b.person(male=True)
        members = [founder, cousin(b, founder)]
        rel = ["cousin", "cousin"]
    else:
        father = old_father(b)
        first = son(b, father)
        members = [father, first]
        if kind == "father_2sons":
            members += brothers(b, first, 1, False)
        rel = ["father"] + ["son"] * (len(members) - 1)
    for p, r in zip(members, rel):
        p.hh, p.rel = hid, r
        if b.rng.random() < 0.3:  # a family's loss draws more coverage
            p.n += 1
            b.mentions += 1
    b.households.append({"hid": hid, "kind": kind, "members": [p.pid for p in members]})
    _pairs(b, kind, members)


def _pairs(b, kind, members):
    if kind == "cousins":
        return
    kids = members[1:] if kind.startswith("father") else members
    if kind.startswith("father"):
        for s in kids:
            b.pairs.append((members[0].pid, s.pid, "parent_child"))
    for i in range(len(kids)):
        for j in range(i + 1, len(kids)):
            b.pairs.append((kids[i].pid, kids[j].pid, "sibling"))


def _dates(b, bd, dd_together):
    """A death date at which the man born on bd is 18-69; dd_together if it fits."""
    if dd_together is not None and 18 <= age_at(bd, dd_together) <= 69:
        return dd_together
    for _ in range(30):
        dd = b.clock.death(b.rng)
        if 18 <= age_at(bd, dd) <= 69:
            return dd
    return max(dd, bd + 18 * 366)


def brothers(b, first, n, twins):
    rng, k = b.rng, b.k
    together = rng.random() < (k["together_twins"] if twins else k["together_brothers"])
    out, givens = [], {first.given}
    for _ in range(n):
        if twins:
            bd = first.bd
        else:
            gap = rng.randint(1, 12) * 365 + rng.randint(-150, 150)
            bd = first.bd + gap * rng.choice((1, -1))
            bd = min(MAX_BIRTH, max(MIN_BIRTH, bd))
        dd = _dates(b, bd, first.dd if together else None)
        same = dd == first.dd
        bs = first.birth_set if rng.random() < k["same_settlement"] else None
        unit = first.unit if same or rng.random() < 0.25 else None
        p = b.person(
            first.eth,
            first.reg,
            first.sur,
            first.father,
            bd,
            dd,
            bs,
            unit=unit,
            avoid=givens,
            male=True,
        )
        p.pat = first.pat
        givens.add(p.given)
        out.append(p)
    return out


def cousin(b, first):
    rng = b.rng
    bd = min(MAX_BIRTH, max(MIN_BIRTH, first.bd + rng.randint(-15 * 365, 15 * 365)))
    father = first.father
    for _ in range(20):
        father = b.book.father(first.eth, rng)
        if father != first.father:
            break
    return b.person(
        first.eth, first.reg, first.sur, father, bd, _dates(b, bd, None), first.birth_set, male=True
    )


def old_father(b):
    rng = b.rng
    dd = b.clock.death(rng)
    bd = b.clock.birth(dd, rng.randint(41, 64), rng)
    return b.person(bd=bd, dd=dd, male=True)


def son(b, father):
    rng, k = b.rng, b.k
    bd = min(MAX_BIRTH, father.bd + rng.randint(19, 36) * 365 + rng.randint(0, 364))
    together = rng.random() < k["together_father_son"]
    dd = _dates(b, bd, father.dd if together else None)
    same_name = rng.random() < k["son_named_after_father"]
    bs = father.birth_set if rng.random() < k["same_settlement"] else None
    unit = father.unit if dd == father.dd else None
    return b.person(
        father.eth,
        father.reg,
        father.sur,
        father.given,
        bd,
        dd,
        bs,
        given=father.given if same_name else None,
        unit=unit,
        male=True,
    )
