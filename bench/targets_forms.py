#!/usr/bin/python3
"""evalrun's target-scoring and ranking results in the form bench/peers/targets_plain.py writes.

    bench/targets_forms.py EVALRUN_OUT_DIR FORMS_DIR

FORMS_DIR/results.csv: kind, subject, value of every ratio, printed-% check, flag, points,
unit target points, total, rank and award in evalrun's results database. Not timed.
"""
import csv
import os
import sqlite3
import sys

KINDS = ("ratio", "printed_check", "flag", "points", "target_score", "score", "rank", "award")


def num(x):
    return "" if x is None else x if isinstance(x, str) else f"{float(x):.10g}"


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    db = sqlite3.connect(os.path.join(src, "results.sqlite"))
    with open(os.path.join(out, "results.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("kind", "subject", "value"))
        for kind, subject, value in db.execute(
                f"SELECT kind, subject, value FROM results WHERE kind IN ({','.join('?' * len(KINDS))})", KINDS):
            w.writerow((kind, subject, num(value)))


if __name__ == "__main__":
    main()
