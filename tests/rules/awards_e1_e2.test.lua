-- emulation-awards.md §6 E1 and E2: the CSTĐCS quota is counted on the LĐTT count, floor.
-- E1: 40 staff, 34 LĐTT, 8 HTXSNV → floor(15% × 34) = 5 CSTĐCS (the headcount would give 6).
-- E2: a unit of 7 LĐTT with 3 HTXSNV → 1; a unit of 3 LĐTT → 0.
ruleset { id = "awards_e1_e2", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"

-- E1 unit "U40": P01–P08 HTXSNV (scores 99…92), P09–P34 HTTNV, P35–P40 HTNV.
-- E2 units "U7" (Q1–Q3 HTXSNV, Q4–Q7 HTTNV) and "U3" (R1–R3 HTXSNV).
local people, hist = { "id;name;unit_id" }, { "subject_id;year;grade;score" }
local function add(id, unit, grade, score)
  people[#people + 1] = ("%s;Người %s;%s"):format(id, id, unit)
  hist[#hist + 1] = ("%s;2024;%s;%d"):format(id, grade, score)
end
for i = 1, 40 do
  add(("P%02d"):format(i), "U40", i <= 8 and "HTXSNV" or (i <= 34 and "HTTNV" or "HTNV"), 100 - i)
end
for i = 1, 7 do add("Q" .. i, "U7", i <= 3 and "HTXSNV" or "HTTNV", 100 - i) end
for i = 1, 3 do add("R" .. i, "U3", "HTXSNV", 100 - i) end

source { table = "units", csv = "id;name\nU40;Phòng 40 người\nU7;Phòng 7 người\nU3;Tổ 3 người\n", delimiter = ";" }
source { table = "people", csv = table.concat(people, "\n") .. "\n", delimiter = ";" }
source { table = "history", csv = table.concat(hist, "\n") .. "\n", delimiter = ";" }

expect { kind = "quota", subject = "U40", value = 5 }
expect { kind = "quota", subject = "U7", value = 1 }
expect { kind = "quota", subject = "U3", value = 0 }
expect { kind = "title", value = "LDTT", count = 34 + 7 + 3 }
expect { kind = "title", value = "CSTDCS", count = 5 + 1 + 0 }
expect { kind = "title", subject = "P05", value = "CSTDCS", count = 1 }
expect { kind = "title_refused", subject = "P06", value = "CSTDCS", count = 1 }
expect { kind = "title", subject = "Q1", value = "CSTDCS", count = 1 }
expect { kind = "title_refused", subject = "R1", value = "CSTDCS", count = 1 }
expect { table = "awards_cstdcs_quota_2024", row = { base = 34 }, values = { allowed = 5, candidates = 8, granted = 5 } }
