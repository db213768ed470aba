#!/usr/bin/python3
"""evalrun's awards decisions in the form bench/peers/awards_plain.py writes.

    bench/awards_forms.py EVALRUN_OUT_DIR FORMS_DIR

FORMS_DIR/decisions.csv: code, subject, granted, eligible, period and reason of every title and
award decision in evalrun's results database; FORMS_DIR/quota.csv: each CSTĐCS pool's LĐTT count,
places, candidates and granted. Rows in the peer's order (code as decided, then subject). Not timed.
"""
import csv
import json
import os
import sqlite3
import sys

ORDER = {"LDTT": 0, "CSTDCS": 1, "CSTDT": 2, "HCLD3": 3, "BK_TTG": 4, "BK_TINH": 5}


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    db = sqlite3.connect(os.path.join(src, "results.sqlite"))
    rows = []
    for code, subject, vals in db.execute(
            "SELECT value, subject, vals FROM results WHERE kind IN ('title', 'title_refused', 'award', 'award_refused')"):
        v = json.loads(vals)
        rows.append((ORDER.get(code, 9), subject, code, int(v["granted"]), int(v["eligible"]), v.get("period", ""),
                     v["reason"]))
    rows.sort(key=lambda r: (r[0], r[1]) if r[0] < 2 else (2, r[1], r[0]))
    with open(os.path.join(out, "decisions.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("code", "subject", "granted", "eligible", "period", "reason"))
        w.writerows((r[2], r[1]) + r[3:] for r in rows)
    with open(os.path.join(out, "quota.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("pool", "ldtt", "allowed", "candidates", "granted"))
        for pool, allowed, inputs, vals in db.execute(
                "SELECT subject, value, inputs, vals FROM results WHERE kind = 'quota' ORDER BY subject"):
            v = json.loads(vals)
            w.writerow((pool, json.loads(inputs)["ldtt"], allowed, v["candidates"], v["granted"]))


if __name__ == "__main__":
    main()
