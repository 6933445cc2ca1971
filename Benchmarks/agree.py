#!/usr/bin/env python3
"""Checks that Convenor's overlap outputs agree with overlap_peer.py's on every column the peer writes.

    agree.py CONVENOR_OUT PEER_OUT        exit 0 when they agree (finite numbers within 1e-6), 1 otherwise;
                                          a column, row or cell the peer has and Convenor lacks disagrees
"""
import csv
import json
import math
import sys


def rows(path, key):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, {tuple(row[k] for k in key): row for row in r}


def number(text):
    """The cell as a float, or None when it is not a number at all."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def same(x, y):
    """Equal text, or finite numbers within 1e-6; Convenor's suppressed '<5' agrees with any count below 5.

    NaN and infinity never agree with anything, themselves included (abs(nan - y) <= 1e-6 is False, and
    the text 'nan' equals itself), and a missing cell (None: a short row) never agrees either."""
    if x is None or y is None:
        return False
    nx, ny = number(x), number(y)
    if x.startswith("<") and ny is not None:
        bound = number(x[1:])
        return bound is not None and math.isfinite(ny) and 0 <= ny < bound
    if nx is None and ny is None:
        return x == y
    if nx is None or ny is None or not math.isfinite(nx) or not math.isfinite(ny):
        return False
    return abs(nx - ny) <= 1e-6


def compare(conv, peer, name, key):
    cf, c = rows(f"{conv}/{name}", key)
    pf, p = rows(f"{peer}/{name}", key)
    problems = []
    missing = [f for f in pf if f not in cf]
    if missing:
        problems.append(f"{name}: Convenor lacks the peer's columns {', '.join(missing)}")
    if not p:
        problems.append(f"{name}: the peer's table has no rows")
    if set(c) != set(p):
        problems.append(f"{name}: {len(set(c) - set(p))} rows only in Convenor's, {len(set(p) - set(c))} only in the peer's")
    shared = [f for f in pf if f in cf]
    for k in sorted(set(c) & set(p)):
        for f in shared:
            if not same(c[k][f], p[k][f]):
                problems.append(f"{name} {k} {f}: Convenor {c[k][f]!r}, peer {p[k][f]!r}")
                break
        if len(problems) > 10:
            break
    return problems, len(p), shared


def main(conv, peer):
    problems = []
    for name, key in (("pairs.csv", ("a", "b")), ("neighbourhoods.csv", ("neighbourhood",)), ("households.csv", ("initiatives",))):
        found, n, shared = compare(conv, peer, name, key)
        problems += found
        print(f"{name}: {n} rows, columns compared: {', '.join(shared)}")
    with open(f"{conv}/summary.json") as f:
        cs = json.load(f)
    with open(f"{peer}/summary.json") as f:
        ps = json.load(f)
    for k, v in ps.items():
        if k not in cs or not same(str(cs[k]), str(v)):  # str(float("nan")) is "nan": refused by same()
            problems.append(f"summary.json {k}: Convenor {cs.get(k)!r}, peer {v!r}")
    print(f"summary.json: compared {', '.join(sorted(ps))}")
    for p in problems:
        print("DISAGREE:", p)
    print("agree" if not problems else f"{len(problems)} disagreements")
    return 0 if not problems else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
