-- Ex 1 (docs/regulations/party-grading.md §9): a chi bộ of 25 under HD 21, proposals 4/18/2/1.
-- The base rules for 2020 (HD 21): reading B1, floor, so 20% × 18 = 3,6 → 3 and one member
-- (the lowest in votes) moves down to HTTNV. The chi bộ cannot be HTXSNV (24/25 HTNV or better).
-- The other readings are asserted in tests/lua/test_grading.lua.
ruleset { id = "grading_ex1", title = "Ví dụ 1: chi bộ 25 đảng viên", year = 2020, years = { 2019, 2030 } }
source { table = "units", csv = [[
id,name,kind,parent_id
d1,Đảng bộ cơ sở,dang_bo,
cb1,Chi bộ 1,chi_bo,d1
]] }
source { table = "gradings", csv = [[
subject_id,subject_kind,year,unit_id,proposed,votes
cb1_01,person,2020,cb1,HTXSNV,99
cb1_02,person,2020,cb1,HTXSNV,98
cb1_03,person,2020,cb1,HTXSNV,97
cb1_04,person,2020,cb1,HTXSNV,96
cb1_05,person,2020,cb1,HTTNV,95
cb1_06,person,2020,cb1,HTTNV,94
cb1_07,person,2020,cb1,HTTNV,93
cb1_08,person,2020,cb1,HTTNV,92
cb1_09,person,2020,cb1,HTTNV,91
cb1_10,person,2020,cb1,HTTNV,90
cb1_11,person,2020,cb1,HTTNV,89
cb1_12,person,2020,cb1,HTTNV,88
cb1_13,person,2020,cb1,HTTNV,87
cb1_14,person,2020,cb1,HTTNV,86
cb1_15,person,2020,cb1,HTTNV,85
cb1_16,person,2020,cb1,HTTNV,84
cb1_17,person,2020,cb1,HTTNV,83
cb1_18,person,2020,cb1,HTTNV,82
cb1_19,person,2020,cb1,HTTNV,81
cb1_20,person,2020,cb1,HTTNV,80
cb1_21,person,2020,cb1,HTTNV,79
cb1_22,person,2020,cb1,HTTNV,78
cb1_23,person,2020,cb1,HTNV,77
cb1_24,person,2020,cb1,HTNV,76
cb1_25,person,2020,cb1,KHTNV,75
cb1,unit,2020,d1,HTXSNV,
]] }
extends "../../rules/base/grading.lua"
config.grading.quota = { pool = "chi_bo" }

expect { table = "grading_quota", row = { pool = "cb1", level = "Đảng viên" },
         values = { reading = "B1", base = 18, allowed = 3, proposed = 4, moved = 1 } }
expect { kind = "grade", subject = "cb1_03", value = "HTXSNV" }
expect { kind = "grade", subject = "cb1_04", value = "HTTNV" }
expect { table = "grading_members", row = { unit = "cb1" },
         values = { graded = 25, htxsnv = 3, httnv = 19, htnv = 2, khtnv = 1 } }
expect { kind = "grade", subject = "cb1", value = "HTTNV" }
