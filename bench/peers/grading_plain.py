#!/usr/bin/python3
"""The national party grading of bench/grading.lua in plain Python (standard library only).

    grading_plain.py DATA_DIR OUT_DIR

The same rules as scripts/grading (each level's rules guard that level only, best first; QĐ 366 as rules/base/grading_qd366.lua sets it, grading year
2025, quota per chi bộ): who is not graded, the level from the 100-point score, the conditions
that block or cap a level, the gap left to people, the HTXSNV quota per chi bộ (reading B1, 20%
rounded down, 25% for an outstanding chi bộ) with the tie-break -score, -task_score, -votes, id;
every member's level with the same explanation, word for word; each pool's quota; each
organisation's counts, its subordinates' included. It does not grade the organisations
themselves (evalrun does). Writes OUT_DIR/members.csv, quota.csv and summary.csv, the forms
bench/check_grading.py compares.
"""
import csv
import os
import sys

YEAR, REVIEW, CUTOFF = 2025, "2025-12-31", "2025-06-30"
LEVELS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
MANUAL = "XEM_XET"
BAND_STEP = {1: " → HTXSNV (≥ 90)", 2: " → HTTNV (từ 70 đến dưới 90)", 3: " → HTNV (từ 50 đến dưới 70)",
             4: " → KHTNV (dưới 50)"}
EXCLUSION_TEXT = {
    "excused": "Không xếp loại: được miễn công tác và sinh hoạt đảng",
    "suspended": "Không xếp loại: đang bị đình chỉ sinh hoạt đảng",
    "recent": "Không xếp loại: vào Đảng chưa đủ 6 tháng tính đến ngày kiểm điểm",
}
DISCIPLINE = {"khien_trach": 1, "canh_cao": 2, "cach_chuc": 3, "khai_tru": 4}
DISCIPLINE_NAME = {"khien_trach": "khiển trách", "canh_cao": "cảnh cáo", "cach_chuc": "cách chức",
                   "khai_tru": "khai trừ"}
KEY_LABEL = ["tổng điểm (cao hơn xếp trước)", "điểm kết quả nhiệm vụ (cao hơn xếp trước)",
             "số phiếu (cao hơn xếp trước)", "mã"]
YES = {"x", "1", "có", "yes", "true", "đúng"}
NO = {"0", "không", "no", "false", "sai"}


def num(s):
    return float(s.replace(".", "").replace(",", ".")) if s else None


def boolean(s):
    s = s.strip().lower()
    return True if s in YES else False if s in NO else None


def vnum(x):
    if x == int(x):
        return "%d" % x
    return ("%.2f" % x).rstrip("0").replace(".", ",")


def describe(base, pct, allowed):
    exact = base * pct * 100 / 10000
    ex = "%d" % exact if exact == int(exact) else ("%.2f" % exact).rstrip("0").replace(".", ",")
    return "B1: %d%% × %d = %s → %d (làm tròn xuống)" % (pct, base, ex, allowed)


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    parent = {}
    with open(os.path.join(data, "units.csv"), encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        for row in r:
            parent[row[0]] = row[3] or None
    outstanding = set()
    counts = {}        # chi bộ -> [x, g, h, k, manual, excluded, disciplined]
    pools = {}         # chi bộ -> [x, g, candidates]
    levels = open(os.path.join(out, "members.csv"), "w", encoding="utf-8", newline="")
    w = csv.writer(levels, lineterminator="\n")
    w.writerow(("id", "level", "explanation"))
    with open(os.path.join(data, "gradings.csv"), encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=";")
        h = {name: i for i, name in enumerate(next(r))}
        i_id, i_kind, i_year, i_unit = h["subject_id"], h["subject_kind"], h["year"], h["unit_id"]
        i_score, i_task, i_votes = h["score"], h["task_score"], h["votes"]
        i_ex, i_late, i_unf = h["tasks_exceeded_pct"], h["tasks_late_pct"], h["tasks_unfinished_pct"]
        i_disc, i_duty, i_degr = h["discipline"], h["discipline_duty_related"], h["degraded"]
        i_excused, i_susp, i_adm, i_rem = h["excused"], h["suspended"], h["admitted"], h["shortcomings_remedied"]
        i_out = h["outstanding"]
        for row in r:
            if int(row[i_year]) != YEAR:
                continue
            if row[i_kind] != "person":
                if row[i_out] and boolean(row[i_out]):
                    outstanding.add(row[i_id])
                continue
            sid, unit = row[i_id], row[i_unit]
            uc = counts.get(unit)
            if uc is None:
                uc = counts[unit] = [0, 0, 0, 0, 0, 0, 0]
            why = None
            if boolean(row[i_excused]):
                why = "excused"
            elif boolean(row[i_susp]):
                why = "suspended"
            else:
                a = row[i_adm]
                if a and CUTOFF < a <= REVIEW:
                    why = "recent"
            if why:
                uc[5] += 1
                w.writerow((sid, why, EXCLUSION_TEXT[why]))
                continue
            s = num(row[i_score])
            lv = 1 if s >= 90 else 2 if s >= 70 else 3 if s >= 50 else 4
            steps = ["Điểm " + vnum(s) + BAND_STEP[lv]]
            d = row[i_disc]
            if d and d != "none":
                uc[6] += 1
                if DISCIPLINE[d] >= 1 and boolean(row[i_duty]) and lv < 4:
                    lv = 4
                    steps.append("Bị kỷ luật " + DISCIPLINE_NAME[d] + " trong năm → KHTNV")
            if boolean(row[i_degr]) and lv < 4:
                lv = 4
                steps.append("Có kết luận suy thoái → KHTNV")
            unf, late = num(row[i_unf]), num(row[i_late])
            if unf is not None and unf > 50 and lv < 4:
                lv = 4
                steps.append("Không hoàn thành " + vnum(unf) + "% nhiệm vụ (> 50%) → KHTNV")
            if lv == 1:
                ex = num(row[i_ex])
                if ex is not None and ex < 30:
                    lv = 2
                    steps.append("Chỉ " + vnum(ex) + "% nhiệm vụ vượt yêu cầu (cần ≥ 30%) → tối đa HTTNV")
                elif boolean(row[i_rem]) is False:
                    lv = 2
                    steps.append("Chưa khắc phục hết hạn chế đã chỉ ra → tối đa HTTNV")
            # each level's rules guard that level only: HTXSNV kept above stops here
            if lv == 2 and ((late and late > 0) or (unf and unf > 0)):
                lv = 3
                steps.append("Có nhiệm vụ trễ hạn hoặc chưa xong (HTTNV cần 100% đúng hạn) → tối đa HTNV")
            if lv == 3 and ((late and late > 20) or (unf and unf > 0)):
                why = ("chưa hoàn thành " + vnum(unf) + "% nhiệm vụ") if unf and unf > 0 else \
                      (vnum(late) + "% nhiệm vụ trễ hạn (HTNV cho phép ≤ 20%)")
                steps.append("Khoảng trống quy định: " + why +
                             ", không đạt HTNV nhưng không thuộc trường hợp KHTNV; quy tắc chọn: manual")
                lv = 0
            pool = pools.get(unit)
            if pool is None:
                pool = pools[unit] = [0, 0, []]
            if lv == 1:
                pool[0] += 1
                uc[0] += 1
                pool[2].append((-s, -num(row[i_task]), -int(row[i_votes]), sid, steps))
            elif lv == 0:
                uc[4] += 1
                w.writerow((sid, MANUAL, " | ".join(steps)))
            else:
                uc[lv - 1] += 1
                if lv == 2:
                    pool[1] += 1
                w.writerow((sid, LEVELS[lv - 1], " | ".join(steps)))
    quota = open(os.path.join(out, "quota.csv"), "w", encoding="utf-8", newline="")
    qw = csv.writer(quota, lineterminator="\n")
    qw.writerow(("pool", "base", "allowed", "proposed", "moved"))
    for pid in sorted(pools):
        x, g, cands = pools[pid]
        pct = 25 if pid in outstanding else 20
        allowed = g * pct * 100 // 10000
        text = describe(g, pct, allowed) + (" (tỷ lệ ngoại lệ cho tổ chức tiêu biểu)" if pid in outstanding else "")
        cands.sort(key=lambda c: c[:4])
        keep = "Trong chỉ tiêu HTXSNV của nhóm " + pid + ": " + text
        moved = 0
        for i, c in enumerate(cands):
            if i < allowed:
                w.writerow((c[3], "HTXSNV", " | ".join(c[4] + [keep])))
            else:
                moved += 1
                last = cands[allowed - 1] if allowed > 0 else None
                label = "không phân định được (bằng nhau trên mọi khóa)"
                if last:
                    for k in range(4):
                        if last[k] != c[k]:
                            label = KEY_LABEL[k]
                            break
                reason = "Vượt chỉ tiêu: được %d, đề xuất %d; xếp thứ %d; %s → HTTNV" % (allowed, x, i + 1, text)
                w.writerow((c[3], "HTTNV", " | ".join(c[4] + [reason, "Khóa phân định với người cuối cùng còn giữ HTXSNV: " + label])))
        uc = counts[pid]
        uc[0] -= moved
        uc[1] += moved
        qw.writerow((pid, g, allowed, x, moved))
    quota.close()
    levels.close()
    totals = {}
    for uid, c in counts.items():
        u, guard = uid, 0
        while u and guard < 50:
            t = totals.get(u)
            if t is None:
                t = totals[u] = [0] * 7
            for i in range(7):
                t[i] += c[i]
            u = parent.get(u)
            guard += 1
    with open(os.path.join(out, "summary.csv"), "w", encoding="utf-8", newline="") as f:
        sw = csv.writer(f, lineterminator="\n")
        sw.writerow(("unit", "excluded", "graded", "htxsnv", "httnv", "htnv", "khtnv", "manual"))
        for uid in sorted(totals):
            c = totals[uid]
            sw.writerow((uid, c[5], c[0] + c[1] + c[2] + c[3] + c[4], c[0], c[1], c[2], c[3], c[4]))


if __name__ == "__main__":
    main()
