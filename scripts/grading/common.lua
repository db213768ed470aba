-- grading/common.lua — what every part of the party grading shares: the levels, the discipline
-- forms, the counts kept per organisation, and small helpers for numbers, places and settings.
-- The public functions are on the grading module table (C.M, returned by require "grading").
local C = {}
local M = {}
C.M = M

-- Levels, best first. Ranks are compared as numbers: a cap "at best HTNV" is math.max(r, 3).
M.LEVELS = { "HTXSNV", "HTTNV", "HTNV", "KHTNV" }
local LEVELS = M.LEVELS
C.LEVELS = LEVELS
local RANK = { HTXSNV = 1, HTTNV = 2, HTNV = 3, KHTNV = 4 }
M.RANK = RANK
C.RANK = RANK
-- A member the rules cannot place (a gap in the regulation the rule file leaves to people).
local MANUAL = "XEM_XET"
M.MANUAL = MANUAL
C.MANUAL = MANUAL

-- Discipline forms, lightest first (Điều lệ Đảng: khiển trách, cảnh cáo, cách chức, khai trừ).
local DISCIPLINE = { khien_trach = 1, canh_cao = 2, cach_chuc = 3, khai_tru = 4 }
M.DISCIPLINE = DISCIPLINE
C.DISCIPLINE = DISCIPLINE
local DISCIPLINE_NAME = { khien_trach = "khiển trách", canh_cao = "cảnh cáo", cach_chuc = "cách chức",
                          khai_tru = "khai trừ" }

local EXCLUSION_TEXT = {
  excused = "Không xếp loại: được miễn công tác và sinh hoạt đảng",
  suspended = "Không xếp loại: đang bị đình chỉ sinh hoạt đảng",
  recent = "Không xếp loại: vào Đảng chưa đủ 6 tháng tính đến ngày kiểm điểm",
}
local KEY_LABEL = { score = "tổng điểm", task_score = "điểm kết quả nhiệm vụ", votes = "số phiếu",
                    subject_id = "mã" }
C.DISCIPLINE_NAME, C.EXCLUSION_TEXT, C.KEY_LABEL = DISCIPLINE_NAME, EXCLUSION_TEXT, KEY_LABEL

-- Numbers as an office user writes them: 89,5 and 90. Every member's explanation prints a
-- score, and scores repeat (a 100-point scale with a decimal or two), so each text is kept
-- once made, up to VNUM_KEEP different numbers.
local VNUM_KEEP = 100000
local vnum_text, vnum_kept = {}, 0
local function vnum(x)
  if x == nil then return "—" end
  local t = vnum_text[x]
  if t then return t end
  if x == math.floor(x) then t = string.format("%d", x)
  else t = (string.format("%.2f", x):gsub("0+$", ""):gsub("%.", ",")) end
  if vnum_kept < VNUM_KEEP and x == x then vnum_text[x] = t; vnum_kept = vnum_kept + 1 end
  return t
end
M.vnum = vnum

local function place(tbl, row)
  if db.place then return db.place(tbl, row) end
  return tostring(row._src or tbl) .. ":" .. tostring(row._line or "?")
end

-- Province settings over regime defaults (settings.lua): maps merge field by field, lists
-- (tie_break, outstanding, targets) are replaced whole, an empty table over a list clears it.
local settings = require "settings"
local deep_copy, merge = settings.copy, settings.merge

-- "2023-12-31" minus 6 months = "2023-06-30" (the day clamped to the month's length).
local function months_before(date, months)
  local y, m, d = date:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  assert(y, "review_date must be YYYY-MM-DD, got '" .. tostring(date) .. "'")
  y, m, d = tonumber(y), tonumber(m) - months, tonumber(d)
  while m < 1 do m, y = m + 12, y - 1 end
  local mdays = { 31, (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) and 29 or 28, 31, 30, 31, 30,
                  31, 31, 30, 31, 30, 31 }
  if d > mdays[m] then d = mdays[m] end
  return string.format("%04d-%02d-%02d", y, m, d)
end
M.months_before = months_before

local function pct_of(n, d) if d == 0 then return nil end return n * 100 / d end
-- Shares as printed: two decimals, half up.
local function round2(x) return math.floor(x * 100 + 0.5) / 100 end

C.vnum, C.place, C.deep_copy, C.merge, C.months_before, C.pct_of, C.round2 =
  vnum, place, deep_copy, merge, months_before, pct_of, round2

-- Counts per organisation: x, g, h, k (by rank), manual, excluded, disciplined.
local function new_counts() return { 0, 0, 0, 0, 0, 0, 0 } end  -- x, g, h, k, manual, excluded, disciplined
M.new_counts = new_counts
local MANUAL_I, EXCLUDED_I, DISCIPLINED_I = 5, 6, 7
local ROOT = "(cấp trên)"   -- pool of organisations whose parent is not in the data
C.new_counts, C.MANUAL_I, C.EXCLUDED_I, C.DISCIPLINED_I, C.ROOT = new_counts, MANUAL_I, EXCLUDED_I, DISCIPLINED_I, ROOT

-- Breaches of the rules found in "validate" mode, listed in the grading_breaches table.
local function sev(cfg, what) return cfg.validate.severity[what] or "warning" end

-- The names an office reads for the codes of the checks (tables show the names; the results
-- database keeps the codes, which rule files and queries use).
local NAMES = {
  subject_kind = { person = "Đảng viên", unit = "Tổ chức đảng", pool = "Nhóm" },
  check = { quota = "Vượt chỉ tiêu HTXSNV (đảng viên)", unit_quota = "Vượt chỉ tiêu HTXSNV (tổ chức đảng)",
            printed_share = "Tỷ lệ đã in trong báo cáo", gap = "Quy tắc không xếp được",
            member_level = "Xếp loại đảng viên cao hơn quy tắc cho phép",
            collective = "Xếp loại tổ chức cao hơn quy tắc cho phép" },
  severity = { warning = "cảnh báo", error = "lỗi" },
}
local function name_of(kind, code) return NAMES[kind][code] or code end
C.name_of = name_of

local function breach(R, subject, subject_kind, check, severity, message, values)
  R.breaches:add { subject = subject, subject_kind = name_of("subject_kind", subject_kind),
                   check = name_of("check", check), severity = name_of("severity", severity), message = message }
  emit { kind = "breach", subject = subject, subject_kind = subject_kind, value = severity,
         values = values, steps = { message } }
  if severity == "error" then R.errors = R.errors + 1 end
end
C.sev, C.breach = sev, breach

return C
