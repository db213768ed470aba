-- E3: a block of 9 units ranked A…I (ranks come from data here; ranking.lua computes them from the
-- score sheets). Cờ tỉnh → A; Bằng khen for ranks 2–3 needs 2 consecutive HTXSNV: B fails
-- (2023 HTTNV), C gets it; D is not taken because empty places are not filled (the default).
-- E4: 31 further blocks, each led by a unit that exceeded its targets: 32 leaders with A,
-- floor(20% × 32) = 6 Government flag proposals (E4's 31 leaders give 6 as well).
ruleset { id = "awards_e3_e4", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"

local units, ranks, hist = { "id;name;block_id" }, { "unit_id;year;block_id;rank;score;exceeded_targets" },
                           { "subject_id;year;grade;exceeded_targets" }
local e3 = { { "A", 968, "x", "HTXSNV", "HTXSNV" }, { "B", 955, "x", "HTTNV", "HTXSNV" },
             { "C", 955, "x", "HTXSNV", "HTXSNV" }, { "D", 940, "x", "HTXSNV", "HTXSNV" },
             { "E", 921, "", "HTXSNV", "HTXSNV" }, { "F", 905, "", "HTTNV", "HTTNV" },
             { "G", 880, "", "HTTNV", "HTTNV" }, { "H", 870, "", "HTTNV", "HTTNV" }, { "I", 812, "", "HTTNV", "HTTNV" } }
for i, u in ipairs(e3) do
  units[#units + 1] = ("%s;Đơn vị %s;K00"):format(u[1], u[1])
  ranks[#ranks + 1] = ("%s;2024;K00;%d;%d;%s"):format(u[1], i, u[2], u[3])
  hist[#hist + 1] = ("%s;2023;%s;"):format(u[1], u[4])
  hist[#hist + 1] = ("%s;2024;%s;%s"):format(u[1], u[5], u[3])
end
for b = 1, 31 do
  local id = ("L%02d"):format(b)
  units[#units + 1] = ("%s;Đơn vị %s;K%02d"):format(id, id, b)
  ranks[#ranks + 1] = ("%s;2024;K%02d;1;%d;x"):format(id, b, 900 - b)
end
source { table = "units", csv = table.concat(units, "\n") .. "\n", delimiter = ";" }
source { table = "block_ranks", csv = table.concat(ranks, "\n") .. "\n", delimiter = ";" }
source { table = "history", csv = table.concat(hist, "\n") .. "\n", delimiter = ";" }

expect { kind = "title", subject = "A", value = "CO_TINH", count = 1 }
expect { kind = "award_refused", subject = "B", value = "BK_TINH", count = 1 }
expect { kind = "award", subject = "C", value = "BK_TINH", count = 1 }
expect { kind = "award", subject = "D", value = "BK_TINH", count = 0 }
expect { kind = "title", value = "CO_TINH", count = 32 }
expect { kind = "title", value = "CO_CP", count = 6 }
expect { kind = "title_refused", value = "CO_CP", count = 26 }
expect { kind = "title", subject = "A", value = "CO_CP", count = 1 }     -- the highest score
expect { kind = "title_refused", subject = "L06", value = "CO_CP", count = 1 }
