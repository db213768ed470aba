#!/usr/bin/python3
"""Deterministic data for the awards benchmark (part 5 of docs/benchmarks.md).

    bench/gen_awards.py STAFF DIR

Writes, semicolon-separated UTF-8 with Vietnamese numbers, as an office's Excel writes them:
  units.csv            the units the staff work in (about 40 people each)
  staff.csv            one row per person: id, Vietnamese name, unit, position
  staff_history.csv    7 years per person (2019–2025): grade, titles decided (none for 2025, the
                       year assessed), active, disciplined, assessment score (87,5)
  initiatives.csv      accepted initiatives (sáng kiến): cơ sở, some tỉnh, a few toàn quốc
  awards_history.csv   Bằng khen tỉnh and Thủ tướng already held, with the achievement period
                       (a few only with the decision date, as ND 98 Art. 30(9) allows)
The same arguments give byte-identical files (fixed seed).
"""
import os
import random
import sys

YEARS = list(range(2019, 2026))
ASSESSED = 2025
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Hoài", "Thu", "Xuân", "Công"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
         "Thủy", "Trang", "Tuấn", "Vân", "Yến", "Ánh", "Đông", "Ơn"]
POSITIONS = ["Chuyên viên"] * 8 + ["Phó Trưởng phòng", "Trưởng phòng"]
UNIT_KINDS = ["Phòng", "Trung tâm", "Chi cục", "Ban"]
TOPICS = ["Số hóa hồ sơ", "Quy trình tiếp nhận trực tuyến", "Bản đồ số hộ nghèo", "Mẫu biểu chi trả trợ cấp",
          "Phần mềm theo dõi lao động", "Sổ tay hỏi đáp chính sách", "Liên kết đào tạo nghề"]


def vi_number(x):
    s = f"{x:.1f}".replace(".", ",")
    return s[:-2] if s.endswith(",0") else s


def grade_of(r, good):
    # good people are HTXSNV more often; the distribution is near a real Sở's year-end review
    x = r.random() - (0.15 if good else 0)
    if x < 0.25:
        return "HTXSNV"
    if x < 0.88:
        return "HTTNV"
    if x < 0.97:
        return "HTNV"
    return "KHTNV"


def main():
    staff, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    r = random.Random(20251231)
    n_units = max(1, staff // 40)
    units = [f"DV{i:05d}" for i in range(1, n_units + 1)]

    def w(name):
        f = open(os.path.join(out, name), "w", encoding="utf-8", newline="")
        f.write("\ufeff")
        return f

    with w("units.csv") as f:
        f.write("Mã đơn vị;Tên đơn vị\r\n")
        for i, u in enumerate(units):
            f.write(f"{u};{UNIT_KINDS[i % 4]} số {i + 1}\r\n")
    fs, fh, fi, fa = w("staff.csv"), w("staff_history.csv"), w("initiatives.csv"), w("awards_history.csv")
    fs.write("Mã cán bộ;Họ và tên;Mã đơn vị;Chức vụ\r\n")
    fh.write("Mã cán bộ;Năm;Xếp loại;Danh hiệu;Tham gia phong trào;Kỷ luật;Điểm đánh giá\r\n")
    fi.write("Mã cán bộ;Năm;Cấp công nhận;Tên sáng kiến;Quyết định công nhận\r\n")
    fa.write("Mã đối tượng;Hình thức;Thành tích từ năm;Thành tích đến năm;Số quyết định;Ngày quyết định\r\n")
    for i in range(1, staff + 1):
        pid = f"CB{i:07d}"
        unit = units[(i - 1) * n_units // staff]
        name = f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        fs.write(f"{pid};{name};{unit};{r.choice(POSITIONS)}\r\n")
        good = r.random() < 0.3
        for y in YEARS:
            g = grade_of(r, good)
            active = "" if r.random() < 0.98 else "không"
            disc = "có" if r.random() < 0.005 else ""
            score = round(r.uniform(60, 100), 1)
            init = None
            if r.random() < (0.25 if good else 0.08):
                x = r.random()
                init = "cơ sở" if x < 0.85 else ("tỉnh" if x < 0.98 else "toàn quốc")
                fi.write(f"{pid};{y};{init};{r.choice(TOPICS)} {i}-{y};{r.randint(10, 999)}/QĐ-SNV\r\n")
            titles = ""
            if y < ASSESSED and g in ("HTXSNV", "HTTNV") and not disc and active == "":
                titles = "LĐTT"
                if (g == "HTXSNV" or init) and r.random() < 0.5:
                    titles = "LĐTT, CSTĐCS"
            fh.write(f"{pid};{y};{g};{titles};{active};{disc};{vi_number(score)}\r\n")
        # commendations already held
        x = r.random()
        if x < 0.15:
            a = r.randint(2014, 2023)
            b = min(a + 1, 2024)
            if r.random() < 0.1:
                fa.write(f"{pid};BK_TINH;;;{r.randint(100, 3000)}/QĐ-UBND;15/04/{b + 1}\r\n")
            else:
                fa.write(f"{pid};BK_TINH;{a};{b};{r.randint(100, 3000)}/QĐ-UBND;15/04/{b + 1}\r\n")
            if x < 0.03:
                c = r.randint(2012, min(a, 2019))
                fa.write(f"{pid};BK_TTG;{c - 4};{c};{r.randint(100, 2000)}/QĐ-TTg;02/10/{c + 1}\r\n")
    for f in (fs, fh, fi, fa):
        f.close()


if __name__ == "__main__":
    main()
