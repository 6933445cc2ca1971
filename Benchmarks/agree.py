#!/usr/bin/env python3
"""Checks that Convenor's overlap outputs agree with overlap_peer.py's on every shared column.

    agree.py CONVENOR_OUT PEER_OUT        exit 0 when they agree (numbers within 1e-6), 1 otherwise
"""
import csv
import json
import sys


def rows(path, key):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, {tuple(row[k] for k in key): row for row in r}


def same(x, y):
    """Equal, or numbers within 1e-6; Convenor's suppressed '<5' agrees with any count below 5."""
    if x == y:
        return True
    if x.startswith("<"):
        try:
            return float(y) < float(x[1:])
        except ValueError:
            return False
    try:
        return abs(float(x) - float(y)) <= 1e-6
    except ValueError:
        return False


def compare(conv, peer, name, key):
    cf, c = rows(f"{conv}/{name}", key)
    pf, p = rows(f"{peer}/{name}", key)
    problems = []
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
        if k not in cs or not same(str(cs[k]), str(v)):
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
