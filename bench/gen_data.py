#!/usr/bin/python3
"""Writes a deterministic synthetic data set for the benchmarks (bench/run.sh).

    bench/gen_data.py MEMBERS TARGETS DIR

DIR/members.csv     MEMBERS party members, written by bench/gen_members.py
                    (id;name;unit_id;cell_id;party_status;position;score, score in
                    Vietnamese number format), about 22 members per chi bộ.
DIR/units.csv       every đảng bộ and chi bộ members.csv names, under one provincial
                    party committee, with Vietnamese names and headers.
DIR/indicators.csv  40 indicators.
DIR/targets.csv     TARGETS rows: unit × year (2019–2023) × indicator, plan, actual and the
                    printed percentage in Vietnamese format ("20.360", "110,05").

Semicolons between columns, UTF-8, LF: as Excel writes CSV in a Vietnamese locale.
The same arguments always give byte-identical files (fixed seeds), so timings from
different runs compare like with like.
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2019, 2024))
N_INDICATORS = 40
PROVINCE = "TINH"
PLACES = ["Đồng Hới", "Lệ Thủy", "Quảng Ninh", "Bố Trạch", "Quảng Trạch", "Tuyên Hóa",
          "Minh Hóa", "Ba Đồn", "Hướng Hóa", "Đắk Glei", "Mường Tè", "Điện Biên"]
MEASURES = ["người", "%", "hộ", "tỷ đồng", "điểm %"]
INDICATOR_NAMES = ["Tỷ lệ hộ nghèo", "Giải quyết việc làm", "Lao động qua đào tạo",
                   "Thu ngân sách", "Kết nạp đảng viên mới", "Trường đạt chuẩn quốc gia",
                   "Xã đạt chuẩn nông thôn mới", "Bảo hiểm y tế", "Trồng rừng mới",
                   "Nhà ở cho người có công"]


def vi_number(x, decimals):
    """20360 -> "20.360"; 110.05 -> "110,05" (Vietnamese format)."""
    text = f"{x:.{decimals}f}"
    whole, _, frac = text.partition(".")
    sign = ""
    if whole.startswith("-"):
        sign, whole = "-", whole[1:]
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return out + "," + frac if frac else out


def write_members(rows, path):
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gen_members.py"), str(rows), path],
                   check=True)


def units_named_by(members_path):
    """The (đảng bộ, chi bộ) pairs members.csv uses, in first-seen order."""
    dang_bo, chi_bo = {}, {}
    with open(members_path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(";")
        iu, ic = header.index("unit_id"), header.index("cell_id")
        for line in f:
            cols = line.split(";", max(iu, ic) + 1)
            dang_bo.setdefault(cols[iu], None)
            chi_bo.setdefault(cols[ic], cols[iu])
    return sorted(dang_bo), sorted(chi_bo.items())


def write_units(dang_bo, chi_bo, path):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("Mã đơn vị;Tên đơn vị;Loại;Trực thuộc;Khối thi đua\n")
        out.write(f"{PROVINCE};Đảng bộ tỉnh;tinh;;\n")
        for i, d in enumerate(dang_bo):
            out.write(f"{d};Đảng bộ {PLACES[i % len(PLACES)]} số {i + 1};dang_bo;{PROVINCE};K{i % 8 + 1}\n")
        for i, (c, parent) in enumerate(chi_bo):
            out.write(f"{c};Chi bộ {PLACES[i % len(PLACES)]} {i + 1};chi_bo;{parent};\n")


def write_indicators(path):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("Mã chỉ tiêu;Tên chỉ tiêu;Đơn vị tính;Chiều;Thứ tự\n")
        for i in range(N_INDICATORS):
            name = f"{INDICATOR_NAMES[i % len(INDICATOR_NAMES)]} (nhóm {i // len(INDICATOR_NAMES) + 1})"
            direction = "lower" if i % 10 == 0 else "higher"
            out.write(f"CT{i + 1:03d};{name};{MEASURES[i % len(MEASURES)]};{direction};{i + 1}\n")


def write_targets(rows, unit_ids, path):
    rng = random.Random(20240115)
    per_unit = len(YEARS) * N_INDICATORS
    need = -(-rows // per_unit)
    if need > len(unit_ids):
        sys.exit(f"gen_data: {rows} targets need {need} units, the members name only {len(unit_ids)}")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("Mã đơn vị;Năm;Mã chỉ tiêu;Kế hoạch;Thực hiện;Tỷ lệ (%)\n")
        written = 0
        for unit in unit_ids[:need]:
            for year in YEARS:
                for k in range(N_INDICATORS):
                    if written == rows:
                        return
                    plan = rng.randrange(10, 50000)
                    actual = plan * rng.randrange(700, 1400) / 1000
                    pct = round(actual * 100 / plan, 2)
                    out.write(f"{unit};{year};CT{k + 1:03d};{vi_number(plan, 0)};"
                              f"{vi_number(actual, 1)};{vi_number(pct, 2)}\n")
                    written += 1


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen_data.py MEMBERS TARGETS DIR")
    members, targets, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(folder, exist_ok=True)
    members_path = os.path.join(folder, "members.csv")
    write_members(members, members_path)
    dang_bo, chi_bo = units_named_by(members_path)
    write_units(dang_bo, chi_bo, os.path.join(folder, "units.csv"))
    write_indicators(os.path.join(folder, "indicators.csv"))
    # Targets go to the chi bộ first, then the đảng bộ: there are enough chi bộ at every size.
    write_targets(targets, [c for c, _ in chi_bo] + dang_bo, os.path.join(folder, "targets.csv"))


if __name__ == "__main__":
    main()
