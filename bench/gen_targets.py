#!/usr/bin/python3
"""Writes a deterministic data set for the target-scoring and block-ranking benchmark
(bench/run.sh --only scoring, bench/targets.lua).

    bench/gen_targets.py TARGETS DIR

TARGETS target rows of the year 2025: 20 indicators per unit, so TARGETS / 20 units, 20 units
to an emulation block. Files (semicolons, Vietnamese numbers, UTF-8, LF, as Excel writes them):
DIR/units.csv             the units under one provincial committee, each in a block (K00001 …)
DIR/indicators.csv        20 indicators, the first lower-is-better
DIR/targets.csv           unit × indicator: plan, actual (1 in 250 not reported yet) and the
                          printed percentage (rounded or cut to 1 or 2 decimals, 1 in 100 wrong)
DIR/criteria.csv          the score sheet: 6 criteria in 2 groups (NV, XD), 950 points
DIR/criterion_scores.csv  every unit's verified points for each criterion
DIR/adjustments.csv       bonus and deduction lines for one unit in five
DIR/unit_years.csv        every unit's votes at the block conference
The same arguments always give byte-identical files (fixed seed).
"""
import os
import random
import sys

YEAR = 2025
N_IND = 20
PER_BLOCK = 20
CRITERIA = [("NV1", "Nhiệm vụ chuyên môn 1", "NV", "Nhiệm vụ trọng tâm", 250),
            ("NV2", "Nhiệm vụ chuyên môn 2", "NV", "Nhiệm vụ trọng tâm", 250),
            ("NV3", "Cải cách hành chính", "NV", "Nhiệm vụ trọng tâm", 150),
            ("XD1", "Xây dựng Đảng", "XD", "Xây dựng tổ chức", 100),
            ("XD2", "Công tác đoàn thể", "XD", "Xây dựng tổ chức", 100),
            ("XD3", "Phong trào thi đua", "XD", "Xây dựng tổ chức", 100)]


def vi_number(text):
    """'20360.5' -> '20.360,5' (Vietnamese format), from a plain decimal string."""
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def pct_units(num, den, decimals, rounding):
    """num/den × 100 at `decimals` places, in units of 10^-decimals, exact (integers)."""
    n, m = num * 100 * 10 ** decimals, den
    q, r = divmod(n, m)
    if rounding and 2 * r >= m:
        q += 1
    return q


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_targets.py TARGETS DIR")
    rows, folder = int(sys.argv[1]), sys.argv[2]
    if rows < N_IND * PER_BLOCK or rows % N_IND:
        sys.exit(f"gen_targets: TARGETS must be a multiple of {N_IND} and at least {N_IND * PER_BLOCK}")
    n_units = rows // N_IND
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(20251201)
    units = [f"DV{i + 1:07d}" for i in range(n_units)]

    def open_csv(name, header):
        f = open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n")
        f.write(header + "\n")
        return f

    with open_csv("units.csv", "Mã đơn vị;Tên đơn vị;Loại đơn vị;Trực thuộc;Khối thi đua") as f:
        f.write("TINH;Ủy ban nhân dân tỉnh;tinh;;\n")
        for i, u in enumerate(units):
            f.write(f"{u};Đơn vị số {i + 1};don_vi;TINH;K{i // PER_BLOCK + 1:05d}\n")
    with open_csv("indicators.csv", "Mã chỉ tiêu;Tên chỉ tiêu;Đơn vị tính;Chiều đánh giá;Thứ tự") as f:
        for k in range(N_IND):
            f.write(f"CT{k + 1:02d};Chỉ tiêu {k + 1};{'vụ' if k == 0 else 'người'};"
                    f"{'lower' if k == 0 else 'higher'};{k + 1}\n")
    with open_csv("criteria.csv", "Mã tiêu chí;Tên tiêu chí;Mã nhóm;Tên nhóm;Điểm tối đa;Thứ tự") as f:
        for i, (cid, name, gid, gname, mx) in enumerate(CRITERIA):
            f.write(f"{cid};{name};{gid};{gname};{mx};{i + 1}\n")
    with open_csv("targets.csv", "Mã đơn vị;Năm;Mã chỉ tiêu;Kế hoạch;Thực hiện;Tỷ lệ báo cáo") as f, \
            open_csv("criterion_scores.csv", "Mã đơn vị;Năm;Mã tiêu chí;Điểm tự chấm;Điểm thẩm định") as c, \
            open_csv("adjustments.csv", "Mã đơn vị;Năm;Dòng;Nhóm điểm thưởng;Điểm;Lý do") as a, \
            open_csv("unit_years.csv", "Mã đơn vị;Năm;Số phiếu bầu") as y:
        for u in units:
            for k in range(N_IND):
                plan = rng.randrange(10, 50000)
                actual10 = plan * rng.randrange(600, 1400) // 100     # tenths
                if rng.randrange(250) == 0:
                    f.write(f"{u};{YEAR};CT{k + 1:02d};{vi_number(str(plan))};;\n")
                    continue
                num, den = (plan * 10, actual10) if k == 0 else (actual10, plan * 10)
                decimals = rng.choice((1, 2))
                q = pct_units(num, den, decimals, rng.randrange(3) > 0)
                if rng.randrange(100) == 0:
                    q += rng.choice((-3, -2, 2, 3))
                s = str(q).rjust(decimals + 1, "0")
                printed = vi_number(s[:-decimals] + "." + s[-decimals:])
                actual = f"{actual10 // 10}.{actual10 % 10}"
                f.write(f"{u};{YEAR};CT{k + 1:02d};{vi_number(str(plan))};{vi_number(actual)};{printed}\n")
            for cid, _, _, _, mx in CRITERIA:
                pts = rng.randrange(mx * 6, mx * 10 + 1)                # tenths, 60–100% of the maximum
                c.write(f"{u};{YEAR};{cid};{vi_number(str(mx))};{vi_number(f'{pts // 10}.{pts % 10}')}\n")
            if rng.randrange(5) == 0:
                a.write(f"{u};{YEAR};1;thuong;{rng.randrange(10, 40)};Sáng kiến cấp tỉnh\n")
                a.write(f"{u};{YEAR};2;thuong;{rng.randrange(10, 30)};Dẫn đầu phong trào\n")
                if rng.randrange(3) == 0:
                    a.write(f"{u};{YEAR};3;;-{rng.randrange(5, 20)};Nộp báo cáo chậm\n")
            y.write(f"{u};{YEAR};{rng.randrange(20, 60)}\n")


if __name__ == "__main__":
    main()
