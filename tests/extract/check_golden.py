#!/usr/bin/env python3
"""Compares `evalrun extract` output with a golden file written by reading the report.

  check_golden.py FIGURES.csv GOLDEN.tsv

Each golden line (place, printed form, actual, plan, printed %, verdict; empty = not asserted)
must be found among the figures at that place. With a line "#complete" the golden file lists every figure of the report, and the program must
find exactly as many. The figures reported as misprints ("không khớp")
must be exactly the golden misprints: none missed, none extra. And no printed percentage may be
called a misprint when it follows from its own numbers under rounding or truncation.
"""
import csv, math, sys

def num(s):
    return float(s) if s not in ("", None) else None

def agrees(printed, text, computed):
    dec = len(text.split(",")[1].rstrip("%").strip()) if "," in text else 0
    f = 10 ** dec
    half = math.floor(computed * f + 0.5 + 1e-9) / f
    trunc = math.floor(computed * f + 1e-9) / f
    return abs(half - printed) < 1e-6 or abs(trunc - printed) < 1e-6

figs = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
key = lambda k: next(c for c in figs[0].keys() if c == k) if figs else k
cols = {"source": "Nguồn (tệp:vị trí)", "printed": "Nguyên văn", "actual": "Thực hiện", "plan": "Kế hoạch / tổng số",
        "pct": "Tỷ lệ in", "pct_text": "Tỷ lệ in (nguyên văn)", "computed": "Tỷ lệ tính lại", "verdict": "Kiểm tra",
        "reason": "Giải thích"}
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
complete = "#complete" in lines       # the file lists every figure of the report, by reading it
golden = list(csv.DictReader([l for l in lines if not l.startswith("#")], delimiter="\t"))
fails = 0
used = set()
def fail(msg):
    global fails
    fails += 1
    print("FAIL", sys.argv[2], msg)

for g in golden:
    at = [f for f in figs if f[cols["source"]].rsplit(":", 1)[1] == g["place"] and g["printed"] in f[cols["printed"]]
          and id(f) not in used]
    if not at:
        fail(f"{g['place']}: “{g['printed']}” not found")
        continue
    f = at[0]
    used.add(id(f))
    for gk, fk in (("actual", "actual"), ("plan", "plan"), ("reported_pct", "pct")):
        if g[gk] and (num(f[cols[fk]]) is None or abs(num(f[cols[fk]]) - float(g[gk])) > 1e-6):
            fail(f"{g['place']}: “{g['printed']}” {gk} = {f[cols[fk]]!r}, want {g[gk]}")
    if g["verdict"] and f[cols["verdict"]] != g["verdict"]:
        fail(f"{g['place']}: “{g['printed']}” verdict {f[cols['verdict']]!r}, want {g['verdict']!r} ({f[cols['reason']]})")

if complete and len(figs) != len(golden):
    extra = [f"{f[cols['source']]} “{f[cols['printed']]}”" for f in figs if id(f) not in used]
    fail(f"{len(figs)} figures found, {len(golden)} by reading; not in the golden file: {'; '.join(extra)}")
want_bad = {(g["place"], g["printed"]) for g in golden if g["verdict"] == "không khớp"}
for f in figs:
    if f[cols["verdict"]] != "không khớp":
        continue
    place = f[cols["source"]].rsplit(":", 1)[1]
    if not any(p == place and pr in f[cols["printed"]] for p, pr in want_bad):
        fail(f"{place}: “{f[cols['printed']]}” reported as a misprint, the golden file has none there ({f[cols['reason']]})")
    # precision: a printed % that follows from the numbers it was checked against is never a misprint
    if f[cols["pct"]] and f[cols["computed"]] and "cộng lại" not in f[cols["reason"]]:
        if agrees(num(f[cols["pct"]]), f[cols["pct_text"]], num(f[cols["computed"]])):
            fail(f"{place}: {f[cols['pct_text']]} agrees with {f[cols['computed']]} but was called a misprint")
print(f"{sys.argv[2]}: {len(golden)} golden figures, {len(figs)} found, {len(want_bad)} misprints; {fails} failed")
sys.exit(1 if fails else 0)
