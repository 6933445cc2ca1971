#!/usr/bin/env python3
"""Check that every reference in the Northbridge example portfolio resolves.

    check-references.py [PORTFOLIO_XML]   (default: ../portfolio.xml next to this folder)

Checks: ids unique per entity kind; team organisation/neighbourhoods, initiative owner/teams/
neighbourhoods/cohorts/outcomes and decision `into` resolve; `into` only with value="merge" and
never the initiative itself; dates ISO, end >= start, decision dates not after the as-of date;
contacts.csv (if the root names one) has the right header and names only known, non-proposed
initiatives. Prints every problem as file:line: error: ..., exits 1 if there were any.
"""
import csv
import os
import re
import sys
import xml.etree.ElementTree as ET
import xml.parsers.expat as expat
from datetime import date

NS = "{urn:convenor:portfolio:1}"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_with_lines(path):
    """Parse into an ElementTree, recording the line on which each element's start tag begins."""
    builder = ET.TreeBuilder()
    lines = {}
    parser = expat.ParserCreate(namespace_separator=" ")

    def qname(name):
        return "{%s}%s" % tuple(name.split(" ", 1)) if " " in name else name

    def start(name, attrs):
        elem = builder.start(qname(name), {qname(k): v for k, v in attrs.items()})
        lines[id(elem)] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(qname(name))
    parser.CharacterDataHandler = builder.data
    with open(path, "rb") as f:
        parser.Parse(f.read(), True)
    return builder.close(), lines


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "portfolio.xml")
    path = os.path.normpath(path)
    root, lines = parse_with_lines(path)
    errors = []

    def err(elem, msg):
        errors.append("%s:%d: error: %s" % (path, lines.get(id(elem), 0), msg))

    def parse_date(elem, what, value):
        if value is None:
            return None
        if not ISO.match(value):
            err(elem, "%s %r is not an ISO date (YYYY-MM-DD)" % (what, value))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            err(elem, "%s %r is not a real date" % (what, value))
            return None

    as_of = parse_date(root, "as-of", root.get("as-of"))

    kinds = ["neighbourhood", "organisation", "team", "cohort", "outcome", "initiative"]
    ids = {k: {} for k in kinds}
    for k in kinds:
        for e in root.findall(NS + k):
            i = e.get("id")
            if i in ids[k]:
                err(e, "%s id %r defined twice (first at line %d)" % (k, i, lines[id(ids[k][i])]))
            else:
                ids[k][i] = e

    def resolve(elem, owner_desc, kind, ref):
        if ref not in ids[kind]:
            err(elem, "%s refers to unknown %s %r" % (owner_desc, kind, ref))

    for t in root.findall(NS + "team"):
        desc = "team %r" % t.get("id")
        if t.get("organisation") is not None:
            resolve(t, desc, "organisation", t.get("organisation"))
        for n in (t.get("neighbourhoods") or "").split():
            resolve(t, desc, "neighbourhood", n)

    for ini in root.findall(NS + "initiative"):
        iid = ini.get("id")
        desc = "initiative %r" % iid
        if ini.get("owner") is not None:
            resolve(ini, desc, "organisation", ini.get("owner"))
        start = parse_date(ini, desc + " start", ini.get("start"))
        end = parse_date(ini, desc + " end", ini.get("end"))
        if start and end and end < start:
            err(ini, "%s ends (%s) before it starts (%s)" % (desc, end, start))
        seen = set()
        for child in ini:
            tag = child.tag.replace(NS, "")
            if tag in seen and tag not in ("funding",):
                err(child, "%s has more than one <%s>" % (desc, tag))
            seen.add(tag)
            if tag in ("teams", "cohorts", "outcomes"):
                kind = tag[:-1]
                for ref in (child.text or "").split():
                    resolve(child, desc, kind, ref)
            elif tag == "neighbourhoods":
                refs = (child.text or "").split()
                if refs != ["*"]:
                    for ref in refs:
                        resolve(child, desc, "neighbourhood", ref)
            elif tag == "funding":
                fs = parse_date(child, desc + " funding start", child.get("start"))
                fe = parse_date(child, desc + " funding end", child.get("end"))
                if fs and fe and fe < fs:
                    err(child, "%s funding %r ends before it starts" % (desc, child.get("source")))
                amount = child.get("amount", "")
                if not re.fullmatch(r"\d+", amount):
                    err(child, "%s funding amount %r is not whole pounds" % (desc, amount))
            elif tag in ("evidence", "review"):
                parse_date(child, "%s %s date" % (desc, tag), child.get("date"))
            elif tag == "decision":
                d = parse_date(child, desc + " decision date", child.get("date"))
                if d and as_of and d > as_of:
                    err(child, "%s decision dated %s, after as-of %s" % (desc, d, as_of))
                into = child.get("into")
                if into is not None:
                    if child.get("value") != "merge":
                        err(child, "%s decision has into=%r but value is %r, not merge"
                            % (desc, into, child.get("value")))
                    if into == iid:
                        err(child, "%s decision merges into itself" % desc)
                    resolve(child, desc + " decision", "initiative", into)
                elif child.get("value") == "merge":
                    err(child, "%s merge decision does not say what it merges into" % desc)

    contacts = root.get("contacts")
    if contacts:
        cpath = os.path.join(os.path.dirname(path), contacts)
        if not os.path.exists(cpath):
            err(root, "contacts file %r does not exist" % contacts)
        else:
            status = {i: e.get("status") for i, e in ids["initiative"].items()}
            with open(cpath, newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                header = next(reader, None)
                if header != ["household", "initiative", "date", "assessed"]:
                    errors.append("%s:1: error: unexpected header %r" % (cpath, header))
                for n, row in enumerate(reader, start=2):
                    if len(row) != 4:
                        errors.append("%s:%d: error: expected 4 columns, got %d" % (cpath, n, len(row)))
                        continue
                    hh, iid, d, assessed = row
                    if iid not in status:
                        errors.append("%s:%d: error: unknown initiative %r" % (cpath, n, iid))
                    elif status[iid] == "proposed":
                        errors.append("%s:%d: error: contact with proposed initiative %r" % (cpath, n, iid))
                    if not ISO.match(d):
                        errors.append("%s:%d: error: date %r is not ISO" % (cpath, n, d))
                    if assessed not in ("true", "false"):
                        errors.append("%s:%d: error: assessed %r is not true/false" % (cpath, n, assessed))

    for e in errors:
        print(e)
    counts = ", ".join("%d %ss" % (len(ids[k]), k) for k in kinds)
    print("%s: %s; %d problem(s)" % (os.path.basename(path), counts, len(errors)), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
