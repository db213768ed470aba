-- Ex 3: pooling. Three chi bộ of one đảng bộ cơ sở, proposals A 3/7, B 0/8, C 2/3. Pooled over
-- the đảng bộ (HD 21: per grassroots organisation) the quota is ⌊0,2 × 18⌋ = 3; the two lowest
-- scores of the five candidates (A_03 88, C_02 90) move down, decided by the score.
ruleset { id = "grading_ex3", title = "Ví dụ 3: tính chung toàn đảng bộ", year = 2020, years = { 2019, 2030 } }
source { table = "units", csv = [[
id,name,kind,parent_id
D,Đảng bộ cơ sở D,dang_bo,
A,Chi bộ A,chi_bo,D
B,Chi bộ B,chi_bo,D
C,Chi bộ C,chi_bo,D
]] }
source { table = "gradings", csv = [[
subject_id,subject_kind,year,unit_id,proposed,votes,score
A_01,person,2020,A,HTXSNV,99,95
A_02,person,2020,A,HTXSNV,98,91
A_03,person,2020,A,HTXSNV,97,88
A_04,person,2020,A,HTTNV,96,
A_05,person,2020,A,HTTNV,95,
A_06,person,2020,A,HTTNV,94,
A_07,person,2020,A,HTTNV,93,
A_08,person,2020,A,HTTNV,92,
A_09,person,2020,A,HTTNV,91,
A_10,person,2020,A,HTTNV,90,
B_01,person,2020,B,HTTNV,99,
B_02,person,2020,B,HTTNV,98,
B_03,person,2020,B,HTTNV,97,
B_04,person,2020,B,HTTNV,96,
B_05,person,2020,B,HTTNV,95,
B_06,person,2020,B,HTTNV,94,
B_07,person,2020,B,HTTNV,93,
B_08,person,2020,B,HTTNV,92,
C_01,person,2020,C,HTXSNV,99,93
C_02,person,2020,C,HTXSNV,98,90
C_03,person,2020,C,HTTNV,97,
C_04,person,2020,C,HTTNV,96,
C_05,person,2020,C,HTTNV,95,
]] }
extends "../../rules/base/grading.lua"

expect { table = "grading_quota", row = { pool = "D", level = "Đảng viên" },
         values = { base = 18, allowed = 3, proposed = 5, moved = 2 } }
expect { kind = "grade", subject = "C_01", value = "HTXSNV" }
expect { kind = "grade", subject = "C_02", value = "HTTNV" }
expect { kind = "grade", subject = "A_03", value = "HTTNV" }
expect { table = "grading_members", row = { unit = "D" }, values = { htxsnv = 3, httnv = 20 } }
