-- Member level rules per level, and chi bộ levels by the province's conditions (docs/grading.md,
-- "Level rules"). The province grades under QĐ 366 (2025) but does not adopt "HTTNV needs 100%
-- of tasks on time"; HTNV's own rule (at most 20% late) guards HTNV only, so DV04 with 87,6
-- points and 40% late tasks stays HTTNV (it used to fall through to HTNV's rule and the gap).
-- The province adds a rule of its own for HTTNV (no discipline of any kind), and chi bộ rules: HTTNV needs every member HTNV
-- or better; HTXSNV needs the chi bộ's own score of 95.
ruleset { id = "grading_level_rules", title = "Tỉnh Mẫu — điều kiện theo mức", year = 2025, years = { 2025, 2025 },
          data = "../data/tinh_mau" }
extends "../../rules/base/grading.lua"

source { table = "units", file = "don_vi.csv", delimiter = ";",
  columns = { id = "Mã đơn vị", name = "Tên đơn vị", parent_id = "Trực thuộc",
              kind = { "Loại", map = { ["Sở"] = "so", ["Đảng bộ"] = "dang_bo", ["Chi bộ"] = "chi_bo", ["Phòng"] = "phong" } } } }
source { file = "dang_vien.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "people", columns = { id = "Mã ĐV", name = "Họ và tên", cell_id = "Chi bộ" } },
    { table = "gradings", columns = {
        subject_id = "Mã ĐV", unit_id = "Chi bộ", subject_kind = { value = "person" }, year = { year = true },
        admitted = "Ngày vào Đảng", score = "Tổng điểm",
        excused = { "Tình trạng", map = { ["miễn sinh hoạt"] = true, ["đình chỉ"] = false, [""] = false } },
        suspended = { "Tình trạng", map = { ["miễn sinh hoạt"] = false, ["đình chỉ"] = true, [""] = false } },
        discipline = { "Hình thức kỷ luật", map = { [""] = "none", ["khiển trách"] = "khien_trach", ["cảnh cáo"] = "canh_cao" } },
        discipline_duty_related = "Kỷ luật liên quan công vụ",
        tasks_exceeded_pct = "Tỷ lệ nhiệm vụ vượt (%)", tasks_late_pct = "Tỷ lệ trễ hạn (%)",
        tasks_unfinished_pct = "Tỷ lệ chưa hoàn thành (%)" } } } }
-- the chi bộ's own sheet
source { table = "gradings", delimiter = ";", numbers = "vi", csv = "Mã;Trực thuộc;Điểm\nCB1;DB;96\nCB2;DB;92\n",
  columns = { subject_id = "Mã", unit_id = "Trực thuộc", score = "Điểm", subject_kind = { value = "unit" }, year = { year = true } } }

config.grading.conditions = { httnv_needs_on_time = false }
config.grading.gap = "KHTNV"
config.grading.level_rules = {
  { level = "HTTNV", column = "discipline", is = "none", label = "HTTNV: không bị kỷ luật trong năm" },
}
config.grading.quota = { pct = 100 }           -- the quota is not what this file tests
config.grading.unit_quota = { pct = 100 }
config.grading.collective = { rules = {
  { level = "HTTNV", members_at_least = "HTNV", pct = 100 },
  { level = "HTXSNV", score_at_least = 95 },
} }

expect { kind = "grade", subject = "DV01", value = "HTXSNV" }          -- 95 points
expect { kind = "grade", subject = "DV03", value = "KHTNV" }           -- khiển trách linked to duties
expect { kind = "grade", subject = "DV04", value = "HTTNV" }           -- 87,6 points, 40% late: HTTNV's rules only
expect { kind = "grade", subject = "DV07", value = "HTNV" }            -- 80 points, cảnh cáo: the province's HTTNV rule
expect { kind = "grade", subject = "DV08", value = "HTTNV" }           -- 75 points, 10% late: no late rule for HTTNV
expect { kind = "exclusion", subject = "DV05", value = "recent" }
-- CB1: 96 points, but DV03 is KHTNV: not every member HTNV or better → at best HTNV
expect { kind = "grade", subject = "CB1", value = "HTNV" }
-- CB2: 92 points is HTXSNV by score, but HTXSNV needs the chi bộ's own 95 → HTTNV
expect { kind = "grade", subject = "CB2", value = "HTTNV" }
