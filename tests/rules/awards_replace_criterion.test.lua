-- A province replaces a criterion by name (docs/awards.md, "Replacing a criterion"): here the
-- Bằng khen of the Prime Minister, written with the documented decision API and history helpers
-- as the library writes it. The decisions it gives explain themselves exactly like the library's
-- own (checked person by person below), and the table awards_bk_ttg_2024 is the same.
ruleset { id = "awards_replace_criterion", title = "Tỉnh Mẫu — tiêu chí thay thế", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
local awards = require "awards"
local history = require "history"
config.awards.current_year_titles = "data"

-- BK Thủ tướng (Law Art. 73.1): holds a Bằng khen of the province, then s.bk_ttg.years
-- consecutive years HTTNV or better after it, with s.bk_ttg.cstdcs CSTĐCS in that period.
local function bk_ttg(rec, year, s)
  local c = s.bk_ttg
  local d = awards.decision("BK_TTG", rec, year)
  local held = history.last_award(rec, c.requires, year)
  local names = {}
  for i, k in ipairs(c.requires) do names[i] = awards.NAMES[k] or k end
  awards.condition(d, "Đã có " .. table.concat(names, " hoặc "), true, held ~= nil, held ~= nil,
    held and ((held.decision or held.kind) .. (held.period_to and (", thành tích " ..
      (held.period_from and held.period_from ~= held.period_to and (held.period_from .. "–") or "") ..
      held.period_to) or "")) or nil)
  d.considered = held ~= nil
  local from, _, wtext = history.window_start(rec, c.window_after, year, s.undated_period_start)
  if from then d.notes[#d.notes + 1] = "Thời gian xét " .. wtext end
  d.values.window_from = from
  local n, years, broke = history.streak(rec, year, history.cond.grade_at_least(c.min_grade), from)
  local detail = history.years_text(years)
  if from then detail = detail .. "; tính từ năm " .. from end
  if broke and n < c.years then detail = detail .. "; năm " .. broke .. " không đạt" end
  awards.condition(d, ("Số năm liên tục %s trở lên đến năm %d"):format(c.min_grade, year), c.years, n, n >= c.years, detail)
  local lo = (n > 0) and years[1] or year
  local k, ky = history.count(rec, lo, year, history.cond.title("CSTDCS"))
  awards.condition(d, ("Số lần CSTĐCS trong thời gian đó (từ %d)"):format(lo), c.cstdcs, k, k >= c.cstdcs,
    history.years_text(ky))
  awards.settle(d)
  if d.eligible then awards.period(d, years) end
  return d
end
local library = awards.criterion("BK_TTG", bk_ttg)

source { table = "units", csv = "Mã;Tên\nVP;Văn phòng Sở\n", delimiter = ";", columns = { id = "Mã", name = "Tên" } }
source { table = "people", delimiter = ";", csv = "Mã;Họ tên;Đơn vị\nP1;Nguyễn Văn An;VP\nP2;Trần Thị Bình;VP\nP3;Lê Văn Cường;VP\n",
         columns = { id = "Mã", name = "Họ tên", unit_id = "Đơn vị" } }
source { table = "history", delimiter = ";", columns = { subject_id = "Mã", year = "Năm", grade = "Xếp loại", titles = "Danh hiệu" },
         csv = [[
Mã;Năm;Xếp loại;Danh hiệu
P1;2019;HTTNV;LĐTT
P1;2020;HTTNV;LĐTT, CSTĐCS
P1;2021;HTTNV;LĐTT
P1;2022;HTTNV;LĐTT
P1;2023;HTXSNV;LĐTT, CSTĐCS
P1;2024;HTXSNV;LĐTT, CSTĐCS
P2;2020;HTTNV;LĐTT
P2;2021;HTNV;
P2;2022;HTTNV;LĐTT, CSTĐCS
P2;2023;HTTNV;LĐTT, CSTĐCS
P2;2024;HTTNV;LĐTT, CSTĐCS
P3;2024;HTTNV;LĐTT
]] }
source { table = "awards", delimiter = ";", columns = { subject_id = "Mã", kind = "Hình thức", period_from = "Từ năm",
         period_to = "Đến năm", decision = "Số quyết định", decision_date = "Ngày quyết định" }, csv = [[
Mã;Hình thức;Từ năm;Đến năm;Số quyết định;Ngày quyết định
P1;BK_TINH;2017;2018;120/QĐ-UBND;20/03/2019
P2;BK_TINH;2018;2019;98/QĐ-UBND;02/04/2020
]] }

-- The province's decision and the library's, on every record: the same conditions, notes,
-- reasons and period.
step("So sánh với tiêu chí của thư viện", function(ctx)
  local st = awards.run_state(ctx)
  for _, id in ipairs { "P1", "P2", "P3" } do
    local rec = st.recs[id]
    local mine, theirs = bk_ttg(rec, ctx.year, st.s), library(rec, ctx.year, st.s)
    local a, b = table.concat(awards.steps(mine), "\n"), table.concat(awards.steps(theirs), "\n")
    emit { kind = "same_as_library", subject = id, value = a == b and mine.period_text == theirs.period_text,
           steps = { a, b } }
  end
end)

expect { kind = "same_as_library", value = true, count = 3 }
expect { kind = "award", subject = "P1", value = "BK_TTG" }
expect { kind = "award_refused", subject = "P2", value = "BK_TTG", count = 1 }
expect { table = "awards_bk_ttg_2024", row = { id = "P1" }, values = { result = "Đạt", period = "2019–2024" } }
expect { table = "awards_bk_ttg_2024", row = { id = "P2" },
         values = { result = "Không đạt", reason = "không đủ điều kiện: Số năm liên tục HTTNV trở lên đến năm 2024: cần 5, có 3 (2022–2024; tính từ năm 2020; năm 2021 không đạt)" } }
