-- Ex 4: QĐ 366 scoring, one group of 12 members without leadership posts (grading year 2025).
-- Thresholds 90/70/50 with their boundaries, 20% exceeded blocking HTXSNV, a duty-related
-- khiển trách with 92 points → KHTNV. X = 3, G = 7: B1 allows ⌊1,4⌋ = 1, only m01 keeps HTXSNV.
ruleset { id = "grading_ex4", title = "Ví dụ 4: chấm điểm theo QĐ 366", year = 2025, years = { 2019, 2030 } }
source { table = "units", csv = [[
id,name,kind,parent_id
cb4,Chi bộ 4,chi_bo,
]] }
source { table = "gradings", csv = [[
subject_id,subject_kind,year,unit_id,group_id,score,tasks_exceeded_pct,tasks_late_pct,discipline,discipline_duty_related
m01,person,2025,cb4,g1,96,40,,,
m02,person,2025,cb4,g1,93,40,,,
m03,person,2025,cb4,g1,91,20,,,
m04,person,2025,cb4,g1,90.0,40,,,
m05,person,2025,cb4,g1,89.5,40,,,
m06,person,2025,cb4,g1,85,40,,,
m07,person,2025,cb4,g1,80,40,,,
m08,person,2025,cb4,g1,78,40,,,
m09,person,2025,cb4,g1,75,40,,,
m10,person,2025,cb4,g1,70.0,40,,,
m11,person,2025,cb4,g1,69.9,40,10,,
m12,person,2025,cb4,g1,92,40,,khien_trach,yes
]] }
extends "../../rules/base/grading.lua"

expect { table = "grading_quota", row = { pool = "g1" }, values = { reading = "B1", base = 7, allowed = 1, proposed = 3, moved = 2 } }
expect { kind = "grade", subject = "m01", value = "HTXSNV" }
expect { kind = "grade", subject = "m02", value = "HTTNV" }
expect { kind = "grade", subject = "m03", value = "HTTNV" }
expect { kind = "grade", subject = "m04", value = "HTTNV" }
expect { kind = "grade", subject = "m05", value = "HTTNV" }
expect { kind = "grade", subject = "m10", value = "HTTNV" }
expect { kind = "grade", subject = "m11", value = "HTNV" }
expect { kind = "grade", subject = "m12", value = "KHTNV" }
