#!/usr/bin/python3
"""National party grading in plain Python (stdlib csv): a peer of bench/grade.lua.

    grade_plain.py MEMBERS.csv OUTDIR

Same job as bench/grade.lua: level from the score (>= 90 HTXSNV, >= 70 HTTNV, >= 50 HTNV,
else KHTNV), then per chi bộ HTXSNV at most 20% of those proposed HTTNV (reading B1,
rounded down), candidates ordered by score (higher first) then id, the excess moved down
to HTTNV. Writes OUTDIR/member_levels.csv (id,cell,level) and OUTDIR/cell_counts.csv
(cell,graded,allowed,htxsnv,httnv,htnv,khtnv).
"""
import csv
import os
import sys

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


def vi_number(text):
    """"1.234,5" -> 1234.5"""
    return float(text.replace(".", "").replace(",", "."))


def band(score):
    if score >= 90:
        return 0
    if score >= 70:
        return 1
    if score >= 50:
        return 2
    return 3


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: grade_plain.py MEMBERS.csv OUTDIR")
    cells = {}
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter=";")
        header = next(rows)
        iid, icell, iscore = header.index("id"), header.index("cell_id"), header.index("score")
        for row in rows:
            score = vi_number(row[iscore])
            cells.setdefault(row[icell], []).append([row[iid], score, band(score)])
    os.makedirs(sys.argv[2], exist_ok=True)
    with open(os.path.join(sys.argv[2], "member_levels.csv"), "w", encoding="utf-8", newline="") as lf, \
         open(os.path.join(sys.argv[2], "cell_counts.csv"), "w", encoding="utf-8", newline="") as cf:
        levels, counts_out = csv.writer(lf, lineterminator="\n"), csv.writer(cf, lineterminator="\n")
        levels.writerow(("id", "cell", "level"))
        counts_out.writerow(("cell", "graded", "allowed", "htxsnv", "httnv", "htnv", "khtnv"))
        for cell in sorted(cells):
            members = cells[cell]
            counts = [0, 0, 0, 0]
            for m in members:
                counts[m[2]] += 1
            allowed = counts[1] * 20 // 100
            cands = sorted((m for m in members if m[2] == 0), key=lambda m: (-m[1], m[0]))
            for m in cands[allowed:]:
                m[2] = 1
            moved = max(0, len(cands) - allowed)
            counts[0] -= moved
            counts[1] += moved
            for m in members:
                levels.writerow((m[0], cell, LEVELS[m[2]]))
            counts_out.writerow((cell, len(members), allowed, *counts))


if __name__ == "__main__":
    main()
