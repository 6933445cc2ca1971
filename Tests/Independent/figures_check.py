#!/usr/bin/env python3
"""An independent check of Convenor's headline figures (issue 12), written from docs/figures.md alone.

Reads a portfolio XML with the standard library only, computes a few figures its own way and compares
them with what `convenor demo` wrote. Usage: figures_check.py PORTFOLIO.xml DEMO_OUTPUT_DIR
Exit 0 when every figure agrees; otherwise prints each difference and exits 1.
"""
import csv
import datetime as dt
import html
import re
import sys
import xml.etree.ElementTree as ET

NS = {"c": "urn:convenor:portfolio:1"}


def day(text):
    return dt.date.fromisoformat(text) if text else None


def add_months(d, months):
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def annual(line):
    """Funding a year of one line: per year as given; a total spread by days, whole pounds (half up)."""
    amount = float(line.get("amount"))
    if line.get("per", "total") == "year":
        return amount
    start, end = day(line.get("start")), day(line.get("end"))
    if not start or not end or end < start:
        return amount
    days = (end - start).days + 1
    if days < 365:
        return amount
    return float(int(amount * 365 / days + 0.5))


def running(line, as_of):
    start, end = day(line.get("start")), day(line.get("end"))
    return (start is None or start <= as_of) and (end is None or end >= as_of)


def money(x):
    return "£{:,}".format(int(round(x)))


def main(portfolio, out):
    root = ET.parse(portfolio).getroot()
    as_of = day(root.get("as-of"))
    initiatives = root.findall("c:initiative", NS)
    active = [i for i in initiatives if i.get("status") not in ("ended", "stopped")]
    problems = []

    def same(what, mine, theirs):
        if str(mine) != str(theirs):
            problems.append(f"{what}: independent {mine}, Convenor {theirs}")

    # Funding a year, per initiative (register.csv) and in total (sum over active initiatives).
    register = {r["id"]: r for r in csv.DictReader(open(f"{out}/register/register.csv", encoding="utf-8"))}
    total = 0.0
    for i in active:
        lines = i.findall("c:funding", NS)
        if i.get("status") == "proposed":  # the money a proposal asks for: lines not yet ended
            value = sum(annual(f) for f in lines if not f.get("end") or day(f.get("end")) >= as_of)
        else:
            value = sum(annual(f) for f in lines if running(f, as_of))
            total += value
        same(f"funding a year of {i.get('id')}", int(value), register[i.get("id")]["annual-funding"])
    same("initiatives in the register (active)", len(active), len(register))
    stops = sum(float(register[i]["annual-funding"]) for i in register if register[i]["recommendation"] == "stop")

    # Riverside-style load per neighbourhood: active initiatives, live ones, distinct teams, front doors, FTE.
    teams = {t.get("id"): t for t in root.findall("c:team", NS)}
    hoods = {r["neighbourhood"]: r for r in csv.DictReader(open(f"{out}/overlap/neighbourhoods.csv", encoding="utf-8"))}
    for n in root.findall("c:neighbourhood", NS):
        nid = n.get("id")

        def covers(i):
            where = i.findtext("c:neighbourhoods", default="", namespaces=NS).split()
            return "*" in where or nid in where

        here = [i for i in active if covers(i)]
        team_ids = {t for i in here for t in i.findtext("c:teams", default="", namespaces=NS).split()}
        fte = 0.0
        for t in team_ids:
            team = teams.get(t)
            if team is None or not team.get("fte"):
                continue
            listed = team.get("neighbourhoods", "").split()
            if not listed:
                fte += float(team.get("fte"))
            elif nid in listed:
                fte += float(team.get("fte")) / len(listed)
        row = hoods[nid]
        same(f"{nid} active initiatives", len(here), row["active-initiatives"])
        same(f"{nid} live initiatives", sum(1 for i in here if i.get("status") == "live"), row["live-initiatives"])
        same(f"{nid} teams", len(team_ids), row["teams"])
        same(f"{nid} front doors", sum(1 for i in here if i.find("c:assessment", NS) is not None), row["front-doors"])
        same(f"{nid} FTE", f"{fte:.2f}", row["fte"])

    # The pilot review pack's headline sentence and ratio.
    page = open(f"{out}/pack-pilot-review/index.html", encoding="utf-8").read()
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script|svg)\b.*?</\1>", " ", page, flags=re.S))))
    pilots = [i for i in initiatives if i.get("kind") == "pilot" and i.get("status") in ("proposed", "live", "paused")]
    live_pilots = sum(1 for i in pilots if i.get("status") == "live")
    def needs_decision(row):
        stands = row["decision"] == row["recommendation"] and "review-overdue" not in row["flags"]
        return row["recommendation"] != "continue" and not stands

    needing = sum(1 for i in pilots if needs_decision(register[i.get("id")]))
    m = re.search(r"(\d+) pilots under review \((\d+) live\), of which (\d+) need a decision", text)
    same("pilots under review, live, needing a decision", (len(pilots), live_pilots, needing), tuple(int(x) for x in m.groups()) if m else None)
    three_years_ago = add_months(as_of, -36)
    started = sum(1 for i in initiatives if i.get("start") and three_years_ago < day(i.get("start")) <= as_of)

    def stopped(i):
        d = i.find("c:decision", NS)
        if d is not None and d.get("value") == "stop" and d.get("date"):
            return three_years_ago < day(d.get("date")) <= as_of
        if i.get("status") == "stopped":
            return i.get("end") is None or three_years_ago < day(i.get("end")) <= as_of
        return False

    m = re.search(r"(\d+) started : (\d+) stopped", text)
    same("started : stopped in three years", (started, sum(1 for i in initiatives if stopped(i))), tuple(int(x) for x in m.groups()) if m else None)
    m = re.search(r"recommended stops free (£[\d,]+) a year", text)
    same("money freed by the recommended stops", money(stops), m.group(1) if m else None)

    if problems:
        print("\n".join(problems))
        return 1
    print(f"figures agree: {len(active)} active initiatives, funding a year {money(total)}, "
          f"{len(hoods)} neighbourhoods, {len(pilots)} pilots ({needing} need a decision)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
