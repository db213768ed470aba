-- rules/thaibinh.lua — Sở Lao động – Thương binh và Xã hội tỉnh Thái Bình: the five results of 2020
-- as the Sở's year-end conference (18/01/2021) reported them, checked and ranked.
--
--   evalrun rules/thaibinh.lua               (year 2020, the year of the seed report)
--
-- What Thái Bình shows beyond Quảng Bình:
--   * a multi-year target: the poverty rate from 5,27% (2015) to 2,35% (2020), an average
--     reduction per year against the provincial council's "at least 0,5 points a year";
--   * a ranking among the province's departments (the IT-application ranking of the sở, ban,
--     ngành) with the rank change from the year before (5th in 2019, 2nd in 2020);
--   * shares of online files and of files settled on time, as targets;
--   * every printed figure checked against its own numbers, parts against their totals.
-- The data is in data/thaibinh/; its README says which figures come from the seed report (004)
-- and which rows are illustrative, and why the seed is Thái Bình's.
local scoring = require "scoring"
local ranking = require "ranking"
local figures = require "figures"

ruleset {
  id = "thaibinh",
  title = "Sở Lao động – Thương binh và Xã hội tỉnh Thái Bình",
  year = 2020,
  -- Thái Bình merged into Hưng Yên on 01/07/2025: the 2025 year-end assessment belongs to the
  -- successor's rule set (data/thaibinh/README.md).
  years = { 2016, 2025 },
}

---------------------------------------------------------------------------------------------------
-- Sources: the Văn phòng Sở's Excel sheets, saved as CSV UTF-8 (";", Vietnamese numbers)
---------------------------------------------------------------------------------------------------

source { table = "units", file = "DanhMucDonVi.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã cơ quan", name = "Tên cơ quan, đơn vị", parent_id = "Thuộc",
              kind = { "Loại", map = { ["UBND tỉnh"] = "tinh", ["Sở"] = "so" } },
              block_id = "Nhóm xếp hạng CNTT", source = "Nguồn số liệu" } }

source { table = "indicators", file = "DanhMucChiTieu.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã CT", name = "Nội dung chỉ tiêu", measure = "ĐVT",
              direction = { "Chiều đánh giá", map = { ["Tăng"] = "higher", ["Giảm"] = "lower" } },
              sort = "STT", source = "Nguồn" } }

source { table = "targets", file = "KetQua.csv", delimiter = ";", numbers = "vi",
  columns = { year = "Năm", unit_id = "Mã cơ quan", indicator_id = "Mã CT", plan = "Chỉ tiêu giao",
              actual = "Kết quả thực hiện", reported_text = "Tỷ lệ in trên báo cáo", source = "Nguồn" } }

source { table = "shares", file = "TyLe_2020.csv", delimiter = ";", numbers = "vi",
  columns = { year = "Năm", unit_id = "Mã cơ quan", id = "Mã", name = "Nội dung", part = "Số đạt",
              whole = "Tổng số", measure = "ĐVT", printed = "Tỷ lệ báo cáo (%)",
              target_pct = "Chỉ tiêu tỉnh giao (%)", source = "Nguồn" } }

source { table = "part_lists", file = "CoCau_2020.csv", delimiter = ";", numbers = "vi",
  columns = { year = "Năm", unit_id = "Mã cơ quan", list_id = "Mã nhóm", name = "Nội dung", value = "Số liệu",
              item = "Thành phần",
              kind = { "Loại", map = { ["cộng"] = "sum", ["trong đó"] = "of_which", [""] = "" } },
              source = "Nguồn" } }

source { table = "multi_year_targets", file = "ChiTieuGiaiDoan.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã cơ quan", id = "Mã chỉ tiêu", name = "Tên chỉ tiêu", direction = "Chiều",
              from_year = "Từ năm", from_value = "Giá trị đầu kỳ", to_year = "Đến năm", to_value = "Giá trị cuối kỳ",
              per_year_plan = "Chỉ tiêu bình quân mỗi năm", printed_average = "Bình quân in trên báo cáo",
              measure = "ĐVT", source = "Nguồn" } }

-- The IT-application ranking sheet of the sở, ban, ngành (one row per department, year, criterion).
source { table = "criteria", file = "BoTieuChi_CNTT.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã tiêu chí", name = "Tên tiêu chí", group_id = "Nhóm", group_name = "Tên nhóm",
              max_points = "Điểm tối đa", sort = "Thứ tự", source = "Nguồn" } }

source { table = "criterion_scores", file = "DiemCNTT.csv", delimiter = ";", numbers = "vi",
  columns = { year = "Năm", unit_id = "Mã cơ quan", criterion_id = "Mã tiêu chí", verified_points = "Điểm",
              source = "Nguồn" } }

---------------------------------------------------------------------------------------------------
-- Targets and printed figures
---------------------------------------------------------------------------------------------------

config.scoring = {
  -- The report gives results, not plans, for its five results: none is scored on a sheet here;
  -- every one is listed with its source, and each printed % is checked.
  missing = "skip",
  plan_zero = "error",
  printed_check = { accept = { "round", "truncate" } },
  show_source = true,           -- the "Nguồn" column says which plans and results are illustrative
  table_title = "Kết quả nổi bật năm 2020 của ngành Lao động - Thương binh và Xã hội",
  notes = { "Số liệu từ báo cáo tổng kết năm 2020 của Sở (cột Nguồn trong dữ liệu)." },
}

config.figures = {
  notes = { "Tỷ lệ trực tuyến và đúng hạn so với chỉ tiêu tỉnh giao; chỉ tiêu là minh họa (báo cáo chỉ ghi \"vượt kế hoạch\")." },
}

---------------------------------------------------------------------------------------------------
-- The ranking of the departments, with the change from the year before
---------------------------------------------------------------------------------------------------

config.ranking = {
  decimals = 2,
  max_total = 100,
  missing_verified = "error",
  -- A published ranking of departments: equal totals share a place, as the province publishes it.
  ties = "share",
  keys = { "-total", "name:vi", "id" },
  previous_year = true,
  -- The report prints the Sở's rank (2nd in 2020, 5th in 2019, indicator XH_CNTT): checked.
  printed_rank = { indicator = "XH_CNTT" },
  block_names = { CNTT_SBN = "Xếp hạng ứng dụng công nghệ thông tin các sở, ban, ngành" },
  notes = { "Điểm từng nhóm tiêu chí là minh họa; hạng của Sở LĐTBXH (2/2020, 5/2019) là số liệu báo cáo." },
}

step("Kết quả thực hiện năm", function(ctx) scoring.run(ctx) end)
step("Kiểm tra số liệu in trong báo cáo", function(ctx) figures.run(ctx) end)
step("Xếp hạng ứng dụng CNTT các sở, ban, ngành", function(ctx) ranking.run(ctx) end)
