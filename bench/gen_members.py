#!/usr/bin/python3
"""Writes a deterministic synthetic party-member CSV for the loading benchmark.

    bench/gen_members.py ROWS OUT.csv

Columns: id, name (Vietnamese, with diacritics), unit_id, cell_id,
party_status, position, score (Vietnamese number format, e.g. 87,5).
The same ROWS always gives byte-identical output (fixed seed), so timings
from different runs compare like with like. UTF-8, LF, semicolons between
columns, as Excel writes CSV in a Vietnamese locale (the comma is the
decimal mark there). Load it with delimiter = ";" and numbers = "vi".
"""
import random
import sys

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu",
           "Công", "Hồng", "Kim", "Anh", "Bảo", "Gia"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Chi", "Cường", "Dũng", "Dương", "Đạt", "Giang", "Hà",
         "Hải", "Hạnh", "Hòa", "Hoàng", "Hùng", "Hương", "Huyền", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Nhung", "Phúc", "Phương", "Quân",
         "Quang", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Việt",
         "Vy", "Xuân", "Yến", "Ơn", "Ưng", "Ẩn", "Ỷ"]
POSITIONS = ["Bí thư chi bộ", "Phó bí thư", "Chi ủy viên", "Đảng viên", "Trưởng phòng",
             "Phó trưởng phòng", "Chuyên viên", "Nhân viên", ""]
STATUS = ["chinh_thuc"] * 9 + ["du_bi"]


def vi_number(x):
    """87.5 -> "87,5"; 1234.5 -> "1.234,5" (Vietnamese format)."""
    whole, frac = f"{x:.1f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + "," + frac


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_members.py ROWS OUT.csv")
    rows = int(sys.argv[1])
    rng = random.Random(20231231)
    cells = max(1, rows // 22)              # about 22 members per chi bộ
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as out:
        out.write("id;name;unit_id;cell_id;party_status;position;score\n")
        for i in range(rows):
            cell = rng.randrange(cells)
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
            score = vi_number(rng.randrange(400, 1000) / 10)
            out.write(f"DV{i:07d};{name};DB{cell // 40:05d};CB{cell:06d};{rng.choice(STATUS)};"
                      f"{rng.choice(POSITIONS)};{score}\n")


if __name__ == "__main__":
    main()
