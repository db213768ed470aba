-- awards/common.lua — what the parts of the awards library share: the award names, the levels
-- of initiatives, and small helpers. The public functions are on the awards module table (C.M,
-- returned by require "awards").
local C = {}
local M = {}
C.M = M
C.history = require "history"
C.quota = require "quota"
C.order = require "order"
local settings = require "settings"
C.copy, C.merge = settings.copy, settings.merge

M.NAMES = {
  LDTT = "Lao động tiên tiến", CSTDCS = "Chiến sĩ thi đua cơ sở", CSTDT = "Chiến sĩ thi đua cấp tỉnh",
  BK_TINH = "Bằng khen của Chủ tịch UBND tỉnh", BK_TTG = "Bằng khen của Thủ tướng Chính phủ",
  HCLD3 = "Huân chương Lao động hạng Ba", TTLDTT = "Tập thể lao động tiên tiến",
  TTLDXS = "Tập thể lao động xuất sắc", CO_TINH = "Cờ thi đua của UBND tỉnh",
  CO_CP = "Cờ thi đua của Chính phủ",
}
-- Titles are emitted with kind "title", commendations with kind "award".
local IS_TITLE = { LDTT = true, CSTDCS = true, CSTDT = true, TTLDTT = true, TTLDXS = true,
                   CO_TINH = true, CO_CP = true }

local LEVELS = { ["co_so"] = "co_so", ["cơ sở"] = "co_so", ["cấp cơ sở"] = "co_so",
                 ["tinh"] = "tinh", ["tỉnh"] = "tinh", ["cấp tỉnh"] = "tinh",
                 ["toan_quoc"] = "toan_quoc", ["toàn quốc"] = "toan_quoc" }
local LEVEL_NAMES = { co_so = "cấp cơ sở", tinh = "cấp tỉnh", toan_quoc = "toàn quốc" }
C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES = M.NAMES, IS_TITLE, LEVELS, LEVEL_NAMES

-- A bool column may come back from SQLite as 1/0; the checks compare with true/false.
local BOOL_COLUMNS = { "active", "disciplined", "exceeded_targets" }
local function as_bool(v)
  if v == 1 then return true elseif v == 0 then return false end
  return v
end
M.as_bool = as_bool
C.as_bool, C.BOOL_COLUMNS = as_bool, BOOL_COLUMNS

local function sorted_ids(recs, kind)
  local ids = {}
  for id, r in pairs(recs) do if r.kind == kind then ids[#ids + 1] = id end end
  table.sort(ids)
  return ids
end

-- The settings' lists are the same tables for every person of a run: their set and their words
-- are made once per list (weak keys, so a run's settings can still be collected).
local SETS, TEXTS = setmetatable({}, { __mode = "k" }), setmetatable({}, { __mode = "k" })
local function levels_set(list)
  local set = SETS[list]
  if set then return set end
  set = {}
  for _, l in ipairs(list) do set[l] = true end
  SETS[list] = set
  return set
end

local function levels_text(list)
  local text = TEXTS[list]
  if text then return text end
  local n = {}
  for i, l in ipairs(list) do n[i] = LEVEL_NAMES[l] or l end
  text = table.concat(n, "/")
  TEXTS[list] = text
  return text
end
C.sorted_ids, C.levels_set, C.levels_text = sorted_ids, levels_set, levels_text

return C
