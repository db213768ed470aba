-- grading/summary.lua — the grading's output tables: quota, moves and breaches as the run goes,
-- the counts per organisation, the shares a report printed and the targets for the next year.
local C = require "grading.common"
local M = C.M
local RANK = C.RANK
local vnum, place, pct_of, round2, new_counts, sev, breach = C.vnum, C.place, C.pct_of, C.round2, C.new_counts, C.sev, C.breach
local MANUAL_I, EXCLUDED_I, ROOT = C.MANUAL_I, C.EXCLUDED_I, C.ROOT

local S = {}

function S.open_tables(cfg, what)
  local R = { errors = 0 }
  R.quota = report.table { id = "grading_quota", title = "Chỉ tiêu HTXSNV theo nhóm (" .. what .. ")",
    group = "Xếp loại chất lượng",
    columns = { { key = "level", title = "Cấp", type = "text" }, { key = "pool", title = "Nhóm", type = "text" },
      { key = "reading", title = "Cách hiểu", type = "text" }, { key = "base", title = "Cơ sở tính", type = "integer" },
      { key = "pct", title = "Tỷ lệ", type = "number", decimals = 0 }, { key = "rounding", title = "Làm tròn", type = "text" },
      { key = "allowed", title = "Được phép", type = "integer" }, { key = "proposed", title = "Đề xuất", type = "integer" },
      { key = "moved", title = "Chuyển xuống", type = "integer" }, { key = "computation", title = "Cách tính", type = "text" } },
    notes = { "B1: cơ sở là số xếp loại HTTNV trước khi chuyển; B2: sau khi chuyển; B3: HTTNV trở lên; B4: tổng số được xếp loại." } }
  R.moved = report.table { id = "grading_moved", title = "Chuyển từ HTXSNV xuống HTTNV do vượt chỉ tiêu",
    group = "Xếp loại chất lượng",
    columns = { { key = "subject", title = "Mã", type = "text" }, { key = "name", title = "Họ tên / tổ chức", type = "text" },
      { key = "unit", title = "Chi bộ / đơn vị", type = "text" }, { key = "pool", title = "Nhóm", type = "text" },
      { key = "score", title = "Điểm", type = "number", decimals = 1 }, { key = "rank", title = "Thứ tự", type = "integer" },
      { key = "allowed", title = "Được phép", type = "integer" }, { key = "proposed", title = "Đề xuất", type = "integer" },
      { key = "decided_by", title = "Khóa quyết định", type = "text" }, { key = "reason", title = "Lý do", type = "text" } } }
  R.breaches = report.table { id = "grading_breaches", title = "Kiểm tra kết quả xếp loại đã công bố",
    group = "Xếp loại chất lượng",
    columns = { { key = "subject", title = "Đối tượng", type = "text" }, { key = "subject_kind", title = "Loại", type = "text" },
      { key = "check", title = "Nội dung", type = "text" }, { key = "severity", title = "Mức", type = "text" },
      { key = "message", title = "Chi tiết", type = "text" } } }
  return R
end

-- Adds each organisation's direct counts to all its ancestors, so a đảng bộ shows its whole membership.
function S.roll_up(units, counts)
  local total = {}
  for id, c in pairs(counts) do
    local u, guard = id, 0
    while u and guard < 50 do
      local t = total[u]
      if not t then t = new_counts(); total[u] = t end
      for i = 1, 7 do t[i] = t[i] + c[i] end
      if u ~= id then t.rolled = true end
      u = units[u] and units[u].parent; guard = guard + 1
    end
  end
  return total
end

function S.summary_table(id, title, units, totals, direct_label)
  local t = report.table { id = id, title = title, group = "Xếp loại chất lượng",
    columns = { { key = "unit", title = "Mã", type = "text" }, { key = "name", title = "Tổ chức", type = "text" },
      { key = "scope", title = "Phạm vi", type = "text" },
      { key = "excluded", title = "Không xếp loại", type = "integer" }, { key = "graded", title = "Được xếp loại (mẫu số)", type = "integer" },
      { key = "htxsnv", title = "HTXSNV", type = "integer" }, { key = "htxsnv_pct", title = "Tỷ lệ HTXSNV", type = "percent", decimals = 2 },
      { key = "httnv", title = "HTTNV", type = "integer" }, { key = "httnv_pct", title = "Tỷ lệ HTTNV", type = "percent", decimals = 2 },
      { key = "htnv", title = "HTNV", type = "integer" }, { key = "htnv_pct", title = "Tỷ lệ HTNV", type = "percent", decimals = 2 },
      { key = "khtnv", title = "KHTNV", type = "integer" }, { key = "khtnv_pct", title = "Tỷ lệ KHTNV", type = "percent", decimals = 2 },
      { key = "manual", title = "Chờ xem xét", type = "integer" } },
    notes = { "Mẫu số của các tỷ lệ là số được xếp loại (không gồm người không xếp loại: miễn sinh hoạt, đình chỉ, vào Đảng chưa đủ 6 tháng)." } }
  local ids = {}
  for uid in pairs(totals) do if uid ~= ROOT then ids[#ids + 1] = uid end end
  table.sort(ids)
  for _, uid in ipairs(ids) do
    local c = totals[uid]
    local n = c[1] + c[2] + c[3] + c[4] + c[MANUAL_I]
    local u = units[uid]
    t:add { unit = uid, name = u and u.name or uid, scope = direct_label(uid), excluded = c[EXCLUDED_I], graded = n,
            htxsnv = c[1], htxsnv_pct = pct_of(c[1], n), httnv = c[2], httnv_pct = pct_of(c[2], n),
            htnv = c[3], htnv_pct = pct_of(c[3], n), khtnv = c[4], khtnv_pct = pct_of(c[4], n), manual = c[MANUAL_I] }
  end
  return t
end

-- Denominators that reproduce a printed share, from `lo` to `hi`: the office's own arithmetic.
function S.fitting_denominators(count, printed, lo, hi)
  local fits = {}
  for d = math.max(lo, 1), hi do
    if math.abs(round2(count * 100 / d) - printed) < 0.0001 then fits[#fits + 1] = d end
  end
  return fits
end
M.fitting_denominators = S.fitting_denominators
local fitting_denominators = S.fitting_denominators

-- Checks the shares a report printed against the counts behind them.
function S.check_published(ctx, st, R, totals, unit_counts, units)
  local t = report.table { id = "grading_published_check", title = "Đối chiếu tỷ lệ đã in trong báo cáo",
    group = "Xếp loại chất lượng",
    columns = { { key = "unit", title = "Tổ chức", type = "text" }, { key = "of", title = "Đối tượng", type = "text" },
      { key = "level", title = "Mức", type = "text" }, { key = "printed_count", title = "Số đã in", type = "integer" },
      { key = "count", title = "Số tính được", type = "integer" }, { key = "printed_pct", title = "Tỷ lệ đã in", type = "percent", decimals = 2 },
      { key = "denominator", title = "Mẫu số", type = "integer" }, { key = "pct", title = "Tỷ lệ tính được", type = "percent", decimals = 2 },
      { key = "fits", title = "Mẫu số khớp với tỷ lệ đã in", type = "text" }, { key = "status", title = "Kết quả", type = "text" } },
    notes = { "Mẫu số: số được xếp loại. Cột cuối liệt kê mọi mẫu số từ số lượng đến tổng số + 5 cho ra đúng tỷ lệ đã in." } }
  local flagged = 0
  for row in db.rows("published_shares", { year = ctx.year }, { "subject_id", "subject_kind", "level" }) do
    local of_units = row.subject_kind == "unit"
    local c = of_units and unit_counts[row.subject_id] or totals[row.subject_id] or new_counts()
    local r = RANK[row.level]
    if not r then error(place("published_shares", row) .. ": level '" .. tostring(row.level) .. "' is not a grading level", 0) end
    local n = c[1] + c[2] + c[3] + c[4] + c[MANUAL_I]
    local count = c[r]
    local pct = pct_of(count, n)
    local problems = {}
    if row.count and row.count ~= count then problems[#problems + 1] = ("số đã in %d, tính được %d"):format(row.count, count) end
    local fits = ""
    if row.pct and pct then
      if math.abs(round2(pct) - row.pct) > (st.cfg.share_tolerance or 0.005) then
        problems[#problems + 1] = ("tỷ lệ đã in %s%%, tính được %s/%d = %s%%"):format(vnum(row.pct), vnum(count), n, vnum(round2(pct)))
      end
      local f = fitting_denominators(row.count or count, row.pct, row.count or count, n + c[EXCLUDED_I] + 5)
      local parts = {}
      for i, d in ipairs(f) do parts[i] = tostring(d) end
      fits = table.concat(parts, ", ")
      if fits == "" then fits = "không có" end
    end
    local status = #problems == 0 and "khớp" or "không khớp"
    t:add { unit = row.subject_id, of = of_units and "tổ chức đảng" or "đảng viên", level = row.level,
            printed_count = row.count, count = count, printed_pct = row.pct, denominator = n, pct = pct and round2(pct),
            fits = fits, status = status }
    if #problems > 0 then
      flagged = flagged + 1
      local msg = ("%s, %s %s: %s; mẫu số khớp tỷ lệ đã in: %s"):format(row.subject_id,
        of_units and "tổ chức" or "đảng viên", row.level, table.concat(problems, "; "), fits)
      breach(R, row.subject_id, "unit", "printed_share", sev(st.cfg, "printed_share"), msg,
             { printed = row.pct, computed = pct, denominator = n })
    end
  end
  return flagged
end

-- The report's targets for the next year, checked against this run's results.
function S.check_targets(ctx, st, totals, unit_counts, levels)
  local targets = st.cfg.targets
  if not targets or #targets == 0 then return end
  local t = report.table { id = "grading_targets", title = "Chỉ tiêu xếp loại so với kết quả năm " .. ctx.year,
    group = "Xếp loại chất lượng",
    columns = { { key = "target", title = "Chỉ tiêu", type = "text" }, { key = "required", title = "Yêu cầu", type = "text" },
      { key = "actual", title = "Kết quả", type = "text" }, { key = "met", title = "Đạt", type = "text" } } }
  for _, tg in ipairs(targets) do
    local actual, met, required
    if tg.of == "self" then
      actual = levels[tg.unit] or "(chưa xếp loại)"
      met = RANK[actual] and RANK[actual] <= RANK[tg.level]
      required = tg.level .. " trở lên"
    else
      local c = (tg.of == "units" and unit_counts[tg.unit]) or (tg.of == "members" and totals[tg.unit]) or new_counts()
      local n = c[1] + c[2] + c[3] + c[4] + c[MANUAL_I]
      local k = 0
      for r = 1, RANK[tg.level] do if tg.or_better or r == RANK[tg.level] then k = k + c[r] end end
      local p = pct_of(k, n) or 0
      local op = tg.op or ">="
      met = (op == ">" and p > tg.pct) or (op == ">=" and p >= tg.pct)
      required = ("%s %s%% %s%s"):format(op == ">" and "trên" or "ít nhất", vnum(tg.pct), tg.level, tg.or_better and " trở lên" or "")
      actual = ("%d/%d = %s%%"):format(k, n, vnum(round2(p)))
    end
    t:add { target = tg.title or tg.id, required = required, actual = actual, met = met and "đạt" or "chưa đạt" }
    emit { kind = "target", subject = tg.id or tg.title, subject_kind = "indicator", value = met and true or false,
           steps = { (tg.title or tg.id) .. ": yêu cầu " .. required .. ", kết quả " .. actual } }
  end
end

return S
