-- extract.lua — the figures of a narrative report, each checked against its own numbers.
--
-- `evalrun extract REPORT` reads the report (C: the file, UTF-8, NFC, one block per
-- paragraph or table cell with its place) and calls M.run(blocks, name). This file finds
-- the figures: amounts in the forms offices write ("20.360", "05 nghìn 700",
-- "1.640 tỷ 539 triệu đồng", "khoảng 62 nghìn"), plan/actual pairs ("20.360/18.500",
-- "kế hoạch 3.700"), printed percentages and what they are of (plan, a total, a change),
-- and part lists ("trong đó: ..."). It checks each printed percentage under both rounding
-- and truncation at the printed decimals, and each part list against its total.
--
-- A province adds its own phrasing with `evalrun extract REPORT --patterns mine.lua`:
-- the file is called with this module and may extend the word lists below
-- (M.measures, M.qualifiers, M.plan_words, M.scales, M.not_a_figure_before). docs/extract.md.

local M = {}

-- Words that say an amount is approximate; kept in the `qualifier` column, never dropped.
M.qualifiers = { "khoảng", "trên", "gần", "hơn", "dưới", "xấp xỉ", "ít nhất", "tối thiểu", "tối đa", "gần như" }

-- Scale words: "62 nghìn lao động" is 62000; money keeps its largest scale as the unit.
M.scales = { ["nghìn"] = 1e3, ["ngàn"] = 1e3, ["trăm"] = 1e2, ["triệu"] = 1e6, ["tỷ"] = 1e9, ["tỉ"] = 1e9 }

-- Units of measure, tried longest first (the word right after the amount).
M.measures = {
  "điểm %", "điểm phần trăm", "tỷ đồng", "triệu đồng", "nghìn đồng", "đồng", "USD",
  "lượt người", "lượt", "người", "lao động", "hộ", "nhân khẩu", "đối tượng", "trường hợp",
  "đảng viên", "chi bộ", "đảng bộ", "tổ chức cơ sở đảng", "đơn vị", "cơ quan", "doanh nghiệp",
  "xã", "huyện", "thôn", "phường", "thị trấn", "cơ sở", "trường", "trung tâm",
  "dự án", "hồ sơ", "thủ tục", "văn bản", "cuộc", "lớp", "học viên", "học sinh", "sinh viên",
  "ngôi nhà", "nhà", "căn", "suất", "phần quà", "tập thể", "cá nhân", "gia đình", "trẻ em", "người cao tuổi",
  "mô hình", "sáng kiến", "đề tài", "đồng chí", "liệt sĩ", "liệt sỹ", "thân nhân", "hài cốt", "Bằng Tổ quốc ghi công",
  "giờ", "đầu việc", "phần mềm", "thủ tục hành chính", "TTHC", "kết quả", "cuộc gọi", "đánh giá", "Nghị quyết", "nghị quyết", "quyết định", "kế hoạch", "văn bản chỉ đạo", "quần chúng", "cán bộ", "công chức", "viên chức", "dịch vụ công", "ngày", "tháng", "năm",
}

-- Words after which a plan or a whole follows: "kế hoạch 3.700", "chỉ tiêu giao 18.500".
M.plan_words = { "kế hoạch", "chỉ tiêu", "KH" }

-- Words right before a number that make it a date, a document number or a list number, not a figure.
M.not_a_figure_before = { "số", "Số", "mức độ", "Mức độ", "mức", "hạng", "Hạng", "loại", "cấp độ", "lần thứ", "thứ",
  "nhóm", "Nhóm", "khu vực", "Khu vực", "Trung ương", "Hội nghị", "Khóa", "Mã", "Đề án", "đề án",
  "Kỷ niệm", "kỷ niệm", "tổng kết", "Tổng kết", "sơ kết", "Sơ kết", "Quý", "quý", "NQ", "QĐ", "NĐ", "TT", "CT", "Phần", "phần", "Chương", "chương", "Phụ lục", "phụ lục", "khóa", "Khóa", "khoá",
  "lần thứ", "giai đoạn", "Giai đoạn", "từ năm", "đến năm", "Điều", "điều", "Khoản", "khoản", "Mục", "mục",
  "Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Chỉ thị", "Kế hoạch số", "Kết luận", "Hướng dẫn" }

local VERDICT = { ok = "khớp", bad = "không khớp", na = "không kiểm tra được" }
M.VERDICT = VERDICT

-- ---- small helpers ---------------------------------------------------------------

local function trim(s) return (s:gsub("^[%s%-%+%*:,;%.%(]+", ""):gsub("[%s:,;%(]+$", "")) end

local function ends_with_word(s, w)
  local tail = s:sub(-#w)
  if tail ~= w then return false end
  local before = s:sub(-#w - 1, -#w - 1)
  return before == "" or before:match("[%s%(%-%+:,;]") ~= nil
end

local function starts_with_word(s, w)
  if s:sub(1, #w) ~= w then return false end
  local after = s:sub(#w + 1, #w + 1)
  return after == "" or not after:match("[%w\128-\255]")
end

local function decimals_of(text)
  local frac = text:match(",(%d+)$")
  return frac and #frac or 0
end

local function close(a, b) return math.abs(a - b) < 1e-6 end

-- The value printed with `dec` decimals under rounding half up and under truncation.
function M.rounded(x, dec)
  local f = 10 ^ dec
  return math.floor(x * f + 0.5 + 1e-9) / f, math.floor(x * f + 1e-9) / f
end

-- Does `printed` (shown with `dec` decimals) follow from `computed` under either rounding?
function M.agrees(printed, dec, computed)
  local half, trunc = M.rounded(computed, dec)
  return close(half, printed) or close(trunc, printed)
end

local function fmt(x, dec)
  if x == nil then return "" end
  if dec then return format_vi(x, dec) end
  return format_vi(x)
end

-- ---- numbers ---------------------------------------------------------------------

-- The number written at s[i..]: digits with "." groups and a "," decimal part, as offices
-- write them. Returns value, the text, the position after it; nil when it is not a number.
local function read_number(s, i)
  local raw = s:match("^%d[%d%.,]*", i)
  if not raw then return nil end
  raw = raw:gsub("[%.,]+$", "")           -- "18.500." ends a sentence
  local v = number_vi(raw)
  if not v and raw:match("^%d+%.%d+$") then v = tonumber(raw) end   -- "1.5" typed the English way
  if not v then return nil end
  return v, raw, i + #raw
end

local function skip_spaces(s, i)
  return (s:find("[^ \t]", i)) or #s + 1
end

-- A scale word at s[i..]: its name, factor and the position after it.
local function read_scale(s, i)
  for w, f in pairs(M.scales) do
    if starts_with_word(s:sub(i, i + #w), w) then return w, f, i + #w end
  end
end

local measures_sorted
local function read_measure(s, i)
  if not measures_sorted then
    measures_sorted = {}
    for _, m in ipairs(M.measures) do measures_sorted[#measures_sorted + 1] = m end
    table.sort(measures_sorted, function(a, b) return #a > #b or (#a == #b and a < b) end)
  end
  if s:sub(i, i) == "%" then return "%", i + 1 end
  for _, m in ipairs(measures_sorted) do
    if starts_with_word(s:sub(i, i + #m), m) then return m, i + #m end
  end
end

local function is_year(v, raw) return raw:match("^%d%d%d%d$") and v >= 1900 and v <= 2100 end

-- Why the number at s[i] is not a figure (a date, a code, a year, a list number), or nil.
local function not_a_figure(s, i, v, raw, j)
  local prev = s:sub(i - 1, i - 1)
  if prev:match("[%w/%-]") and not s:sub(1, i - 1):match("%s%-$") then return "part of a code" end
  local nxt = s:sub(j, j + 1)
  if nxt:match("^[/%-][%a\128-\255]") or nxt:match("^%a") then return "part of a code" end
  if s:sub(j):match("^/%d+/%d") or s:sub(j):match("^/%d%d%d%d") or s:sub(j):match("^%-%d+/") then return "a date" end
  local before = s:sub(math.max(1, i - 24), i - 1):gsub("%s+$", "")
  for _, w in ipairs(M.not_a_figure_before) do
    if ends_with_word(before, w) then return "after “" .. w .. "”" end
  end
  for _, w in ipairs({ "ngày", "Ngày", "tháng", "Tháng", "năm", "Năm" }) do
    if ends_with_word(before, w) and (v <= 31 or is_year(v, raw)) and not read_measure(s, skip_spaces(s, j)) then
      return "a date"
    end
  end
  if is_year(v, raw) and not s:sub(skip_spaces(s, j)):match("^/") then
    local after = s:sub(skip_spaces(s, j))
    if not read_measure(after, 1) or after:match("^năm") then return "a year" end
  end
  if i == skip_spaces(s, 1) and s:sub(j, j):match("[%.%)]") then return "a list number" end
  if s:sub(j):match("^%s*năm") and (before:match("[Tt]rong$") or before:match("[Ss]au$")) then return "a period (“trong 5 năm”)" end
  for _, w in ipairs({ "Kết luận", "Nghị quyết", "Quyết định", "Thông tư", "Chỉ thị", "NQ", "QĐ" }) do
    if before:find(w .. "%s+[%w/%-]+%s+và$") or before:find(w .. "%s+[%w/%-]+,$") then return "a document number" end
  end
  if s:sub(j):match("^%s*năm%s+%d%d%d%d") then return "a period (“5 năm 2016 - 2020”)" end
  if s:sub(j):match("^%s*năm%s+%u") or s:sub(j):match("^%s*năm%s+Đ") then return "an anniversary (“50 năm Chiến thắng …”)" end
  if s:sub(j):match("^%s*tháng%s+đầu") or s:sub(j):match("^%s*tháng%s+cuối") then return "a period (“8 tháng đầu năm”)" end
  if s:sub(j):match("^%s*tháng") and s:sub(1, i - 1):match("dưới%s*$") then return "a course length (“dưới 3 tháng”)" end
  if s:sub(j):match("^:%d%d") or s:sub(1, i - 1):match("%d:$") then return "a time of day" end
  if s:sub(1, i - 1):match("^%s*%($") and s:sub(j, j) == ")" then return "a list number" end
  return nil
end

-- The token at s[i..]: an amount (with scales and measure), a ratio A/B, or a percentage.
local function read_token(s, i)
  local v, raw, j = read_number(s, i)
  if not v then return nil end
  local why = not_a_figure(s, i, v, raw, j)
  if why then return nil, j end
  local tok = { s = i, raw = raw, value = v, dec = decimals_of(raw) }
  -- A/B: plan and actual ("20.360/18.500", "0,95/0,8%")
  if s:sub(j, j) == "/" then
    local pv, praw, pj = read_number(s, j + 1)
    local is_day_month = pv and v <= 31 and pv >= 1 and pv <= 12 and not praw:find("[%.,]") and not raw:find("[%.,]")
      and not read_measure(s, skip_spaces(s, pj))
    if is_day_month then return nil, pj end
    if pv and not s:sub(pj, pj):match("[/%w]") and not (praw:match("^%d%d%d%d$") and v <= 12) then
      tok.kind, tok.plan, tok.plan_raw = "ratio", pv, praw
      j = pj
    end
  end
  -- scales: "62 nghìn", "1.640 tỷ 539 triệu", "05 nghìn 700"
  local k = skip_spaces(s, j)
  local name, factor, after = read_scale(s, k)
  if name and tok.kind ~= "ratio" then
    local money_scale, money_factor = name, factor
    local total = v * factor
    j = after
    while true do
      local k2 = skip_spaces(s, j)
      local v2, _, j2 = read_number(s, k2)
      if not v2 then break end
      local n2, f2, a2 = read_scale(s, skip_spaces(s, j2))
      if n2 and f2 > factor and factor < 1e6 then
        -- "02 nghìn 700 tỷ đồng": 2.700 of the larger scale
        total, factor, j = (total + v2) * f2, f2, a2
        money_scale, money_factor = n2, f2
      elseif n2 and f2 < factor then total, factor, j = total + v2 * f2, f2, a2
      elseif not n2 and v2 < factor then total, j = total + v2, j2 break
      else break end
    end
    tok.value, tok.scaled = total, money_scale
    tok.money_scale, tok.money_factor = money_scale, money_factor
  end
  k = skip_spaces(s, j)
  local m, mj = read_measure(s, k)
  if m == "%" then
    tok.pct = true
    j = mj
    m = "%"
    local rest = s:sub(skip_spaces(s, j))
    if tok.kind ~= "ratio" and (starts_with_word(rest, "điểm")) then m = "điểm %" end
  elseif m then
    j = mj
  end
  if m and m:match("đồng$") and tok.money_scale then
    tok.value = tok.value / tok.money_factor
    m = tok.money_scale .. " đồng"
  end
  tok.measure = m
  tok.e = j
  tok.text = s:sub(i, j - 1)
  -- a qualifier right before: "khoảng 62 nghìn", "trên 14 nghìn"
  local before = s:sub(math.max(1, i - 24), i - 1):gsub("%s+$", "")
  for _, q in ipairs(M.qualifiers) do
    if ends_with_word(before, q) or ends_with_word(before, q:sub(1, 1):upper() .. q:sub(2)) then tok.qualifier = q break end
  end
  return tok, j
end

function M.tokens(s)
  local out, i = {}, 1
  while true do
    local a = s:find("%d", i)
    if not a then break end
    local prev = s:sub(a - 1, a - 1)
    if prev:match("[%d%.,]") and a > 1 then i = a + 1
    else
      local tok, j = read_token(s, a)
      if tok then out[#out + 1] = tok end
      i = math.max(j or a + 1, a + 1)
    end
  end
  return out
end

-- ---- context ---------------------------------------------------------------------

-- Sentence pieces do not join across these.
local function hard_break_between(s, a, b)
  local seg = s:sub(a, b)
  return seg:find(";") or seg:find("%.%s") or seg:find("\n")
end

local function plan_after_word(clause)
  for _, w in ipairs(M.plan_words) do
    local p = 1
    while true do
      local a, b = clause:find(w, p, true)
      if not a then break end
      local rest = clause:sub(b + 1)
      local gap, num = rest:match("^([^%d;%.]-)(%d[%d%.,]*)")
      if num and #gap <= 24 and not gap:match("năm%s*$") and not gap:match("số%s*$") then
        local v = number_vi((num:gsub("[%.,]+$", "")))
        if v then return v, w end
      end
      p = b + 1
    end
  end
end

-- What a percentage is of, from the words around it.
local function pct_context(s, tok)
  local before = s:sub(math.max(1, tok.s - 40), tok.s - 1)
  local after = s:sub(tok.e, tok.e + 60)
  local a = after:gsub("^%s+", "")
  local of_plan = a:match("^so với kế hoạch") or a:match("^so với KH") or a:match("^kế hoạch") or a:match("^KH")
    or a:match("^chỉ tiêu") or a:match("^so với chỉ tiêu")
  local verb = before:match("(đạt)%s*[%a\128-\255 ]-$") and "đạt"
  for _, w in ipairs({ "vượt", "chiếm", "tăng", "giảm", "bằng", "đạt", "còn" }) do
    if ends_with_word(before:gsub("%s+$", ""), w) or before:gsub("%s+$", ""):match(w .. " tỷ lệ$") then verb = w break end
  end
  local vs_period = a:match("^so với cùng kỳ") or a:match("^so với năm") or a:match("^so với đầu năm")
  return { of_plan = of_plan and true or false, verb = verb, vs_period = vs_period and true or false }
end

-- The words that name the indicator: the clause before the figure and after it to the next comma.
local function indicator_of(s, tok, start)
  local before = s:sub(start, tok.s - 1)
  before = before:match(".*[:;%(]%s*(.-)$") or before
  before = before:match(".*,%s*(.-)$") or before
  for _, q in ipairs(M.qualifiers) do
    if ends_with_word(before:gsub("%s+$", ""), q) then before = before:gsub("%s+$", ""):sub(1, -#q - 1) break end
  end
  local after = s:sub(tok.e):match("^%s*([^,;%.%(%)\n]*)") or ""
  local words = trim(before)
  if #after > 0 and #after < 80 then words = trim(words .. " " .. after) end
  words = words:gsub("%s+", " ")
  if words == "" then words = tok.text end   -- a bare figure names itself
  return words
end

-- ---- checks ----------------------------------------------------------------------

local function check_pct(fig, computed, dec, what)
  fig.computed_pct = computed
  if M.agrees(fig.reported_pct, dec, computed) then
    local half = M.rounded(computed, dec)
    local how = close(half, fig.reported_pct) and "làm tròn" or "cắt bớt"
    fig.checks[#fig.checks + 1] = { VERDICT.ok, string.format("%s = %s%% (%s đến %d chữ số thập phân: %s%%)",
      what, fmt(computed, 4), how, dec, fmt(fig.reported_pct, dec)) }
  else
    local half = M.rounded(computed, dec)
    fig.checks[#fig.checks + 1] = { VERDICT.bad, string.format("%s = %s%%, in %s%% (làm tròn được %s%%)",
      what, fmt(computed, 4), fmt(fig.reported_pct, dec), fmt(half, dec)) }
  end
end

-- A share "27 đảng viên (chiếm 17,76%)": which earlier whole of the same measure reproduces it.
local function check_share(fig, candidates, dec, stated)
  local tried = {}
  for k = #candidates, 1, -1 do
    local c = candidates[k]
    if c.value > fig.actual and c.measure == fig.measure and c ~= fig.tok then
      local pct = fig.actual / c.value * 100
      if M.agrees(fig.reported_pct, dec, pct) then
        fig.plan, fig.computed_pct = c.value, pct
        fig.pct_of = "tổng số"
        fig.checks[#fig.checks + 1] = { VERDICT.ok, string.format("%s/%s = %s%% (mẫu số: %s %s ở %s)",
          fmt(fig.actual), fmt(c.value), fmt(pct, 4), c.text, "", c.place):gsub("  ", " ") }
        return
      end
      tried[#tried + 1] = string.format("%s → %s%%", fmt(c.value), fmt(pct, 2))
      if #tried >= 4 then break end
    end
  end
  fig.share_unresolved = stated
  fig.checks[#fig.checks + 1] = { VERDICT.na, #tried > 0
    and ("không có tổng số nào trong báo cáo cho ra tỷ lệ này (đã thử " .. table.concat(tried, "; ") .. ")")
    or "báo cáo không in tổng số để tính tỷ lệ" }
end

-- ---- figures in one block --------------------------------------------------------

local function new_figure(tok, place, s, start)
  return {
    tok = tok, place = place, text = tok.text, qualifier = tok.qualifier, measure = tok.measure,
    actual = tok.value, plan = tok.plan, indicator = indicator_of(s, tok, start),
    kind = tok.kind == "ratio" and "kế hoạch/thực hiện" or tok.pct and "tỷ lệ" or "số lượng",
    checks = {},
  }
end

-- Pairs each percentage with the figure it belongs to and checks it.
local function attach_pct(fig, pct, s, candidates)
  local ctx = pct_context(s, pct)
  fig.reported_pct, fig.pct_text = pct.value, pct.raw .. "%"
  fig.pct_tok = pct
  local dec = pct.dec
  if fig.tok.kind == "ratio" and (ctx.of_plan or ctx.verb == "đạt" or ctx.verb == "bằng" or ctx.verb == "chiếm"
      or ctx.verb == nil or fig.tok.pct) then
    fig.pct_of = ctx.verb == "chiếm" and "tổng số" or "kế hoạch"
    if ctx.verb == "vượt" then
      check_pct(fig, fig.actual / fig.plan * 100 - 100, dec, string.format("%s/%s − 100%%", fmt(fig.actual), fmt(fig.plan)))
    elseif fig.plan ~= 0 then
      check_pct(fig, fig.actual / fig.plan * 100, dec, string.format("%s/%s", fmt(fig.actual), fmt(fig.plan)))
    end
    return
  end
  if ctx.verb == "chiếm" or (ctx.verb == nil and s:sub(fig.tok.e, pct.s - 1):match("^%s*%(%s*$")) then
    fig.pct_of = "tổng số"
    check_share(fig, candidates, dec, true)
    return
  end
  if ctx.vs_period and (ctx.verb == "tăng" or ctx.verb == "giảm") then
    fig.pct_of = "cùng kỳ"
    fig.checks[#fig.checks + 1] = { VERDICT.na, "báo cáo không in số liệu của kỳ so sánh" }
    return
  end
  local clause_end = s:find("[;\n]", pct.e) or #s
  local plan = plan_after_word(s:sub(pct.e, clause_end))
  if (ctx.of_plan or ctx.verb == "đạt" or ctx.verb == "vượt") and plan and plan ~= fig.actual then
    fig.plan, fig.pct_of = plan, "kế hoạch"
    check_pct(fig, (fig.actual / plan * 100) - (ctx.verb == "vượt" and 100 or 0), dec,
      string.format("%s/%s", fmt(fig.actual), fmt(plan)))
    return
  end
  if ctx.of_plan then
    fig.pct_of = "kế hoạch"
    fig.checks[#fig.checks + 1] = { VERDICT.na, "báo cáo không in số kế hoạch" }
    return
  end
  if ctx.verb == "đạt" and fig.actual then
    -- "giải ngân được 454 tỷ 983 triệu đồng, đạt tỷ lệ 48,14%": of which whole printed before?
    fig.pct_of = "tổng số"
    check_share(fig, candidates, dec, false)
    if fig.share_unresolved == false and fig.checks[#fig.checks][1] == VERDICT.na then fig.pct_of = nil end
    return
  end
  fig.pct_of = ctx.verb and ctx.verb or nil
  fig.checks[#fig.checks + 1] = { VERDICT.na, "không rõ tỷ lệ này tính trên số nào" }
end

-- "A, trong đó: B, C" and "X (năm 2022 giảm Y, năm 2023 giảm Z)": parts against their total.
local function check_parts(total, parts, exhaustive_word)
  if #parts < 2 then return end
  local sum, psum, plans = 0, 0, true
  for _, p in ipairs(parts) do
    sum = sum + p.actual
    if p.plan then psum = psum + p.plan else plans = false end
  end
  local names = {}
  for _, p in ipairs(parts) do names[#names + 1] = p.text end
  local list = table.concat(names, " + ")
  total.nparts = #parts
  if close(sum, total.actual) then
    total.checks[#total.checks + 1] = { VERDICT.ok, string.format("các phần cộng lại đúng: %s = %s", list, fmt(sum)) }
    if plans and total.plan and not close(psum, total.plan) then
      total.checks[#total.checks + 1] = { VERDICT.bad, string.format(
        "kế hoạch các phần cộng lại %s, tổng in %s", fmt(psum), fmt(total.plan)) }
    end
  elseif sum > total.actual + 1e-9 then
    total.checks[#total.checks + 1] = { VERDICT.bad, string.format(
      "các phần cộng lại %s, lớn hơn tổng in %s", fmt(sum), fmt(total.actual)) }
  elseif exhaustive_word then
    total.checks[#total.checks + 1] = { VERDICT.bad, string.format(
      "các phần (“%s”) cộng lại %s, tổng in %s", exhaustive_word, fmt(sum), fmt(total.actual)) }
  else
    total.checks[#total.checks + 1] = { VERDICT.na, string.format(
      "các phần liệt kê cộng lại %s, ít hơn tổng %s: có thể không liệt kê hết", fmt(sum), fmt(total.actual)) }
  end
end

-- "bình quân mỗi năm giảm 0,58%": the average of a change over its years, from
-- "giảm từ 5,27% (năm 2015) xuống còn 2,35% (năm 2020)" or from a total with one part per year.
local function check_averages(figs, s)
  for i, fig in ipairs(figs) do
    if fig.rate and s:sub(math.max(1, fig.tok.s - 48), fig.tok.s - 1):find("bình quân") then
      local dec = fig.tok.dec
      local a, y1, b, y2 = s:match("từ%s*(%d[%d,]*)%%%s*%(năm%s*(%d%d%d%d)%)%s*xuống%s*c?ò?n?%s*(%d[%d,]*)%%%s*%(năm%s*(%d%d%d%d)%)")
      local total, years, how
      if a then
        total, years = number_vi(a) - number_vi(b), tonumber(y2) - tonumber(y1)
        how = string.format("(%s − %s)/(%s − %s)", a, b, y2, y1)
      else
        for j = i - 1, 1, -1 do
          if figs[j].nparts and figs[j].rate then
            total, years = figs[j].actual, figs[j].nparts
            how = string.format("%s/%d năm", fmt(total), years)
            break
          end
        end
      end
      if total and years and years > 0 then
        local avg = total / years
        fig.computed_pct = avg
        fig.pct_of = "bình quân năm"
        local ok = M.agrees(fig.actual, dec, avg)
        fig.checks[#fig.checks + 1] = { ok and VERDICT.ok or VERDICT.bad,
          string.format("bình quân %s = %s, in %s", how, fmt(avg, 4), fmt(fig.actual, dec)) }
      end
    end
  end
end

-- "27 đảng viên (chiếm 17,76%) ...; 124 đảng viên (chiếm 80,52%)": shares printed side by side
-- are of one whole. When the others agree on a whole and this one does not, it is a misprint.
local function check_sibling_shares(figs)
  for _, fig in ipairs(figs) do
    if fig.share_unresolved then
      for _, other in ipairs(figs) do
        if other ~= fig and other.pct_of == "tổng số" and other.plan and not other.share_unresolved
            and other.measure == fig.measure and other.tok.kind ~= "ratio" then
          local pct = fig.actual / other.plan * 100
          fig.plan, fig.computed_pct, fig.pct_of = other.plan, pct, "tổng số"
          fig.checks = { { VERDICT.bad, string.format(
            "các tỷ lệ cùng đoạn tính trên %s %s (như %s); %s/%s = %s%%, in %s%%; tỷ lệ in ứng với tổng %s",
            fmt(other.plan), fig.measure or "", other.text, fmt(fig.actual), fmt(other.plan), fmt(pct, 2),
            fmt(fig.reported_pct), fmt(fig.actual / fig.reported_pct * 100, 2)) } }
          break
        end
      end
    end
  end
end

local function same_measure(a, b) return a.measure == b.measure end

-- The figures of one block. `candidates` holds the amounts seen so far (for shares).
local function block_figures(block, candidates)
  local s = block.text
  local toks = M.tokens(s)
  local figs = {}
  local clause_start = 1
  local last
  for idx, tok in ipairs(toks) do
    tok.place = block.place
    if last and hard_break_between(s, last.tok.e, tok.s) then last = nil end
    local prev_end = idx > 1 and toks[idx - 1].e or 1
    local gap = s:sub(prev_end, tok.s - 1)
    if idx == 1 or gap:find("[;%.:\n]") then clause_start = prev_end end
    local rate = tok.pct and not tok.kind
    local ctx = rate and pct_context(s, tok)
    -- a percentage after a figure belongs to it: "20.360/18.500 ..., đạt 110% ...", "68,9% (đạt 100,3% ...)";
    -- after a rate only one that says what it is of ("đạt", "vượt", "so với kế hoạch")
    local pairs_with = last and rate and not last.reported_pct and #gap <= 240 and not gap:find("trong đó")
      and not gap:find("gồm") and (not gap:find("tỷ lệ") or gap:match("tỷ lệ%s*$") or last.tok.kind == "ratio")
      and (not last.rate or ctx.of_plan
        or (gap:match("^%s*%(") and (ctx.verb == "đạt" or ctx.verb == "vượt" or ctx.verb == "bằng"))) and not gap:find("bình quân")
    -- "0,4% (271/66.228 đối tượng)": a ratio in parentheses after a rate is what it was computed from
    local ratio_after = last and last.rate and tok.kind == "ratio" and gap:match("^%s*%($")
    if pairs_with then
      attach_pct(last, tok, s, candidates)
    elseif ratio_after then
      last.reported_pct, last.pct_text = last.actual, last.tok.raw .. "%"
      last.actual, last.plan, last.measure, last.rate = tok.value, tok.plan, tok.measure, nil
      last.kind = "kế hoạch/thực hiện"
      last.text = last.text .. " (" .. tok.text .. ")"
      last.pct_of = "tổng số"
      check_pct(last, tok.value / tok.plan * 100, last.tok.dec, string.format("%s/%s", fmt(tok.value), fmt(tok.plan)))
    else
      local fig = new_figure(tok, block.place, s, clause_start)
      if rate then
        -- a printed rate on its own ("tỷ lệ ... đạt 73%"): its value is the figure
        fig.rate = true
        if ctx.verb == "tăng" or ctx.verb == "giảm" then fig.pct_of = "thay đổi" end
        if ctx.of_plan then
          fig.reported_pct, fig.pct_text, fig.actual, fig.pct_of = tok.value, tok.raw .. "%", nil, "kế hoạch"
          fig.rate = nil
          fig.checks[#fig.checks + 1] = { VERDICT.na, "báo cáo không in số kế hoạch và số thực hiện" }
        end
      else
        candidates[#candidates + 1] = tok
      end
      figs[#figs + 1] = fig
      last = fig
    end
  end
  -- parts lists
  for i, fig in ipairs(figs) do
    local rest = s:sub(fig.tok.e, (figs[i + 1] and figs[i + 1].tok.s or #s + 1) - 1)
    local listing = rest:match("^[^;%.]-trong đó") or rest:match("^%s*;%s*trong đó") or rest:match("^[^;%.]-gồm") or rest:match("^%s*%(")
    if listing then
      local word = rest:match("^[^;%.]-(gồm)") and "gồm" or nil
      local paren = not rest:match("trong đó") and not word
      local parts = {}
      local from = paren and fig.tok.e or (s:find(word or "trong đó", fig.tok.e, true) or fig.tok.e)
      local stop = paren and (s:find("%)", from) or #s)
        or math.min(s:find(";", from) or #s, s:find("%.%s", from) or #s, s:find("%.$", from) or #s)
      for j = i + 1, #figs do
        local p = figs[j]
        if p.tok.s > stop then break end
        if same_measure(p, fig) and p.actual and fig.actual and (p.rate or false) == (fig.rate or false) then
          parts[#parts + 1] = p
        end
      end
      check_parts(fig, parts, word)
    end
  end
  check_averages(figs, s)
  check_sibling_shares(figs)
  return figs
end

-- ---- the whole report --------------------------------------------------------------

local function verdict_of(fig)
  local worst, reasons = nil, {}
  for _, c in ipairs(fig.checks) do
    reasons[#reasons + 1] = c[2]
    if c[1] == VERDICT.bad then worst = VERDICT.bad
    elseif c[1] == VERDICT.ok and worst ~= VERDICT.bad then worst = VERDICT.ok
    elseif not worst then worst = VERDICT.na end
  end
  if not worst then
    worst = VERDICT.na
    reasons[1] = fig.reported_pct and "không rõ tỷ lệ này tính trên số nào"
      or (fig.plan and "báo cáo không in tỷ lệ để đối chiếu" or "số liệu đơn lẻ, không có số nào để đối chiếu")
  end
  return worst, table.concat(reasons, "; ")
end

M.columns = {
  { key = "id", title = "Mã", type = "text" },
  { key = "source", title = "Nguồn (tệp:vị trí)", type = "text" },
  { key = "indicator", title = "Nội dung", type = "text" },
  { key = "kind", title = "Loại số liệu", type = "text" },
  { key = "qualifier", title = "Ước lượng", type = "text" },
  { key = "actual", title = "Thực hiện", type = "number" },
  { key = "plan", title = "Kế hoạch / tổng số", type = "number" },
  { key = "measure", title = "Đơn vị tính", type = "text" },
  { key = "reported_pct", title = "Tỷ lệ in", type = "percent" },
  { key = "reported_text", title = "Tỷ lệ in (nguyên văn)", type = "text" },
  { key = "pct_of", title = "Tỷ lệ so với", type = "text" },
  { key = "computed_pct", title = "Tỷ lệ tính lại", type = "percent", decimals = 2 },
  { key = "verdict", title = "Kiểm tra", type = "text" },
  { key = "reason", title = "Giải thích", type = "text" },
  { key = "printed", title = "Nguyên văn", type = "text" },
}

-- Finds and checks every figure. Returns { title, summary, figures, tables = { report table } }.
function M.run(blocks, name)
  local figures, candidates = {}, {}
  for _, b in ipairs(blocks) do
    for _, f in ipairs(block_figures(b, candidates)) do figures[#figures + 1] = f end
  end
  local rows, counts, bad = {}, { [VERDICT.ok] = 0, [VERDICT.bad] = 0, [VERDICT.na] = 0 }, {}
  for i, f in ipairs(figures) do
    local verdict, reason = verdict_of(f)
    f.id, f.verdict, f.reason = string.format("F%03d", i), verdict, reason
    counts[verdict] = counts[verdict] + 1
    if verdict == VERDICT.bad then bad[#bad + 1] = f end
    local printed = f.text
    if f.pct_text and not printed:find(f.pct_text, 1, true) then printed = printed .. " … " .. f.pct_text end
    rows[#rows + 1] = { f.id, name .. ":" .. f.place, f.indicator, f.kind, f.qualifier or "", f.actual, f.plan,
      f.measure or "", f.reported_pct, f.pct_text or "", f.pct_of or "", f.computed_pct, verdict, reason, printed }
  end
  local lines = { string.format("%s: %d số liệu; %d khớp, %d không khớp, %d không kiểm tra được.",
    name, #figures, counts[VERDICT.ok], counts[VERDICT.bad], counts[VERDICT.na]) }
  for k, f in ipairs(bad) do
    if k > 20 then lines[#lines + 1] = string.format("  … và %d số liệu không khớp nữa", #bad - 20) break end
    lines[#lines + 1] = string.format("  %s:%s: %s — %s", name, f.place, f.text, f.reason)
  end
  return {
    title = "Số liệu trích từ " .. name,
    summary = table.concat(lines, "\n") .. "\n",
    figures = figures,
    tables = { { id = "figures", title = "Số liệu trích từ " .. name, columns = M.columns, rows = rows } },
  }
end

return M
