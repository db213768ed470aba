#!/usr/bin/python3
"""evalrun's national grading outputs in the forms the peers write (bench/run.sh compares them).

    bench/grading_forms.py EVALRUN_OUT_DIR FORMS_DIR

members.csv: every member's level (or why the member is not graded) and the explanation, from
the results database (the steps of each grade or exclusion, joined by " | "); quota.csv: each
member pool's quota, from grading_quota.csv; summary.csv: each organisation's counts, from
grading_members.csv. Not timed.
"""
import csv
import json
import os
import sqlite3
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    db = sqlite3.connect(os.path.join(src, "results.sqlite"))
    with open(os.path.join(out, "members.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("id", "level", "explanation"))
        for subject, value, steps in db.execute(
                "SELECT subject, value, steps FROM results WHERE subject_kind = 'person'"
                " AND kind IN ('grade', 'exclusion')"):
            w.writerow((subject, value, " | ".join(json.loads(steps))))
    with open(os.path.join(src, "grading_quota.csv"), encoding="utf-8-sig", newline="") as f, \
            open(os.path.join(out, "quota.csv"), "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(("pool", "base", "allowed", "proposed", "moved"))
        r = csv.reader(f)
        next(r)
        for row in r:
            if row[0] == "Đảng viên":
                w.writerow((row[1], row[3], row[6], row[7], row[8]))
    with open(os.path.join(src, "grading_members.csv"), encoding="utf-8-sig", newline="") as f, \
            open(os.path.join(out, "summary.csv"), "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(("unit", "excluded", "graded", "htxsnv", "httnv", "htnv", "khtnv", "manual"))
        r = csv.reader(f)
        next(r)
        for row in r:
            w.writerow((row[0], row[3], row[4], row[5], row[7], row[9], row[11], row[13]))


if __name__ == "__main__":
    main()
