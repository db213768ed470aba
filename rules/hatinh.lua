-- rules/hatinh.lua — Sở Lao động – Thương binh và Xã hội tỉnh Hà Tĩnh: the results of 2018 against
-- their plan, the 2019 plan as the targets the Sở pledged in its emulation block, and the
-- year-end assessment of both years under the rules of their time.
--
--   evalrun rules/hatinh.lua                 (year 2018, the year of the seed report)
--   evalrun rules/hatinh.lua --year 2019     (the pledged 2019 targets and the block's ranking)
--
-- What Hà Tĩnh shows beyond Quảng Bình:
--   * the regime before 2019, chosen by the year: party grading under QĐ 132 / HD 16 for 2018 and
--     HD 21 for 2019 (rules/base/grading_hd16.lua, grading_hd21.lua); emulation titles under the
--     2003 Law and ND 91/2017 for both (rules/base/awards_nd91.lua: CSTĐCS needs an initiative,
--     at most 15% of the LĐTT);
--   * the emulation pledge (giao ước thi đua) of the block "Khối Văn hóa - Xã hội": its members,
--     the targets each pledged for 2019 (the Sở's are its 2019 plan from the report), and the
--     block's ranking at the end of 2019 — the sheet's points plus the points of the pledges,
--     scored from the pledged targets — the flag for the leader only if it met every pledge.
-- The data is in data/hatinh/; its README says which figures come from the seed report (001)
-- and which rows are illustrative.
local scoring = require "scoring"
local figures = require "figures"
local ranking = require "ranking"

ruleset {
  id = "hatinh",
  title = "Sở Lao động – Thương binh và Xã hội tỉnh Hà Tĩnh",
  year = 2018,
  years = { 2018, 2019 },
}

---------------------------------------------------------------------------------------------------
-- Sources: the Văn phòng Sở's sheets as Excel saves them (";", Vietnamese numbers, its own words)
---------------------------------------------------------------------------------------------------

local YES_NO_DISCIPLINE = { ["khiển trách"] = true, ["cảnh cáo"] = true, [""] = false }

source { table = "units", file = "CoQuanDonVi.csv", delimiter = ";",
  columns = { id = "Mã", name = "Tên", parent_id = "Cấp trên", source = "Nguồn",
    kind = { "Loại", map = { ["Tỉnh"] = "tinh", ["Sở, ban, ngành"] = "so", ["Đảng bộ"] = "dang_bo",
                             ["Chi bộ"] = "chi_bo", ["Phòng"] = "phong" } },
    block_id = { "Khối thi đua", map = { ["Khối Văn hóa - Xã hội"] = "VHXH", [""] = "" } } } }

-- The 2018 report sheet: each indicator with its 2018 plan, result and printed %.
source { file = "BaoCao_2018.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "indicators", columns = { id = "Mã chỉ tiêu", name = "Chỉ tiêu", measure = "Đơn vị tính", sort = "STT",
        direction = { "Chiều", map = { ["Tăng"] = "higher", ["Giảm"] = "lower" } }, source = "Nguồn" } },
    { table = "targets", columns = { unit_id = { value = "SO" }, year = { value = 2018 }, indicator_id = "Mã chỉ tiêu",
        plan = "Kế hoạch 2018", actual = "Thực hiện 2018", reported_text = "Tỷ lệ đạt (%)", source = "Nguồn" } } } }

-- The block's pledge for 2019, signed at the start of the year, its results filled in at the end.
source { table = "indicators", file = "ChiTieuGiaoUoc.csv", delimiter = ";",
  columns = { id = "Mã chỉ tiêu", name = "Chỉ tiêu", measure = "Đơn vị tính", source = "Nguồn",
              direction = { "Chiều", map = { ["Tăng"] = "higher", ["Giảm"] = "lower" } } } }
-- "Điểm giao ước" is each pledge's share of the block's 40 points for the pledge.
source { table = "targets", file = "GiaoUoc_2019.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = { value = 2019 }, indicator_id = "Mã chỉ tiêu", plan = "Mức giao ước",
              actual = "Kết quả cuối năm", weight = "Điểm giao ước", source = "Nguồn" } }

source { table = "shares", file = "TyLe.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = { value = "SO" }, year = "Năm", id = "Mã", name = "Nội dung", part = "Số đạt",
              whole = "Tổng số", printed = "Tỷ lệ in (%)", source = "Nguồn" } }

source { table = "part_lists", file = "CoCau.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = { value = "SO" }, year = "Năm", list_id = "Nhóm", name = "Nội dung", value = "Giá trị",
              source = "Nguồn",
              item = "Thành phần",
              kind = { "Kiểu", map = { ["tổng"] = "sum", ["trong đó"] = "of_which", [""] = "" } } } }

-- The block's year-end score sheet, verified by the block leader.
source { table = "criteria", file = "TieuChiKhoi.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã", group_id = "Mã", name = "Tiêu chí", group_name = "Tiêu chí", max_points = "Điểm chuẩn",
              sort = "TT", source = "Nguồn" } }
source { table = "criterion_scores", file = "ChamDiemKhoi_2019.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Đơn vị", year = { value = 2019 }, criterion_id = "Tiêu chí", self_points = "Tự chấm",
              verified_points = "Khối chấm", note = "Ghi chú", source = "Nguồn" } }

-- The Sở's staff (all party members) and its emulation ledger: one row per person and year,
-- read both as the emulation history and as the party members' proposed grades.
source { table = "people", file = "DanhSachCBCCVC.csv", delimiter = ";",
  columns = { id = "Mã CB", name = "Họ và tên", unit_id = "Phòng", cell_id = "Chi bộ", position = "Chức vụ",
              party_status = { "Đảng viên", map = { ["Chính thức"] = "chinh_thuc", ["Dự bị"] = "du_bi" } },
              source = "Nguồn" } }
source { file = "SoTheoDoiThiDua.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "history", columns = { subject_id = "Mã CB", subject_kind = { value = "person" }, year = "Năm",
        grade = "Xếp loại", titles = "Danh hiệu", score = "Điểm", source = "Nguồn",
        disciplined = { "Kỷ luật", map = YES_NO_DISCIPLINE } } },
    { table = "gradings", columns = { subject_id = "Mã CB", subject_kind = { value = "person" }, year = "Năm",
        unit_id = "Chi bộ", proposed = "Xếp loại", score = "Điểm", sick_leave_months = "Số tháng nghỉ ốm",
        discipline = { "Kỷ luật", map = { ["khiển trách"] = "khien_trach", ["cảnh cáo"] = "canh_cao", [""] = "" } },
        source = "Nguồn" } } } }

source { table = "initiatives", file = "SangKien.csv", delimiter = ";",
  columns = { person_id = "Mã CB", year = "Năm", title = "Tên sáng kiến", decision = "Số quyết định", source = "Nguồn",
              level = { "Cấp", map = { ["Cơ sở"] = "co_so", ["Tỉnh"] = "tinh" } } } }
source { table = "awards", file = "KhenThuong.csv", delimiter = ";",
  columns = { subject_id = "Mã", kind = "Hình thức", period_from = "Từ năm", period_to = "Đến năm",
              decision = "Số quyết định", decision_date = "Ngày ký", source = "Nguồn" } }

---------------------------------------------------------------------------------------------------
-- Targets and printed figures
---------------------------------------------------------------------------------------------------

config.scoring = {
  -- The report prints results; its plans for 2018 and the year-end 2019 results are illustrative
  -- (marked in the data). Only the 2019 pledges carry points (their weight in the pledge file):
  -- full points at 100% of the pledge, in proportion below, no bonus above.
  missing = "skip",
  scorer = scoring.proportional {},
  points_table = { id = "pledge_points", title = "Điểm thực hiện giao ước thi đua năm 2019" },
  plan_zero = "error",
  printed_check = { accept = { "round", "truncate" } },
  show_source = true,           -- the "Nguồn" column says which plans and results are illustrative
  notes = { "Kế hoạch 2018 và kết quả cuối năm 2019 là minh họa (cột Nguồn); kế hoạch 2019 là số liệu báo cáo." },
}

---------------------------------------------------------------------------------------------------
-- The pledge block's ranking at the end of the year
---------------------------------------------------------------------------------------------------

config.ranking = {
  decimals = 2,
  max_total = 100,
  missing_verified = "error",
  -- 100 points: 60 on the block's sheet (verified by the block leader) and 40 for the pledged
  -- targets, scored from the pledge itself.
  total = { parts = { "content", "targets" }, words = { targets = "điểm thực hiện giao ước" } },
  core_group = "NV",
  block_names = { VHXH = "Khối Văn hóa - Xã hội" },
  awards = {
    -- The flag goes to the leader alone at rank 1 that met every target it pledged (Law 2003
    -- Art. 26 as amended: "hoàn thành xuất sắc, toàn diện nhiệm vụ"; the pledge makes it measurable).
    { id = "CO_TINH", title = "Cờ thi đua của UBND tỉnh", from_rank = 1, places = 1,
      condition = ranking.cond.all { ranking.cond.alone_at_rank(), ranking.cond.all_targets_met { pct = 100 } } },
  },
  notes = { "Điểm chấm của Khối và kết quả giao ước của các sở, ngành khác là minh họa." },
}

---------------------------------------------------------------------------------------------------
-- Party grading and emulation titles: the regime is the year's; the Sở's own choices
---------------------------------------------------------------------------------------------------

step("Kết quả thực hiện chỉ tiêu", function(ctx) scoring.run(ctx) end)
step("Kiểm tra số liệu in trong báo cáo", function(ctx) figures.run(ctx) end)
step("Xếp hạng thi đua Khối Văn hóa - Xã hội", function(ctx) ranking.run(ctx) end)

extends "base/grading.lua"       -- the grading regimes by year (hd16 for 2018, hd21 for 2019) and its step
extends "base/awards.lua"        -- the award steps; regimes nd98, nd152 …
extends "base/awards_nd91.lua"   -- … and nd91, which covers 2018 and 2019

-- The grades are proposals; the run decides them under the year's regime.
config.grading.mode = "compute"
-- CSTĐCS: the Sở's emulation council decides for the whole Sở at once (15% of the Sở's LĐTT).
config.awards.cstdcs = { pool = "all" }
