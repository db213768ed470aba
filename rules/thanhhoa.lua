-- rules/thanhhoa.lua — Sở Lao động – Thương binh và Xã hội tỉnh Thanh Hóa: grassroots building and
-- the democracy regulation in 2023 (xây dựng cơ sở và thực hiện Quy chế dân chủ), as the Văn phòng
-- Sở reported them.
--
--   evalrun rules/thanhhoa.lua               (year 2023, the year of the seed report)
--
-- What Thanh Hóa shows beyond Quảng Bình:
--   * targets whose plans the report does not print (supplied, marked "minh họa" in the data)
--     beside results-only indicators;
--   * the national target programme's funds: disbursed against allocated, the amounts written as
--     the office writes them ("945 tỷ 033 triệu"), with the printed disbursement rates checked;
--   * every percentage the report prints checked, and every part list against its total;
--   * the "Dân vận khéo" movement and the democracy regulation: collective titles for model units
--     (cơ quan đạt chuẩn văn hóa, đơn vị kiểu mẫu) by the criteria stated below.
-- The data is in data/thanhhoa/; its README says which figures come from the seed report (000)
-- and which rows are illustrative.
local scoring = require "scoring"
local figures = require "figures"
local unit_titles = require "unit_titles"

ruleset {
  id = "thanhhoa",
  title = "Sở Lao động – Thương binh và Xã hội tỉnh Thanh Hóa",
  year = 2023,
  years = { 2021, 2025 },
}

---------------------------------------------------------------------------------------------------
-- Sources: the Văn phòng Sở's sheets, saved as CSV UTF-8 (";", Vietnamese numbers and amounts)
---------------------------------------------------------------------------------------------------

source { table = "units", file = "DM_DonVi.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã ĐV", name = "Tên đơn vị", kind = "Loại hình", parent_id = "Đơn vị cấp trên",
              source = "Ghi chú nguồn" } }

-- One sheet (biểu chỉ tiêu) of the year holds the indicators and their 2023 figures; it has no year
-- or unit column: the year is the run's, the unit the Sở.
source { file = "BieuChiTieu_2023.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "indicators", columns = { id = "Mã số", name = "Chỉ tiêu", measure = "ĐVT", sort = "TT",
        direction = { "Chiều", map = { ["Tăng"] = "higher", ["Giảm"] = "lower", ["Giảm (điểm %)"] = "reduce" } },
        source = "Ghi chú nguồn" } },
    { table = "targets", columns = { unit_id = { value = "SO" }, year = { year = true }, indicator_id = "Mã số",
        plan = "Kế hoạch", actual = "Thực hiện", reported_text = "% so KH (báo cáo)", source = "Ghi chú nguồn" } } } }

-- Programme funds: allocated and disbursed, written "945 tỷ 033 triệu" (numbers = "vi" reads them).
source { table = "shares", file = "NguonVon_CTMTQG.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = { value = "SO" }, year = { year = true }, id = "Mã", name = "Nguồn vốn",
              whole = "Đã phân bổ (đồng)", part = "Đã giải ngân (đồng)", printed = "Tỷ lệ giải ngân (%)",
              source = "Ghi chú nguồn" } }

source { table = "part_lists", file = "CoCau_SoLieu.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã ĐV", year = "Năm báo cáo", list_id = "Mã nhóm", name = "Nội dung", value = "Giá trị",
              item = "Mục",
              kind = { "Cách cộng", map = { ["tổng các phần"] = "sum", ["trong đó"] = "of_which", [""] = "" } },
              source = "Ghi chú nguồn" } }

source { table = "multi_year_targets", file = "ChiTieuNhiemKy.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã ĐV", id = "Mã chỉ tiêu", name = "Chỉ tiêu", direction = "Chiều", from_year = "Năm đầu kỳ",
              to_year = "Năm cuối kỳ", change = "Tổng mức giảm", per_year_plan = "Chỉ tiêu Nghị quyết (mỗi năm)",
              printed_average = "Bình quân (báo cáo)", measure = "ĐVT", source = "Ghi chú nguồn" } }

-- The units' yearly records for the cultural and model-unit titles: a table of the Sở's own.
define_table { name = "unit_records",
  columns = { { "unit_id", "text", required = true, ref = "units.id" },
              { "year", "integer", required = true },
              { "grade", "text" },                 -- the collective's grade (HTXSNV, HTTNV, HTNV, KHTNV)
              { "conference", "bool" },            -- Hội nghị cán bộ, công chức, viên chức held
              { "inspection_board", "bool" },      -- Ban Thanh tra nhân dân working
              { "disciplined", "integer" },        -- staff disciplined in the year
              { "social_evils", "bool" },          -- a social-evil violation in the unit
              { "environment", "number" },         -- cultural-environment score, of 100
              { "dvk_model", "bool" },             -- a "Dân vận khéo" model recognised in the year
              { "titles", "text" },                -- titles recognised that year (DV_VANHOA, DV_KIEUMAU)
              { "decision_date", "date" },
              { "source", "text" } },
  key = { "unit_id", "year" } }
source { table = "unit_records", file = "XayDungDonVi.csv", delimiter = ";", numbers = "vi", dates = "dd/mm/yyyy",
  columns = { unit_id = "Mã ĐV", year = "Năm", conference = "Tổ chức Hội nghị CBCCVC",
              grade = { "Xếp loại tập thể", map = { ["Hoàn thành xuất sắc nhiệm vụ"] = "HTXSNV",
                ["Hoàn thành tốt nhiệm vụ"] = "HTTNV", ["Hoàn thành nhiệm vụ"] = "HTNV",
                ["Không hoàn thành nhiệm vụ"] = "KHTNV" } },
              inspection_board = "Ban Thanh tra nhân dân hoạt động", disciplined = "Số CBCCVC bị kỷ luật",
              social_evils = "Có vi phạm tệ nạn xã hội", environment = "Điểm môi trường văn hóa",
              dvk_model = "Có mô hình Dân vận khéo", titles = "Danh hiệu đã công nhận",
              decision_date = "Ngày quyết định công nhận", source = "Ghi chú nguồn" } }

---------------------------------------------------------------------------------------------------
-- Targets and printed figures
---------------------------------------------------------------------------------------------------

config.scoring = {
  -- Most figures are results without a plan; the four with a plan are checked, not scored (the
  -- report is a democracy-regulation report, not an emulation sheet).
  missing = "skip",
  plan_zero = "error",
  -- The Văn phòng rounds (108,39 → 108,4); a cut figure would also be accepted.
  printed_check = { accept = { "round", "truncate" } },
  show_source = true,           -- the "Nguồn" column says which plans and results are illustrative
  table_title = "Kết quả thực hiện nhiệm vụ chính trị năm 2023",
  notes = { "Kế hoạch tạo việc làm mới, xuất khẩu lao động, tuyển sinh đào tạo nghề và tỷ lệ lao động qua đào tạo là minh họa: báo cáo chỉ in tỷ lệ đạt hoặc kết quả." },
}

config.figures = {
  notes = { "Số tiền ghi như báo cáo (\"945 tỷ 033 triệu\"), tính ra đồng." },
}

---------------------------------------------------------------------------------------------------
-- Cultural and model units (đơn vị văn hóa, đơn vị kiểu mẫu, Dân vận khéo)
---------------------------------------------------------------------------------------------------
-- The criteria are the Sở's reading of the provincial movement's standards; the sample states
-- them here as the Sở's choice [R: Thanh Hóa's own regulation not read]. Every number below is a
-- criterion a province would confirm or change.
local good_grade = { column = "grade", levels = { "HTXSNV", "HTTNV" }, label = "Tập thể hoàn thành tốt nhiệm vụ trở lên" }
local democracy = {
  { column = "conference", eq = true, label = "Tổ chức Hội nghị cán bộ, công chức, viên chức" },
  { column = "inspection_board", eq = true, label = "Ban Thanh tra nhân dân hoạt động" },
}
local clean = {
  { column = "disciplined", eq = 0, label = "Không có cán bộ, công chức, viên chức bị kỷ luật" },
  { column = "social_evils", eq = false, label = "Không vi phạm tệ nạn xã hội" },
}
local culture = { good_grade, democracy[1], democracy[2], clean[1], clean[2],
                  { column = "environment", min = 90, label = "Điểm môi trường văn hóa" } }

config.unit_titles = {
  records = "unit_records",
  notes = { "Tiêu chí là lựa chọn minh họa của Sở; số liệu từng đơn vị là minh họa, số đơn vị đạt khớp báo cáo." },
  titles = {
    -- First recognition: the standard met in two consecutive years, never recognised before.
    { id = "VH_LANDAU", award = "DV_VANHOA", title = "Cơ quan, đơn vị đạt chuẩn văn hóa (lần đầu)",
      not_held = { "DV_VANHOA" }, years = 2, criteria = culture,
      printed = { unit = "SO", indicator = "VH_LANDAU" } },
    -- Recognised again: recognised before, the standard met in the two years since.
    { id = "VH_LAI", award = "DV_VANHOA", title = "Cơ quan, đơn vị đạt chuẩn văn hóa (công nhận lại)",
      held = { "DV_VANHOA" }, years = 2, criteria = culture,
      printed = { unit = "SO", indicator = "VH_LAI" } },
    -- A model unit of the Sở: a cultural unit, excellent this year, with a "Dân vận khéo" model.
    { id = "KIEU_MAU", award = "DV_KIEUMAU", title = "Đơn vị kiểu mẫu (Sở công nhận)",
      held = { "DV_VANHOA" },
      criteria = { { column = "grade", levels = { "HTXSNV" }, label = "Tập thể hoàn thành xuất sắc nhiệm vụ" },
                   clean[1], { column = "dvk_model", eq = true, label = "Có mô hình Dân vận khéo trong năm" },
                   { column = "environment", min = 95, label = "Điểm môi trường văn hóa" } },
      printed = { unit = "SO", indicator = "KIEU_MAU" } },
    -- Proposed to the Chairman: a model unit of the Sở in an earlier year, excellent two years running.
    { id = "KIEU_MAU_TINH", award = "DV_KIEUMAU_TINH", title = "Trình Chủ tịch UBND tỉnh công nhận đơn vị kiểu mẫu",
      held = { "DV_KIEUMAU" }, years = 2,
      criteria = { { column = "grade", levels = { "HTXSNV" }, label = "Tập thể hoàn thành xuất sắc nhiệm vụ" } },
      printed = { unit = "SO", indicator = "KIEU_MAU_TINH" } },
    -- "Dân vận khéo" 2021–2023: a model in each year of the period (Giấy khen of the Ban Dân vận).
    { id = "DVK", award = "DVK_2021_2023", title = "Tập thể điển hình Dân vận khéo giai đoạn 2021-2023",
      years = 3, criteria = { { column = "dvk_model", eq = true, label = "Có mô hình Dân vận khéo" } },
      printed = { unit = "SO", indicator = "DVK" } },
  },
}

step("Kết quả thực hiện nhiệm vụ chính trị", function(ctx) scoring.run(ctx) end)
step("Kiểm tra số liệu in trong báo cáo", function(ctx) figures.run(ctx) end)
step("Xây dựng đơn vị văn hóa, đơn vị kiểu mẫu", function(ctx) unit_titles.run(ctx) end)
