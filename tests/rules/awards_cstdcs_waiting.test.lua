-- The CSTĐCS candidates wait for their unit's quota in a small form (their plain fields) and
-- are checked again once it is applied (scripts/awards/steps.lua, `waiting` and `settled`), so a
-- national run does not hold every candidate's conditions and texts (docs/awards.md,
-- keep_decisions). A province whose replaced criterion reads more of the LĐTT decision than
-- `granted` and `eligible` gets another answer the second time: the run must stop and say so
-- rather than grant or refuse on a changed decision. With keep_decisions = true the same
-- criterion runs as it did.
ruleset { id = "awards_cstdcs_waiting", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
local awards = require "awards"
config.awards.cstdcs = { min_one = true }   -- the unit of 3 LĐTT gets one place

-- CSTĐCS only for those whose LĐTT decision was made on two or more conditions: it reads
-- ldtt.conditions, which the waiting form does not keep.
local library = awards.criterion("CSTDCS")
awards.criterion("CSTDCS", function(rec, year, s, ldtt)
  local d = library(rec, year, s, ldtt)
  if not (ldtt.conditions and #ldtt.conditions >= 2) then d.eligible, d.granted = false, false end
  return d
end)

source { table = "units", csv = "id;name\nU3;Tổ 3 người\n", delimiter = ";" }
source { table = "people", delimiter = ";", csv = "id;name;unit_id\nR1;Người R1;U3\nR2;Người R2;U3\nR3;Người R3;U3\n" }
source { table = "history", delimiter = ";", csv = "subject_id;year;grade;score\nR1;2024;HTXSNV;99\nR2;2024;HTXSNV;98\nR3;2024;HTXSNV;97\n" }

replace_step("Danh hiệu cá nhân: Lao động tiên tiến, Chiến sĩ thi đua cơ sở", function(ctx)
  local ok, err = pcall(awards.run_individual_titles, ctx)
  emit { kind = "outcome", subject = "waiting", value = ok and "ok" or err }
  awards.state[ctx.year] = nil            -- the next run starts afresh
  config.awards.keep_decisions = true
  ok, err = pcall(awards.run_individual_titles, ctx)
  emit { kind = "outcome", subject = "kept", value = ok and "ok" or err }
end)

expect { kind = "outcome", subject = "waiting", value = "awards: the CSTĐCS criterion of R1 gave another result when "
  .. "checked again after the quota (does it read more of the LĐTT decision than granted and eligible?); "
  .. "config.awards.keep_decisions = true keeps every decision whole instead" }
expect { kind = "outcome", subject = "kept", value = "ok" }
expect { kind = "title", subject = "R1", value = "CSTDCS", count = 1 }       -- one place, by score
expect { kind = "title_refused", subject = "R2", value = "CSTDCS", count = 1 }
