#!/usr/bin/env python3
"""Writes the small seed corpora in Fuzz/corpus/<target>/ from the Northbridge example and from the
hostile inputs the tests use. Re-run after changing the formats; libFuzzer grows the corpora from here.
Inputs are kept small (a few KB) so the fuzzers run fast."""
import hashlib, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "Fuzz", "corpus")

def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)

NS = 'xmlns="urn:convenor:portfolio:1"'

# ---- XML portfolio reader -------------------------------------------------------------------------
example = open(os.path.join(root, "examples/northbridge/portfolio.xml"), encoding="utf-8").read()
head, body = example.split("<portfolio", 1)
root_tag, rest = body.split(">", 1)
elements = re.findall(r"(<(neighbourhood|organisation|team|cohort|outcome)\b[^>]*/>|<initiative\b.*?</initiative>|<initiative\b[^>]*/>)", rest, re.S)
chunks = [e[0] for e in elements]
kinds = {}
for c in chunks:
    kinds.setdefault(c.split()[0], []).append(c)
small = "\n".join(sum((v[:2] for v in kinds.values()), []))
put("fuzz-xml", f"<portfolio{root_tag}>\n{small}\n</portfolio>\n")
put("fuzz-xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<portfolio {NS} place="X" as-of="2026-01-01">\n' + "\n".join(kinds.get("<initiative", [])[2:5]) + "\n</portfolio>\n")
put("fuzz-xml", f'<portfolio {NS} place="Testville"/>')
put("fuzz-xml", f'<portfolio {NS} place="T" contacts="contacts.csv" as-of="2026-10-01"><initiative id="a" name="A" kind="pilot" status="live"><decision value="merge" into="a">x</decision></initiative></portfolio>')
put("fuzz-xml", '<?xml version="1.0"?>\n<!DOCTYPE portfolio [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>\n'
    f'<portfolio {NS} place="&secret;"/>')
ents = '<!ENTITY lol "lol">\n' + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i-1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 4))
put("fuzz-xml", f'<?xml version="1.0"?>\n<!DOCTYPE portfolio [\n{ents}]>\n<portfolio {NS} place="&lol3;"/>')
put("fuzz-xml", f'<portfolio {NS} place="X">' + "<a>" * 40 + "</a>" * 40 + "</portfolio>")
put("fuzz-xml", f'<?xml version="1.0"?><?pi data?><portfolio {NS} place="X"><![CDATA[<x>]]><!-- c --><p:cohort xmlns:p="urn:other" id="a" name="b"/></portfolio>')
put("fuzz-xml", ("\ufeff" + f'<portfolio {NS} place="Ünïcødé &amp; &#x1F600;"/>'))
put("fuzz-xml", f'<?xml version="1.0" encoding="UTF-16"?><portfolio {NS} place="X"/>'.encode("utf-16"))
put("fuzz-xml", f'<?xml version="1.0" encoding="ISO-8859-1"?><portfolio {NS} place="caf\xe9"/>'.encode("latin-1"))

# ---- CSV folder reader: first byte picks the file (order as in FuzzCSV.swift) --------------------
files = ["place.csv", "neighbourhoods.csv", "organisations.csv", "teams.csv", "cohorts.csv",
         "outcomes.csv", "initiatives.csv", "funding.csv", "contacts.csv"]
csv = os.path.join(root, "examples/northbridge/csv")
for i, name in enumerate(files):
    with open(os.path.join(csv, name), "rb") as f:
        lines = f.read().split(b"\n")
    keep = 6 if name in ("initiatives.csv", "contacts.csv", "funding.csv", "teams.csv") else 12
    put("fuzz-csv", bytes([i]) + b"\n".join(lines[:keep]) + b"\n")
put("fuzz-csv", bytes([6]) + b'\xef\xbb\xbfid,name,kind,status,description\r\na,"Quoted, with ""quotes""\r\nand a line",pilot,live,x\r\n')
put("fuzz-csv", bytes([6]) + b'id,name,kind,status\na,A,pilot\nb,B,pilot,live,extra\n"c,C,pilot,live\n')
put("fuzz-csv", bytes([8]) + b'household,initiative,date,assessed\nh1,a,2025-13-40,maybe\n,a,,\nh2,zz,,true\n')
put("fuzz-csv", bytes([0]) + b'name,as-of,curency\nT,2026-02-30,GBP\nU,,\n')
put("fuzz-csv", bytes([7]) + b'initiative,source,amount,per\na,X,-1e400,week\nb,Y,12.345.6,year\n')
put("fuzz-csv", bytes([6]) + b'id,name,kind,status\na,\xff\xfe bad utf8,pilot,live\n')
print("seeds written to", out)

# ---- rules file reader (schemas/rules.xsd) ----------------------------------------------------------
R = 'xmlns="urn:convenor:rules:1"'
put("fuzz-rules", f'<?xml version="1.0"?>\n<rules {R}>\n  <rule id="funding-cliff" months="9" severity="error"/>\n  <rule id="pilotitis" months="18"/>\n  <rule id="positive-evidence" severity="off"/>\n</rules>\n')
put("fuzz-rules", f'<rules {R}><rule id="review-overdue" grace-days="14"/><rule id="no-evidence" months="12"/><rule id="negative-evidence" min-level="monitoring"/></rules>')
put("fuzz-rules", f'<rules {R}><rule id="nonsense"/><rule id="pilotitis" colour="red"/><rule id="pilotitis"/></rules>')
put("fuzz-rules", f'<rules {R}><rule id="funding-cliff" months="-1" severity="loud"/></rules>')
put("fuzz-rules", f'<rules xmlns="urn:other"/>')

# ---- analyses (overlap, register, diff) on portfolios that load: the XML seeds plus far dates ---------
for name in os.listdir(os.path.join(out, "fuzz-xml")):
    if name.startswith("seed-"):
        put("fuzz-analyses", open(os.path.join(out, "fuzz-xml", name), "rb").read())
put("fuzz-analyses", f'<portfolio {NS} place="X" as-of="9999-06-01"><initiative id="a" name="A" kind="pilot" status="live" start="0001-01-01" end="9999-12-31"><funding source="F" amount="100" per="year" start="0001-01-01" end="9999-12-31"/><review date="9999-12-31"/></initiative></portfolio>')

# ---- workshop and barrier files (workshops/*.xsd): first byte even = workshop, odd = barriers ------------
wdir = os.path.join(root, "workshops")
for name in sorted(os.listdir(wdir)):
    if name.endswith(".xml"):
        data = open(os.path.join(wdir, name), "rb").read()
        put("fuzz-workshop", bytes([1 if name == "barriers.xml" else 0]) + data[:12000])
