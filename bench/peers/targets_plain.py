#!/usr/bin/python3
"""Target scoring and block ranking of bench/targets.lua in plain Python (standard library only).

    targets_plain.py DATA_DIR OUT_DIR

The same rules as scripts/scoring.lua and scripts/ranking.lua with bench/targets.lua's settings:
each target's attainment ratio (exact decimal arithmetic, 2 decimals, half away from zero; plan
/ actual for a lower-is-better indicator), the printed-% check (rounded or cut digits agree),
points on a weight of 5 (proportional, 0 under half the plan, half the excess as a bonus up to
20% of the weight, to 0,0001); a result not reported is left out and the other weights scaled
up; each unit's target points; each block's totals (criteria + bonus capped at 50 per group −
deductions + target points, to 0,1), ranks (total, votes, id) and the Cờ for rank 1.
Writes OUT_DIR/results.csv (kind, subject, value: the figures evalrun puts in its results
database), OUT_DIR/target_attainment.csv and OUT_DIR/ranking.csv (the tables). It does not
write the explanations (evalrun does).
"""
import csv
import math
import os
import sys

YEAR = 2025
WEIGHT = 5
FLOOR, RATE, CAP = 0.5, 0.5, 0.2
EPS = 1e-12
BONUS_CAPS = {"thuong": 50}


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        yield from r


def vi_plain(s):
    """'2.878,4' -> '2878.4' (a Vietnamese number as a plain decimal string)."""
    return s.replace(".", "").replace(",", ".")


def as_decimal(s):
    """'2878.4' -> (28784, 1)."""
    whole, _, frac = s.partition(".")
    return int(whole + frac), len(frac)


def pct_units(num, den, decimals, rounding):
    (a, ka), (b, kb) = num, den
    n, m = a * 10 ** (kb + 2 + decimals), b * 10 ** ka
    neg = (n < 0) != (m < 0)
    n, m = abs(n), abs(m)
    q, r = divmod(n, m)
    if rounding and 2 * r >= m:
        q += 1
    return -q if neg else q


def lua_round(x, decimals):
    m = 10 ** decimals
    v = x * m
    v = math.floor(v + 0.5 + 1e-9) if v >= 0 else -math.floor(-v + 0.5 + 1e-9)
    return v / m


def share_of(ratio):
    if ratio < FLOOR - EPS:
        return 0.0
    if ratio < 1 - EPS:
        return max(ratio, 0.0)
    excess = ratio - 1
    if excess > EPS:
        bonus = excess * RATE
        return 1 + CAP if bonus >= CAP else 1 + bonus
    return 1


def num(x):
    return "" if x is None else f"{float(x):.10g}" if not isinstance(x, str) else x


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    units, blocks = {}, {}
    for uid, name, _kind, _parent, block in rows(os.path.join(data, "units.csv")):
        units[uid] = name
        if block:
            blocks.setdefault(block, []).append(uid)
    indicators = {}
    for iid, name, measure, direction, sort in rows(os.path.join(data, "indicators.csv")):
        indicators[iid] = (name, measure, direction, int(sort))
    res = open(os.path.join(out, "results.csv"), "w", encoding="utf-8", newline="")
    rw = csv.writer(res, lineterminator="\n")
    rw.writerow(("kind", "subject", "value"))
    tab = open(os.path.join(out, "target_attainment.csv"), "w", encoding="utf-8", newline="")
    tw = csv.writer(tab, lineterminator="\n")
    tw.writerow(("unit", "indicator", "measure", "plan", "actual", "pct", "printed", "check", "verdict",
                 "weight", "points"))

    # Target rows of the year, by unit, in sheet order.
    by_unit = {}
    for uid, year, iid, plan, actual, printed in rows(os.path.join(data, "targets.csv")):
        if int(year) == YEAR:
            by_unit.setdefault(uid, []).append((iid, plan, actual, printed))
    target_points = {}
    for uid in sorted(by_unit):
        lst = by_unit[uid]
        lst.sort(key=lambda t: (indicators[t[0]][3], t[0]))
        w_all = w_counted = 0
        total = 0.0
        for iid, plan_s, actual_s, printed in lst:
            subject = f"{uid}:{iid}"
            name, measure, direction, _ = indicators[iid]
            plan_p, actual_p = vi_plain(plan_s), vi_plain(actual_s) if actual_s else None
            row_out = [units.get(uid, uid), name, measure, plan_p, actual_p or "", "", "", "", "", WEIGHT, ""]
            if actual_p is None:
                rw.writerow(("points", subject, ""))
                w_all += WEIGHT
                row_out[8] = "thiếu số liệu"
                tw.writerow(row_out)
                continue
            plan, actual = float(plan_p), float(actual_p)
            if direction == "lower":
                n, d, ratio = as_decimal(plan_p), as_decimal(actual_p), plan / actual
            else:
                n, d, ratio = as_decimal(actual_p), as_decimal(plan_p), actual / plan
            pct = pct_units(n, d, 2, True) / 100
            rw.writerow(("ratio", subject, num(pct)))
            verdict = ("vượt kế hoạch" if ratio > 1 + EPS else "đạt kế hoạch") if ratio >= 1 - EPS else "chưa đạt"
            check = ""
            if printed:
                p = vi_plain(printed.rstrip("%").strip())
                units_p, decs = as_decimal(p)
                agrees = units_p in (pct_units(n, d, decs, True), pct_units(n, d, decs, False))
                rw.writerow(("printed_check", subject, "khớp" if agrees else "lệch"))
                if not agrees:
                    rw.writerow(("flag", subject, "printed_pct_mismatch"))
                check = "khớp" if agrees else "lệch"
            points = lua_round(share_of(ratio) * WEIGHT, 4)
            rw.writerow(("points", subject, num(points)))
            w_all += WEIGHT
            w_counted += WEIGHT
            total += points
            row_out[5:11] = [num(pct), printed, check, verdict, WEIGHT, num(points)]
            tw.writerow(row_out)
        if w_counted:
            factor = w_all / w_counted if w_counted < w_all else 1
            t = lua_round(total * factor, 4)
            target_points[uid] = t
            rw.writerow(("target_score", uid, num(t)))
    tab.close()

    # Block ranking.
    criteria = []
    for cid, _name, gid, _gname, mx, sort in rows(os.path.join(data, "criteria.csv")):
        criteria.append((int(sort), cid, gid, float(vi_plain(mx))))
    criteria.sort()
    scores = {}
    for uid, year, cid, _self, verified in rows(os.path.join(data, "criterion_scores.csv")):
        if int(year) == YEAR:
            scores[(uid, cid)] = float(vi_plain(verified))
    adjustments = {}
    for uid, year, line, group, pts, _reason in rows(os.path.join(data, "adjustments.csv")):
        if int(year) == YEAR:
            adjustments.setdefault(uid, []).append((line, group, float(vi_plain(pts))))
    votes = {}
    for uid, year, v in rows(os.path.join(data, "unit_years.csv")):
        if int(year) == YEAR:
            votes[uid] = int(v)
    rank_f = open(os.path.join(out, "ranking.csv"), "w", encoding="utf-8", newline="")
    kw = csv.writer(rank_f, lineterminator="\n")
    kw.writerow(("block", "rank", "unit", "content", "bonus", "deductions", "targets", "total", "award"))
    for block in sorted(blocks):
        ranked = []
        for uid in sorted(blocks[block]):
            content = 0.0
            for _s, cid, _g, _mx in criteria:
                content = lua_round(content + scores[(uid, cid)], 4)
            deductions, by_group, order = 0.0, {}, []
            for line, group, pts in sorted(adjustments.get(uid, ())):
                if pts < 0:
                    deductions = lua_round(deductions - pts, 4)
                elif pts > 0:
                    if group not in by_group:
                        by_group[group] = 0.0
                        order.append(group)
                    by_group[group] = lua_round(by_group[group] + pts, 4)
            bonus = 0.0
            for g in order:
                pts = by_group[g]
                if g in BONUS_CAPS and pts > BONUS_CAPS[g]:
                    pts = BONUS_CAPS[g]
                bonus = lua_round(bonus + pts, 4)
            targets = target_points.get(uid, 0)
            total = lua_round(lua_round(0 + content + bonus - deductions + targets, 4), 1)
            ranked.append((-total, -votes.get(uid, 0), uid, content, bonus, deductions, targets, total))
        ranked.sort()
        for i, (_t, _v, uid, content, bonus, deductions, targets, total) in enumerate(ranked, 1):
            rw.writerow(("score", uid, num(total)))
            rw.writerow(("rank", uid, num(i)))
            if i == 1:
                rw.writerow(("award", uid, "CO"))
            kw.writerow((block, i, units[uid], num(content), num(bonus), num(deductions), num(targets), num(total),
                         "Cờ thi đua của UBND tỉnh" if i == 1 else ""))
    rank_f.close()
    res.close()


if __name__ == "__main__":
    main()
