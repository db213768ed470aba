-- Party grading defaults for grading year 2018: QĐ 132-QĐ/TW (08/3/2018) with HD 16-HD/BTCTW
-- (24/9/2018), before HD 21-HD/BTCTW (18/10/2019) amended it. Read by rules/base/grading.lua,
-- which picks the regime by the data's year. Sources: docs/regulations/party-grading.md §1–2.
-- HD 16 starts from HD 21's settings (rules/base/grading_hd21.lua) and drops what HD 21 added.
config.grading_regimes = config.grading_regimes or {}
local hd21 = config.grading_regimes.hd21
local function copy(v)
  if type(v) ~= "table" then return v end
  local o = {}
  for k, x in pairs(v) do o[k] = copy(x) end
  return o
end
local hd16 = copy(hd21)
hd16.years = { 2018, 2018 }
hd16.title = "QĐ 132-QĐ/TW và HD 16-HD/BTCTW"
-- QĐ 132 Art. 12 cl. 4 [V]: a member disciplined during the year is KHTNV — as under HD 21.
-- The bar on HTTNV or better after 3 months of sick leave is one of HD 21's amendments: not
-- applied to 2018 [R: HD 16's own text was not read].
hd16.conditions.sick_leave_months = nil
-- HD 16's wording of the 20% cap could not be read (party-grading.md §2): HD 21's reading is
-- carried back as the nearest written one [R]; a province that reads HD 16 otherwise changes
-- config.grading_regimes.hd16.quota.
config.grading_regimes.hd16 = hd16
