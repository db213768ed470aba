#!/usr/bin/python3
"""The awards benchmark's rules in plain Python (standard library only): the peer of bench/awards.lua.

    bench/peers/awards_plain.py DATA_DIR OUT_DIR

Reads the files bench/gen_awards.py writes and decides, for assessment year 2025 with the ND 98
numbers (rules/base/awards_nd98.lua): LĐTT, CSTĐCS with the quota of 15% of the unit's LĐTT count
(rounded down; grade, initiatives, score, id), CSTĐ tỉnh, Bằng khen tỉnh, Bằng khen Thủ tướng and
Huân chương Lao động hạng Ba, one achievement feeding one award. Writes
  OUT_DIR/decisions.csv  code, subject, granted, eligible, period, reason (the reason word for word
                         as evalrun records it)
  OUT_DIR/quota.csv      pool, LĐTT count, places, candidates, granted
"""
import csv
import os
import sys

YEAR = 2025
GRADES = {"KHTNV": 0, "HTNV": 1, "HTTNV": 2, "HTXSNV": 3}
TITLES = {"LĐTT": "LDTT", "LDTT": "LDTT", "CSTĐCS": "CSTDCS", "CSTDCS": "CSTDCS"}
LEVELS = {"cơ sở": "co_so", "tỉnh": "tinh", "toàn quốc": "toan_quoc"}
NAMES = {"BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh", "BK_TTG": "Bằng khen của Thủ tướng Chính phủ"}
KEY_WORDS = {"grade_rank": "xếp loại", "initiative_count": "số sáng kiến", "score": "điểm đánh giá", "id": "mã"}
ALL_LEVELS, HIGH_LEVELS = "cấp cơ sở/cấp tỉnh/toàn quốc", "cấp tỉnh/toàn quốc"


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        yield from r


def vi_num(s):
    return float(s.replace(".", "").replace(",", ".")) if s else None


def vi_bool(s):
    return None if s == "" else s.lower() in ("có", "x", "1", "true", "yes")


def at_least(g, m):
    return g in GRADES and GRADES[g] >= GRADES[m]


def fmt(v):
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, float) and v != int(v):
        return f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(v, (int, float)):
        return str(int(v))
    return v


def years_text(ys):
    if not ys:
        return "không có"
    if len(ys) > 2 and all(ys[i] == ys[i - 1] + 1 for i in range(1, len(ys))):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


class Person:
    __slots__ = ("id", "unit", "years", "awards", "inits")

    def __init__(self, pid):
        self.id, self.unit, self.years, self.awards, self.inits = pid, None, {}, [], []


def streak(p, pred, frm):
    first = frm if frm is not None else (min(p.years) if p.years else None)
    ys, y = [], YEAR
    while first is not None and y >= first and pred(p.years.get(y)):
        ys.insert(0, y)
        y -= 1
    return len(ys), ys, (y if first is not None and y >= first else None)


def count(p, lo, hi, pred):
    ys = [y for y in range(lo, hi + 1) if pred(p.years.get(y))]
    return len(ys), ys


def has_title(code):
    return lambda e: e is not None and code in e[1]


def grade_min(m):
    return lambda e: e is not None and at_least(e[0], m)


def inits(p, lo, hi, levels=None):
    return [i for i in p.inits if lo <= i[0] <= hi and (levels is None or i[1] in levels)]


def award_end(a):
    if a[2] is not None:
        return a[2], "period"
    return (int(a[4][-4:]) if a[4] else None), "date"


def last_award(p, kinds):
    best = best_end = None
    for a in p.awards:
        e = award_end(a)[0]
        if a[0] in kinds and e is not None and e < YEAR and (best_end is None or e > best_end):
            best, best_end = a, e
    return best, best_end


def window_start(p, kinds):
    a, e = last_award(p, kinds)
    if a is None:
        return None
    return e + 1 if award_end(a)[1] == "period" else e


class D:
    """A decision: its conditions (label, required, actual, ok, detail, group) settle it."""
    __slots__ = ("code", "subject", "conds", "eligible", "granted", "ground", "ground_label", "period",
                 "refused_by", "claim", "key", "pool")

    def __init__(self, code, subject):
        self.code, self.subject, self.conds = code, subject, []
        self.ground = self.ground_label = self.period = self.refused_by = None
        self.claim, self.key, self.pool = [], None, None

    def cond(self, label, required, actual, ok, detail=None, group=None):
        self.conds.append((label, required, actual, ok, detail, group))

    def settle(self):
        base, groups = True, {}
        for c in self.conds:
            if c[5]:
                groups[c[5]] = groups.get(c[5], True) and c[3]
            elif not c[3]:
                base = False
        ok_groups = [g for g, v in groups.items() if v]
        self.eligible = base and (not groups or bool(ok_groups))
        self.ground = ok_groups[0] if ok_groups else None
        self.granted = self.eligible
        return self

    def set_period(self, ys):
        if ys:
            self.period = str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"
        self.claim = ys

    def reason(self):
        if self.granted:
            s = "đủ điều kiện"
            if self.ground_label:
                s += " theo " + self.ground_label
            if self.period:
                s += "; thời gian thành tích " + self.period
            return s
        if self.refused_by:
            return "không được đề nghị: " + self.refused_by
        failed = [cond_text(c) for c in self.conds if not c[3] and not c[5]]
        if not failed:
            seen = set()
            for c in self.conds:
                if c[5] and not c[3] and c[5] not in seen:
                    seen.add(c[5])
                    failed.append(cond_text(c))
        return "không đủ điều kiện: " + "; ".join(failed)


def cond_text(c):
    word = "thực tế" if isinstance(c[2], bool) else "có"
    s = f"{c[0]}: cần {fmt(c[1])}, {word} {fmt(c[2])}"
    return s + f" ({c[4]})" if c[4] else s


def check_ldtt(p):
    e = p.years[YEAR]
    d = D("LDTT", p.id)
    d.cond(f"Xếp loại năm {YEAR}", "HTTNV trở lên", e[0] or "không có", at_least(e[0], "HTTNV"))
    active = True if e[2] is None else e[2]
    d.cond("Tham gia phong trào thi đua", True, active is True, active is True)
    disc = e[3] is True
    d.cond("Bị kỷ luật trong năm", False, disc, not disc)
    return d.settle()


def check_cstdcs(p, ldtt):
    e = p.years[YEAR]
    d = D("CSTDCS", p.id)
    d.cond(f"Đạt danh hiệu LĐTT năm {YEAR}", True, ldtt.granted, ldtt.granted)
    d.cond(f"Xếp loại năm {YEAR}", "HTXSNV", e[0] or "không có", at_least(e[0], "HTXSNV"), None, "g")
    its = inits(p, YEAR, YEAR)
    d.cond(f"Sáng kiến {ALL_LEVELS} năm {YEAR}", 1, len(its), len(its) >= 1, its[0][2] if its else None, "i")
    d.settle()
    if d.eligible and d.ground:
        d.ground_label = "xếp loại HTXSNV" if d.ground == "g" else "sáng kiến"
    d.key = (-GRADES.get(e[0], -1), -len(its), -(e[4] if e[4] is not None else 0), p.id)
    return d


def check_cstdt(p):
    d = D("CSTDT", p.id)
    n, ys, broke = streak(p, has_title("CSTDCS"), None)
    detail = years_text(ys) + (f"; năm {broke} không đạt" if broke is not None and n > 0 else "")
    d.cond(f"Số năm liên tục đạt CSTĐCS đến năm {YEAR}", 3, n, n >= 3, detail)
    its = inits(p, ys[0] if n else YEAR, YEAR, ("tinh", "toan_quoc"))
    d.cond(f"Sáng kiến {HIGH_LEVELS} trong {years_text(ys)}", 1, len(its), len(its) >= 1, its[0][2] if its else None)
    return d.settle()


def check_bk_tinh(p):
    d = D("BK_TINH", p.id)
    frm = window_start(p, ("BK_TINH",))
    n1, y1, _ = streak(p, has_title("CSTDCS"), frm)
    d.cond(f"Số năm liên tục đạt CSTĐCS đến năm {YEAR}", 2, n1, n1 >= 2, years_text(y1), "d1")
    n2, y2, _ = streak(p, grade_min("HTXSNV"), frm)
    d.cond(f"Số năm liên tục HTXSNV đến năm {YEAR}", 2, n2, n2 >= 2, years_text(y2), "d2")
    k = len(inits(p, y2[0], YEAR)) if n2 else 0
    d.cond(f"Sáng kiến {ALL_LEVELS} trong các năm HTXSNV", 2, k, k >= 2, None, "d2")
    d.settle()
    if d.eligible:
        d.ground_label = "CSTĐCS liên tục" if d.ground == "d1" else "HTXSNV liên tục và sáng kiến"
        d.set_period([YEAR - 1, YEAR])
    return d


def check_long(code, p, requires, window, htxsnv):
    d = D(code, p.id)
    held, _ = last_award(p, requires)
    detail = None
    if held:
        detail = (held[3] or held[0]) + ((", thành tích " + (f"{held[1]}–" if held[1] is not None and held[1] != held[2]
                                                             else "") + str(held[2])) if held[2] is not None else "")
    d.cond("Đã có " + " hoặc ".join(NAMES[k] for k in requires), True, held is not None, held is not None, detail)
    frm = window_start(p, window)
    n, ys, broke = streak(p, grade_min("HTTNV"), frm)
    detail = years_text(ys)
    if frm is not None:
        detail += f"; tính từ năm {frm}"
    if broke is not None and n < 5:
        detail += f"; năm {broke} không đạt"
    d.cond(f"Số năm liên tục HTTNV trở lên đến năm {YEAR}", 5, n, n >= 5, detail)
    lo = ys[0] if n else YEAR
    if htxsnv:
        k, ky = count(p, lo, YEAR, grade_min("HTXSNV"))
        d.cond("Số năm HTXSNV trong thời gian đó", htxsnv, k, k >= htxsnv, years_text(ky))
    k, ky = count(p, lo, YEAR, has_title("CSTDCS"))
    d.cond(f"Số lần CSTĐCS trong thời gian đó (từ {lo})", 3, k, k >= 3, years_text(ky))
    d.settle()
    if d.eligible:
        d.set_period(ys)
    return d


def describe(base, allowed):
    exact = base * 1500 / 10000
    ex = str(int(exact)) if exact == int(exact) else f"{exact:.2f}".rstrip("0").replace(".", ",")
    return f"15% × {base} = {ex} → {allowed} (làm tròn xuống)"


def apply_quota(cst, ldtt_counts):
    pools = {}
    for d in cst:
        if d.eligible:
            pools.setdefault(d.pool, []).append(d)
    lines = []
    for pool in sorted(set(pools) | set(ldtt_counts)):
        base = ldtt_counts.get(pool, 0)
        allowed = base * 1500 // 10000
        text = describe(base, allowed)
        cands = sorted(pools.get(pool, []), key=lambda d: d.key)
        last = cands[allowed - 1] if 0 < allowed <= len(cands) else None
        for i, d in enumerate(cands[allowed:], allowed + 1):
            d.granted = False
            sep = ""
            if last:
                ki = next((j for j in range(4) if last.key[j] != d.key[j]), None)
                if ki is not None:
                    sep = " (phân định theo " + KEY_WORDS[("grade_rank", "initiative_count", "score", "id")[ki]] + ")"
            d.refused_by = f"vượt hạn mức CSTĐCS: {text}; xếp thứ {i}/{len(cands)}{sep}"
        lines.append((pool, base, allowed, len(cands), min(allowed, len(cands))))
    return lines


def one_achievement(decisions):
    rank = {"HCLD3": 0, "BK_TTG": 1, "BK_TINH": 2}
    used = {}
    for d in sorted((d for d in decisions if d.eligible), key=lambda d: (rank[d.code], d.subject)):
        u = used.setdefault(d.subject, {})
        taken = [y for y in d.claim if y in u]
        if taken:
            d.granted = False
            d.refused_by = (f"thành tích năm {years_text(taken)} đã dùng cho {u[taken[0]]} "
                            "(mỗi thành tích chỉ đề nghị một hình thức)")
        else:
            for y in d.claim:
                u[y] = f"{d.code} {YEAR}"


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    people = {}
    for pid, _name, unit, _pos in rows(os.path.join(data, "staff.csv")):
        people[pid] = Person(pid)
        people[pid].unit = unit
    # a year entry: (grade, titles, active, disciplined, score); the assessed year's titles are decided here
    for pid, y, grade, titles, active, disc, score in rows(os.path.join(data, "staff_history.csv")):
        y = int(y)
        ts = set() if y == YEAR else {TITLES[t.strip()] for t in titles.replace("+", ",").replace(";", ",").split(",")
                                     if t.strip()}
        people[pid].years[y] = (grade, ts, vi_bool(active), vi_bool(disc), vi_num(score))
    for pid, y, level, title, _dec in rows(os.path.join(data, "initiatives.csv")):
        people[pid].inits.append((int(y), LEVELS[level], title))
    for p in people.values():
        p.inits.sort(key=lambda i: i[0])
    for pid, kind, pf, pt, dec, date in rows(os.path.join(data, "awards_history.csv")):
        people[pid].awards.append((kind, int(pf) if pf else None, int(pt) if pt else None, dec, date))
    for p in people.values():
        if len(p.awards) > 1:
            p.awards.sort(key=lambda a: (a[2] is not None, a[2] or 0, a[4][-4:] + a[4][3:5] + a[4][:2]))

    ids = sorted(pid for pid, p in people.items() if YEAR in p.years)
    f = open(os.path.join(out, "decisions.csv"), "w", encoding="utf-8", newline="")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(("code", "subject", "granted", "eligible", "period", "reason"))

    def put(d):
        w.writerow((d.code, d.subject, int(d.granted), int(d.eligible), d.period or "", d.reason()))

    # LĐTT is final as it is made; the CSTĐCS candidates wait for their unit's quota
    cst, ldtt_counts = [], {}
    for pid in ids:
        p = people[pid]
        d = check_ldtt(p)
        put(d)
        if d.granted:
            p.years[YEAR][1].add("LDTT")
        ldtt_counts[p.unit] = ldtt_counts.get(p.unit, 0) + (1 if d.granted else 0)
        c = check_cstdcs(p, d)
        c.pool = p.unit
        cst.append(c)
    lines = apply_quota(cst, ldtt_counts)
    for d in cst:
        put(d)
        if d.granted:
            people[d.subject].years[YEAR][1].add("CSTDCS")
    cst = None
    # the commendations, person by person: the years an award uses are that person's own
    for pid in ids:
        p = people[pid]
        ds = [check_cstdt(p), check_long("HCLD3", p, ("BK_TTG",), ("BK_TTG", "HCLD3"), 1),
              check_long("BK_TTG", p, ("BK_TINH",), ("BK_TINH", "BK_TTG"), 0), check_bk_tinh(p)]
        one_achievement(ds[1:])
        for d in ds:
            put(d)
    f.close()
    with open(os.path.join(out, "quota.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("pool", "ldtt", "allowed", "candidates", "granted"))
        w.writerows(lines)

if __name__ == "__main__":
    main()
