-- Ex 2: a chi bộ of 7, proposals 2 HTXSNV and 5 HTTNV. Under B3 with ceil (the province's
-- choice here) 20% × 7 = 1,4 → 2 and both keep HTXSNV; the HD 21 default (B1 floor) allows 1.
ruleset { id = "grading_ex2", title = "Ví dụ 2: chi bộ 7 đảng viên", year = 2020, years = { 2019, 2030 } }
source { table = "units", csv = [[
id,name,kind,parent_id
cb2,Chi bộ cơ sở 2,chi_bo,
]] }
source { table = "gradings", csv = [[
subject_id,subject_kind,year,unit_id,proposed,votes
cb2_01,person,2020,cb2,HTXSNV,99
cb2_02,person,2020,cb2,HTXSNV,98
cb2_03,person,2020,cb2,HTTNV,97
cb2_04,person,2020,cb2,HTTNV,96
cb2_05,person,2020,cb2,HTTNV,95
cb2_06,person,2020,cb2,HTTNV,94
cb2_07,person,2020,cb2,HTTNV,93
]] }
extends "../../rules/base/grading.lua"
config.grading.quota = { pool = "chi_bo", reading = "B3", rounding = "ceil" }

expect { table = "grading_quota", row = { pool = "cb2" }, values = { base = 7, allowed = 2, moved = 0 } }
expect { kind = "grade", subject = "cb2_02", value = "HTXSNV" }
expect { table = "grading_members", row = { unit = "cb2" }, values = { htxsnv = 2, httnv = 5 } }
