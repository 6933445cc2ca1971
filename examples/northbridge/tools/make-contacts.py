#!/usr/bin/env python3
"""Generate contacts.csv for the Northbridge example portfolio.

    make-contacts.py [PORTFOLIO_XML]   (default: ../portfolio.xml; writes contacts.csv beside it)

Deterministic: one random.Random(2026), no clock, no environment. The households are invented:
ids are random hex, not derived from anyone real.

Model, kept simple on purpose:
- 3,000 households, each living in one ward, chosen by population weighted towards deprivation
  (weight = population x (11 - IMD decile) ** 1.5).
- Each household is a family, an older person, a single adult or a young person (older people are
  commoner in the better-off west), and belongs to a few cohorts according to its type.
- It meets 1 to 6 initiatives that work in its ward (families in Riverside and Eastfield meet the
  most), chosen by weight = (caseload / wards covered) ** 0.8, times 3 ** (cohorts it shares with
  the household), or times 0.2 if it shares none. Proposed initiatives have no contacts.
- Contacts cluster around a household's own "crisis" date and always fall between 2024-01-01 and
  2026-10-31 and inside the initiative's start..end.
- `assessed` is true for about 70% of contacts with initiatives that run their own <assessment>.
"""
import os
import random
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta

NS = "{urn:convenor:portfolio:1}"
SEED = 2026
HOUSEHOLDS = 3000
FIRST, LAST = date(2024, 1, 1), date(2026, 10, 31)
HEAVY_WARDS = ("riverside", "eastfield")

# cohort -> probability of belonging, per household type
PROFILES = {
    "family": [("low-income", 0.55), ("edge-of-care", 0.25), ("temp-accommodation", 0.12),
               ("da-survivors", 0.14), ("fuel-poverty", 0.2), ("multiple-disadvantage", 0.08)],
    "older": [("older-alone", 0.8), ("fuel-poverty", 0.4), ("low-income", 0.2)],
    "single": [("multiple-disadvantage", 0.25), ("rough-sleepers", 0.07), ("long-term-unemployed", 0.4),
               ("low-income", 0.4), ("da-survivors", 0.1), ("temp-accommodation", 0.08)],
    "young": [("neet", 0.7), ("young-people-at-risk", 0.4), ("low-income", 0.2)],
}
# in Riverside and Eastfield, families are likelier to be on the edge of care or facing several problems
HEAVY_FAMILY = {"edge-of-care": 0.6, "multiple-disadvantage": 0.4, "da-survivors": 0.25}


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    r = rng.uniform(0, total)
    for value, w in weighted:
        r -= w
        if r <= 0:
            return value
    return weighted[-1][0]


def day(rng, lo, hi):
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def load(path):
    root = ET.parse(path).getroot()
    wards = [(n.get("id"), int(n.get("population")), int(n.get("imd-decile")))
             for n in root.findall(NS + "neighbourhood")]
    all_ids = [w[0] for w in wards]
    initiatives = []
    for i in root.findall(NS + "initiative"):
        if i.get("status") == "proposed":
            continue
        lo = max(FIRST, date.fromisoformat(i.get("start"))) if i.get("start") else FIRST
        hi = min(LAST, date.fromisoformat(i.get("end"))) if i.get("end") else LAST
        if hi < lo:
            continue
        nb = (i.findtext(NS + "neighbourhoods") or "").split()
        nb = all_ids if nb == ["*"] else nb
        caseload = i.find(NS + "caseload")
        households = int(caseload.get("households")) if caseload is not None else 50
        initiatives.append({
            "id": i.get("id"),
            "wards": nb,
            "cohorts": (i.findtext(NS + "cohorts") or "").split(),
            "assessment": i.find(NS + "assessment") is not None,
            "weight": (households / max(1, len(nb))) ** 0.8,  # how present it is in any one ward
            "lo": lo, "hi": hi,
        })
    return wards, initiatives


def household_type(rng, ward, imd):
    older = 0.45 if imd >= 6 else 0.18
    family = 0.6 if ward in HEAVY_WARDS else 0.42
    young = 0.12
    return pick(rng, [("family", family), ("older", older), ("young", young),
                      ("single", 1 - family - older - young)])


def cohorts_for(rng, kind, ward):
    probs = dict(PROFILES[kind])
    if kind == "family" and ward in HEAVY_WARDS:
        probs.update(HEAVY_FAMILY)
    chosen = [c for c, p in PROFILES[kind] if rng.random() < probs[c]]
    if not chosen:  # everyone who meets a service belongs to at least one cohort
        chosen = [max(PROFILES[kind], key=lambda cp: probs[cp[0]])[0]]
    return chosen


def how_many(rng, kind, ward, cohorts):
    if kind == "family" and ward in HEAVY_WARDS:
        return pick(rng, [(3, 2), (4, 3), (5, 3), (6, 2)])
    if len(cohorts) >= 3:
        return pick(rng, [(2, 1), (3, 3), (4, 3), (5, 2), (6, 1)])
    return pick(rng, [(1, 2), (2, 4), (3, 4), (4, 3), (5, 1), (6, 1)])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "portfolio.xml")
    wards, initiatives = load(path)
    rng = random.Random(SEED)

    ward_weights = [((w, imd), pop * (11 - imd) ** 1.5) for w, pop, imd in wards]
    by_ward = {w: [i for i in initiatives if w in i["wards"]] for w, _, _ in wards}

    seen, rows = set(), []
    for _ in range(HOUSEHOLDS):
        hh = "hh-%08x" % rng.getrandbits(32)
        while hh in seen:
            hh = "hh-%08x" % rng.getrandbits(32)
        seen.add(hh)
        ward, imd = pick(rng, ward_weights)
        kind = household_type(rng, ward, imd)
        cohorts = cohorts_for(rng, kind, ward)
        k = how_many(rng, kind, ward, cohorts)
        # weighted sampling without replacement, in file order for determinism
        pool = []
        for i in by_ward[ward]:
            matches = len(set(cohorts) & set(i["cohorts"]))
            pool.append((i, i["weight"] * (3.0 ** matches if matches else 0.2)))
        met = []
        while pool and len(met) < k:
            choice = pick(rng, pool)
            met.append(choice)
            pool = [(i, w) for i, w in pool if i is not choice]
        crisis = day(rng, FIRST, LAST)
        for ini in met:
            when = None
            for _ in range(6):  # near the household's crisis if the initiative was running then
                d = crisis + timedelta(days=round(rng.gauss(0, 120)))
                if ini["lo"] <= d <= ini["hi"]:
                    when = d
                    break
            if when is None:
                when = day(rng, ini["lo"], ini["hi"])
            assessed = ini["assessment"] and rng.random() < 0.7
            rows.append((hh, when.isoformat(), ini["id"], "true" if assessed else "false"))

    rows.sort()
    out = os.path.join(os.path.dirname(os.path.abspath(path)), "contacts.csv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("household,initiative,date,assessed\n")
        for hh, when, iid, assessed in rows:
            f.write("%s,%s,%s,%s\n" % (hh, iid, when, assessed))
    print("wrote %s: %d rows, %d households" % (out, len(rows), len(seen)), file=sys.stderr)


if __name__ == "__main__":
    main()
