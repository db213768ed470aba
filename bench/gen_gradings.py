#!/usr/bin/python3
"""Writes the year-end review of a benchmark data set: DIR/gradings.csv (bench/run.sh).

    bench/gen_gradings.py DIR

Reads DIR/members.csv and DIR/units.csv (bench/gen_data.py) and writes one gradings row per
member (subject_kind "person", graded by the member's chi bộ) and per chi bộ and đảng bộ
(subject_kind "unit", graded by its parent), for grading year 2025 (QĐ 366), with the columns
of the gradings table (scripts/grading.lua) as headers:

- members: the 100-point score of members.csv, a task score, votes, the shares of tasks
  exceeded, late and unfinished, discipline (about 1 in 200, most of it linked to duties),
  a few concluded degradations, members excused or suspended, members admitted in the last
  six months (not graded), shortcomings not remedied; so every exclusion and condition of
  QĐ 366 bites somewhere, and some members fall into its gap (listed for people to decide);
- organisations: a chi bộ proposes a level one time in two (otherwise it is computed from its
  members), a đảng bộ always proposes one; a few are marked outstanding.

Semicolons, UTF-8, LF, Vietnamese numbers. The same input always gives byte-identical output.
"""
import os
import random
import sys

YEAR = 2025


def vi(x):
    """87.5 -> "87,5" (one decimal at most, as the members' scores)."""
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_gradings.py DIR")
    folder = sys.argv[1]
    rng = random.Random(20251231)
    out = open(os.path.join(folder, "gradings.csv"), "w", encoding="utf-8", newline="\n")
    out.write("subject_id;subject_kind;year;unit_id;proposed;score;task_score;votes;tasks_exceeded_pct;"
              "tasks_late_pct;tasks_unfinished_pct;discipline;discipline_duty_related;degraded;excused;"
              "suspended;admitted;shortcomings_remedied;outstanding\n")
    with open(os.path.join(folder, "members.csv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(";")
        ii, ic, isc = header.index("id"), header.index("cell_id"), header.index("score")
        for line in f:
            cols = line.rstrip("\n").split(";")
            score = float(cols[isc].replace(".", "").replace(",", "."))
            task = round(score * 0.7 + rng.uniform(-2, 2), 1)
            task = min(max(task, 0), 70)
            votes = rng.randrange(5, 40)
            exceeded = rng.choice((0, 10, 20, 30, 40, 50, 60))
            late = unfinished = 0
            u = rng.random()
            if u < 0.06:
                late = rng.choice((5, 10, 15, 20))
            elif u < 0.07:
                late = rng.choice((25, 30, 40))
            elif u < 0.075:
                unfinished = rng.choice((10, 30, 60))
            discipline, duty = "", ""
            if rng.random() < 0.005:
                discipline = rng.choice(("khien_trach", "khien_trach", "canh_cao", "cach_chuc"))
                duty = "x" if rng.random() < 0.7 else ""
            degraded = "x" if rng.random() < 0.0005 else ""
            excused = "x" if rng.random() < 0.003 else ""
            suspended = "x" if rng.random() < 0.001 else ""
            if rng.random() < 0.02:
                admitted = f"{YEAR}-{rng.randrange(7, 13):02d}-{rng.randrange(1, 29):02d}"
            else:
                admitted = f"{rng.randrange(1975, YEAR)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            remedied = "0" if rng.random() < 0.03 else "x"
            out.write(f"{cols[ii]};person;{YEAR};{cols[ic]};;{vi(score)};{vi(task)};{votes};{exceeded};"
                      f"{late};{unfinished};{discipline};{duty};{degraded};{excused};{suspended};"
                      f"{admitted};{remedied};\n")
    with open(os.path.join(folder, "units.csv"), encoding="utf-8") as f:
        f.readline()
        for line in f:
            uid, _name, kind, parent = line.rstrip("\n").split(";")[:4]
            if kind == "tinh":
                continue
            if kind == "chi_bo" and rng.random() < 0.5:
                proposed = ""
            else:
                proposed = rng.choice(("HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV"))
            outstanding = "x" if rng.random() < 0.02 else ""
            out.write(f"{uid};unit;{YEAR};{parent};{proposed};;;{rng.randrange(5, 40)};;;;;;;;;;;{outstanding}\n")
    out.close()


if __name__ == "__main__":
    main()
