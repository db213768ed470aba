-- Ex 5: 40 members, 2 excused, 1 admitted four months before the review: N = 37. Published grades
-- 6 / 28 / 3 are checked (validate mode): shares 16,22% / 75,68% / 8,11% over 37, and the B1
-- breach 6 > ⌊0,2 × 28⌋ = 5 is listed.
ruleset { id = "grading_ex5", title = "Ví dụ 5: tỷ lệ và kiểm tra", year = 2020, years = { 2019, 2030 } }
source { table = "units", csv = [[
id,name,kind,parent_id
cb5,Chi bộ cơ sở 5,chi_bo,
]] }
source { table = "gradings", csv = [[
subject_id,subject_kind,year,unit_id,proposed,published,excused,admitted
cb5_01,person,2020,cb5,HTXSNV,HTXSNV,,2010-01-01
cb5_02,person,2020,cb5,HTXSNV,HTXSNV,,2010-01-01
cb5_03,person,2020,cb5,HTXSNV,HTXSNV,,2010-01-01
cb5_04,person,2020,cb5,HTXSNV,HTXSNV,,2010-01-01
cb5_05,person,2020,cb5,HTXSNV,HTXSNV,,2010-01-01
cb5_06,person,2020,cb5,HTXSNV,HTXSNV,,2010-01-01
cb5_07,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_08,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_09,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_10,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_11,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_12,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_13,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_14,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_15,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_16,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_17,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_18,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_19,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_20,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_21,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_22,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_23,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_24,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_25,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_26,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_27,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_28,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_29,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_30,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_31,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_32,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_33,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_34,person,2020,cb5,HTTNV,HTTNV,,2010-01-01
cb5_35,person,2020,cb5,HTNV,HTNV,,2010-01-01
cb5_36,person,2020,cb5,HTNV,HTNV,,2010-01-01
cb5_37,person,2020,cb5,HTNV,HTNV,,2010-01-01
ex1,person,2020,cb5,,,yes,2001-05-19
ex2,person,2020,cb5,,,yes,1999-03-02
new1,person,2020,cb5,,,,2020-09-01
]] }
extends "../../rules/base/grading.lua"
config.grading.mode = "validate"

expect { kind = "exclusion", value = "excused", count = 2 }
expect { kind = "exclusion", value = "recent", count = 1 }
expect { table = "grading_members", row = { unit = "cb5" },
         values = { graded = 37, excluded = 3, htxsnv = 6, httnv = 28, htnv = 3 } }
expect { table = "grading_quota", row = { pool = "cb5" }, values = { allowed = 5, proposed = 6 } }
expect { table = "grading_breaches", row = { subject = "cb5", check = "Vượt chỉ tiêu HTXSNV (đảng viên)" }, values = { severity = "cảnh báo" } }
