-- rules/quangbinh/targets.lua — Quảng Bình, Sở LĐTBXH: target scoring and the emulation ranking
-- of the Sở's units. A part of rules/quangbinh.lua, which brings it in with
--   extends "quangbinh/targets.lua"
-- and may then change config.scoring / config.ranking or replace the two steps.
--
-- Figures: data/quangbinh/README.md ("Targets and emulation ranking") says which come from the
-- Đảng bộ Sở's 2023 report (seed 002) and which are illustrative.
-- Functions and settings used here: docs/scoring.md.
local scoring = require "scoring"
local ranking = require "ranking"

---------------------------------------------------------------------------------------------------
-- Sources: the files as the Văn phòng Sở exports them from Excel (semicolon, Vietnamese numbers)
---------------------------------------------------------------------------------------------------

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại đơn vị", parent_id = "Trực thuộc",
              block_id = "Khối thi đua", source = "Nguồn số liệu" } }

source { table = "indicators", file = "indicators.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã chỉ tiêu", name = "Tên chỉ tiêu", measure = "Đơn vị tính",
              direction = "Chiều đánh giá", parent_id = "Chỉ tiêu cha", sort = "Thứ tự",
              source = "Nguồn số liệu" } }

-- "Tỷ lệ báo cáo" goes to reported_text, not reported_pct: the report prints 110% and 163,3%,
-- and only the text keeps how many decimals were printed, which the check needs.
source { table = "targets", file = "targets.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", indicator_id = "Mã chỉ tiêu", plan = "Kế hoạch",
              actual = "Thực hiện", reported_text = "Tỷ lệ báo cáo", source = "Nguồn số liệu" } }

source { table = "criteria", file = "criteria.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã tiêu chí", name = "Tên tiêu chí", group_id = "Mã nhóm", group_name = "Tên nhóm",
              max_points = "Điểm tối đa", sort = "Thứ tự", source = "Nguồn số liệu" } }

source { table = "criterion_scores", file = "criterion_scores.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", criterion_id = "Mã tiêu chí",
              self_points = "Điểm tự chấm", verified_points = "Điểm thẩm định", note = "Ghi chú",
              source = "Nguồn số liệu" } }

source { table = "adjustments", file = "adjustments.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", line = "Dòng", cap_group = "Nhóm điểm thưởng",
              points = "Điểm", reason = "Lý do", source = "Nguồn số liệu" } }

source { table = "unit_years", file = "unit_years.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", grade = "Xếp loại", exceeded_targets = "Vượt chỉ tiêu",
              votes = "Số phiếu bầu", source = "Nguồn số liệu" } }

---------------------------------------------------------------------------------------------------
-- Target scoring (chấm điểm chỉ tiêu kế hoạch)
---------------------------------------------------------------------------------------------------
-- The seed report gives plans and results, not a scoring rule, so the points below are the
-- Sở's illustrative choice on a 100-point scale; the ratios and the printed-% check are not.

-- Full points at 100% of plan, proportional below, nothing under half the plan (a result that
-- low is not "partly done"), and a bonus of half the excess, capped at 20% of the weight so one
-- runaway indicator (6.042/3.700 workers abroad = 163,3%) cannot carry the whole sheet.
local standard = scoring.proportional { floor = 0.5, bonus_rate = 0.5, bonus_cap = 0.2 }

-- Poverty reduction is scored in steps, as the province's poverty programme reports it:
-- a reduction of at least 120% of plan earns a 10% bonus; below half the planned reduction,
-- or a rate that went up, earns nothing.
local poverty = scoring.bands {
  { min = 1.2, share = 1.1 },
  { min = 1.0, share = 1.0 },
  { min = 0.8, share = 0.7 },
  { min = 0.5, share = 0.4 },
}

config.scoring = {
  decimals = 2,              -- the attainment column shows 110,05%
  -- A result not yet reported (the 2024 plans before the year ends) is left out and the weights
  -- of the others are spread over it: a missing figure is a gap in the report, not a failure.
  missing = "skip",
  -- Every indicator of the Sở has a positive plan; a 0 can only be a typing error, so stop.
  plan_zero = "error",
  -- The report both rounds (14.873/14.950 → 99,48%) and cuts digits (17.250/17.000 → 101,4%,
  -- 2.108/1.750 → 120,45%), so either agrees; anything else (269/250 printed 107,4%) is flagged.
  printed_check = { accept = { "round", "truncate" } },
  scorer = standard,
  indicators = {
    VIECLAM  = { weight = 20 },
    XKLD     = { weight = 10 },
    TS_GDNN  = { weight = 15 },
    TS_CD    = { weight = 5 },
    TS_TC    = { weight = 5 },
    TS_SC    = { weight = 5 },
    TL_QDT   = { weight = 10 },
    TL_BCCC  = { weight = 10 },
    HN_GIAM  = { weight = 15, scorer = poverty },
    HCN_GIAM = { weight = 5, scorer = poverty },
  },
  notes = { "Tỷ lệ đạt tính từ kế hoạch và thực hiện; cột \"Kiểm tra\" so với tỷ lệ in trong báo cáo.",
            "Kế hoạch tỷ lệ lao động qua đào tạo (68,7%) và có bằng cấp, chứng chỉ (29,5%) suy ra từ tỷ lệ đạt in trong báo cáo.",
            "Trọng số và cách tính điểm là minh họa." },
}

---------------------------------------------------------------------------------------------------
-- Emulation ranking of the Sở's units (xếp hạng thi đua khối)
---------------------------------------------------------------------------------------------------
-- Sheet of 1.000 points: 950 for the criteria + at most 50 bonus points (the pattern of
-- emulation-awards.md §4). Bonus for an award from above (Bằng khen of a ministry, Cờ of the
-- Government) is outside the 50-point ceiling, so a unit may pass 1.000; the total is kept.

config.ranking = {
  decimals = 1,
  max_total = 1000,
  bonus_caps = { thuong = 50 },              -- cap_group "khen_cap_tren" has no ceiling
  -- The block verifies every line before ranking; an unverified line stops the run rather than
  -- quietly ranking a unit on its own marks.
  missing_verified = "error",
  core_group = "NV",                         -- nhiệm vụ chuyên môn: the first tie-break
  -- Ties: total, then the core-task group, then the block conference's votes, then the name so
  -- the order is always the same. The Sở does not use shared ranks because only one Cờ is given
  -- per block.
  ties = "break",
  keys = { "-total", "-core", "-votes", "name:vi" },
  block_names = {
    K1 = "Khối các phòng chuyên môn, Văn phòng và Thanh tra Sở",
    K2 = "Khối các đơn vị sự nghiệp trực thuộc Sở",
  },
  awards = {
    -- The block leader only, and only if it exceeded its targets (Law 06/2022 Art. 26):
    -- a leader that did not is not replaced by the runner-up.
    { id = "CO_TINH", title = "Cờ thi đua của UBND tỉnh", from_rank = 1, places = 1,
      condition = ranking.cond.exceeded_targets { from = "unit_years" } },
    -- Ranks 2–3, each with 2 consecutive years HTXSNV (Art. 74, collective clause). A place a
    -- unit fails is not passed down: the Sở proposes on merit of rank, as emulation-awards.md E3.
    { id = "BK_TINH", title = "Bằng khen của Chủ tịch UBND tỉnh", from_rank = 2, places = 2, fill = false,
      condition = ranking.cond.consecutive_grade { level = "HTXSNV", years = 2 } },
  },
  notes = { "Bảng điểm, điểm thưởng, điểm trừ và kết quả xếp loại là số liệu minh họa." },
}

---------------------------------------------------------------------------------------------------
-- Steps
---------------------------------------------------------------------------------------------------

step("Chấm điểm chỉ tiêu kế hoạch", function(ctx) scoring.run(ctx) end)
step("Xếp hạng thi đua theo khối", function(ctx) ranking.run(ctx) end)
