#!/usr/bin/python3
"""The national party grading of bench/grading.lua in pandas (column operations throughout).

    grading_pandas.py DATA_DIR OUT_DIR

The same rules and outputs as bench/peers/grading_plain.py (see there): exclusions, the level
from the score, the conditions, the gap, the HTXSNV quota per chi bộ with its tie-break, every
member's level with the same explanation word for word, each pool's quota and each
organisation's counts with its subordinates'. Writes OUT_DIR/members.csv, quota.csv, summary.csv.
"""
import os
import sys

import numpy as np
import pandas as pd

YEAR, REVIEW, CUTOFF = 2025, "2025-12-31", "2025-06-30"
BAND = {1: " → HTXSNV (≥ 90)", 2: " → HTTNV (từ 70 đến dưới 90)", 3: " → HTNV (từ 50 đến dưới 70)",
        4: " → KHTNV (dưới 50)"}
LEVEL = {1: "HTXSNV", 2: "HTTNV", 3: "HTNV", 4: "KHTNV", 0: "XEM_XET"}
EXCLUSION_TEXT = {
    "excused": "Không xếp loại: được miễn công tác và sinh hoạt đảng",
    "suspended": "Không xếp loại: đang bị đình chỉ sinh hoạt đảng",
    "recent": "Không xếp loại: vào Đảng chưa đủ 6 tháng tính đến ngày kiểm điểm",
}
DISCIPLINE_NAME = {"khien_trach": "khiển trách", "canh_cao": "cảnh cáo", "cach_chuc": "cách chức",
                   "khai_tru": "khai trừ"}
KEYS = ["nscore", "ntask", "nvotes", "subject_id"]
KEY_LABEL = ["tổng điểm (cao hơn xếp trước)", "điểm kết quả nhiệm vụ (cao hơn xếp trước)",
             "số phiếu (cao hơn xếp trước)", "mã"]
YES = ["x", "1", "có", "yes", "true", "đúng"]
NO = ["0", "không", "no", "false", "sai"]
NUMBERS = ["score", "task_score", "votes", "tasks_exceeded_pct", "tasks_late_pct", "tasks_unfinished_pct"]


def vnum(x):
    """Vietnamese numbers as evalrun prints them in explanations: 92, 70,7."""
    whole = x == np.floor(x)
    as_int = x.fillna(0).astype(np.int64).astype(str)
    as_dec = x.round(2).astype(str).str.replace(".", ",", regex=False)
    return as_int.where(whole, as_dec)


def yes(col):
    s = col.fillna("").str.strip().str.lower()
    return s.isin(YES)


def describe(base, pct, allowed):
    exact = base * pct / 100
    ex = vnum(exact)
    return "B1: " + pct.astype(str) + "% × " + base.astype(str) + " = " + ex + " → " + allowed.astype(str) + \
        " (làm tròn xuống)"


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    units = pd.read_csv(os.path.join(data, "units.csv"), sep=";", dtype=str, usecols=[0, 3], header=0,
                        names=["id", "parent"], keep_default_na=False)
    g = pd.read_csv(os.path.join(data, "gradings.csv"), sep=";", dtype=str, keep_default_na=False,
                    na_values=[""])
    g = g[g["year"].astype(int) == YEAR]
    for c in NUMBERS:
        g[c] = pd.to_numeric(g[c].str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    outstanding = set(g.loc[(g["subject_kind"] == "unit") & yes(g["outstanding"]), "subject_id"])
    m = g[g["subject_kind"] == "person"].reset_index(drop=True)

    why = pd.Series(np.select([yes(m["excused"]), yes(m["suspended"]),
                               (m["admitted"].fillna("") > CUTOFF) & (m["admitted"].fillna("") <= REVIEW)],
                              ["excused", "suspended", "recent"], ""), index=m.index)
    ex = m[why != ""]
    graded = m[why == ""].copy()

    s = graded["score"]
    lv = pd.Series(np.select([s >= 90, s >= 70, s >= 50], [1, 2, 3], 4), index=graded.index)
    expl = "Điểm " + vnum(s) + lv.map(BAND)

    def add(mask, text):
        nonlocal expl
        expl = expl.where(~mask, expl + " | " + text)

    disc = graded["discipline"].fillna("")
    has_disc = (disc != "") & (disc != "none")
    bite = has_disc & yes(graded["discipline_duty_related"]) & (lv < 4)
    add(bite, "Bị kỷ luật " + disc.map(DISCIPLINE_NAME).fillna("") + " trong năm → KHTNV")
    lv = lv.mask(bite, 4)
    bite = yes(graded["degraded"]) & (lv < 4)
    add(bite, "Có kết luận suy thoái → KHTNV")
    lv = lv.mask(bite, 4)
    unf, late = graded["tasks_unfinished_pct"], graded["tasks_late_pct"]
    bite = (unf > 50) & (lv < 4)
    add(bite, "Không hoàn thành " + vnum(unf) + "% nhiệm vụ (> 50%) → KHTNV")
    lv = lv.mask(bite, 4)
    exc = graded["tasks_exceeded_pct"]
    low = (lv == 1) & (exc < 30)
    add(low, "Chỉ " + vnum(exc) + "% nhiệm vụ vượt yêu cầu (cần ≥ 30%) → tối đa HTTNV")
    unrem = (lv == 1) & ~low & graded["shortcomings_remedied"].fillna("").str.strip().str.lower().isin(NO)
    add(unrem, "Chưa khắc phục hết hạn chế đã chỉ ra → tối đa HTTNV")
    lv = lv.mask(low | unrem, 2)
    bite = (lv == 2) & ((late > 0) | (unf > 0))     # each level's rules guard that level only
    add(bite, "Có nhiệm vụ trễ hạn hoặc chưa xong (HTTNV cần 100% đúng hạn) → tối đa HTNV")
    lv = lv.mask(bite, 3)
    gap = (lv == 3) & ((late > 20) | (unf > 0))
    gap_why = ("chưa hoàn thành " + vnum(unf) + "% nhiệm vụ").where(
        unf > 0, vnum(late) + "% nhiệm vụ trễ hạn (HTNV cho phép ≤ 20%)")
    add(gap, "Khoảng trống quy định: " + gap_why +
        ", không đạt HTNV nhưng không thuộc trường hợp KHTNV; quy tắc chọn: manual")
    lv = lv.mask(gap, 0)
    graded["lv"] = lv
    graded["expl"] = expl
    graded["disciplined"] = has_disc.astype(int)

    # The quota per chi bộ: B1, 20% (25% for an outstanding chi bộ) of the HTTNV count, rounded down.
    graded["is1"], graded["is2"] = (graded["lv"] == 1).astype(np.int64), (graded["lv"] == 2).astype(np.int64)
    pools = graded.groupby("unit_id")[["is1", "is2"]].sum().rename(columns={"is1": "x", "is2": "g"})
    pools["pct"] = np.where(pools.index.isin(list(outstanding)), 25, 20)
    pools["allowed"] = pools["g"] * pools["pct"] // 100
    pools["text"] = describe(pools["g"], pools["pct"], pools["allowed"]) + \
        np.where(pools["pct"] == 25, " (tỷ lệ ngoại lệ cho tổ chức tiêu biểu)", "")
    cands = graded[graded["lv"] == 1].copy()
    cands["nscore"], cands["ntask"], cands["nvotes"] = -cands["score"], -cands["task_score"], -cands["votes"]
    cands = cands.sort_values(["unit_id"] + KEYS, kind="mergesort")
    cands["rank"] = cands.groupby("unit_id").cumcount() + 1
    cands = cands.join(pools[["x", "allowed", "text"]], on="unit_id")
    kept = cands["rank"] <= cands["allowed"]
    last = cands[cands["rank"] == cands["allowed"]].set_index("unit_id")[KEYS]
    moved = cands[~kept].join(last, on="unit_id", rsuffix="_last")
    label = pd.Series("không phân định được (bằng nhau trên mọi khóa)", index=moved.index)
    for k in reversed(range(4)):
        diff = moved[KEYS[k] + "_last"].notna() & (moved[KEYS[k]] != moved[KEYS[k] + "_last"])
        label = label.mask(diff, KEY_LABEL[k])
    cands.loc[kept, "expl"] = cands.loc[kept, "expl"] + " | Trong chỉ tiêu HTXSNV của nhóm " + \
        cands.loc[kept, "unit_id"] + ": " + cands.loc[kept, "text"]
    cands.loc[~kept, "expl"] = cands.loc[~kept, "expl"] + " | Vượt chỉ tiêu: được " + \
        moved["allowed"].astype(str) + ", đề xuất " + moved["x"].astype(str) + "; xếp thứ " + \
        moved["rank"].astype(str) + "; " + moved["text"] + " → HTTNV | Khóa phân định với người cuối cùng còn giữ HTXSNV: " + label
    cands.loc[~kept, "lv"] = 2
    pools["moved"] = cands[~kept].groupby("unit_id").size().reindex(pools.index, fill_value=0)

    rest = graded[graded["lv"] != 1]
    members = pd.concat([
        pd.DataFrame({"id": ex["subject_id"], "level": why[why != ""], "explanation": why[why != ""].map(EXCLUSION_TEXT)}),
        pd.DataFrame({"id": rest["subject_id"], "level": rest["lv"].map(LEVEL), "explanation": rest["expl"]}),
        pd.DataFrame({"id": cands["subject_id"], "level": cands["lv"].map(LEVEL), "explanation": cands["expl"]}),
    ])
    members.to_csv(os.path.join(out, "members.csv"), index=False, lineterminator="\n")
    pools.reset_index().rename(columns={"unit_id": "pool", "g": "base", "x": "proposed"})[
        ["pool", "base", "allowed", "proposed", "moved"]].to_csv(os.path.join(out, "quota.csv"), index=False,
                                                                 lineterminator="\n")

    # Counts per chi bộ, then added up the tree of units.
    final = pd.concat([rest[["unit_id", "lv"]], cands[["unit_id", "lv"]]])
    c = pd.crosstab(final["unit_id"], final["lv"]).reindex(columns=[1, 2, 3, 4, 0], fill_value=0)
    c.columns = ["htxsnv", "httnv", "htnv", "khtnv", "manual"]
    c["excluded"] = ex.groupby("unit_id").size()
    c = c.reindex(c.index.union(ex["unit_id"].unique())).fillna(0).astype(np.int64)
    parent = units.set_index("id")["parent"].replace("", np.nan)
    totals, level = c.copy(), c
    while True:
        up = level.index.map(parent)
        has = up.notna()
        if not has.any():
            break
        level = level[has].groupby(up[has]).sum()
        totals = totals.add(level, fill_value=0)
    totals = totals.astype(np.int64).sort_index()
    totals["graded"] = totals[["htxsnv", "httnv", "htnv", "khtnv", "manual"]].sum(axis=1)
    totals.index.name = "unit"
    totals[["excluded", "graded", "htxsnv", "httnv", "htnv", "khtnv", "manual"]].to_csv(
        os.path.join(out, "summary.csv"), lineterminator="\n")


if __name__ == "__main__":
    main()
