-- Quảng Bình 2023 (Đảng bộ Sở LĐTBXH): the province's grading part run on data/quangbinh.
-- The report's totals are reproduced, its printed shares checked (17,76% and 80,52% disagree
-- with the 153 graded; they fit 152 and 154), and the breach of the strict 20% reading
-- (27 > ⌊0,2 × 124⌋ = 24; 2 chi bộ > ⌊0,2 × 7⌋ = 1) is reported as a warning, as the province
-- chose (rules/quangbinh/grading.lua).
-- The units are given inline so this test does not depend on data/quangbinh/units.csv's layout;
-- the ids are the ones that file uses.
ruleset { id = "quangbinh_grading_test", title = "Quảng Bình — xếp loại chất lượng 2023",
          year = 2023, years = { 2019, 2030 }, data = "../../data/quangbinh" }
source { table = "units", csv = [[
id,name,kind,parent_id
DB_SO,Đảng bộ Sở Lao động - Thương binh và Xã hội,dang_bo,
CB01,Chi bộ 1,chi_bo,DB_SO
CB02,Chi bộ 2,chi_bo,DB_SO
CB03,Chi bộ 3,chi_bo,DB_SO
CB04,Chi bộ 4,chi_bo,DB_SO
CB05,Chi bộ 5,chi_bo,DB_SO
CB06,Chi bộ 6,chi_bo,DB_SO
CB07,Chi bộ 7,chi_bo,DB_SO
CB08,Chi bộ 8,chi_bo,DB_SO
CB09,Chi bộ 9,chi_bo,DB_SO
CB10,Chi bộ 10,chi_bo,DB_SO
]] }
extends "../../rules/quangbinh/grading.lua"

-- Totals of the report: 157 members, 4 not graded (3 admitted in the second half of 2023, 1 excused).
expect { table = "grading_members", row = { unit = "DB_SO" },
         values = { graded = 153, excluded = 4, htxsnv = 27, httnv = 124, htnv = 1, khtnv = 1 } }
expect { kind = "exclusion", value = "recent", count = 3 }
expect { kind = "exclusion", value = "excused", count = 1 }
expect { table = "grading_organisations", row = { unit = "DB_SO" },
         values = { graded = 10, htxsnv = 2, httnv = 7, htnv = 0, khtnv = 1 } }
-- The disciplined leader (khiển trách, 2023) is KHTNV; with one chi bộ KHTNV the Đảng bộ cannot be HTXSNV.
expect { kind = "grade", subject = "M146", value = "KHTNV" }
expect { kind = "grade", subject = "DB_SO", value = "HTTNV" }
-- Printed shares.
expect { table = "grading_published_check", row = { unit = "DB_SO", of = "đảng viên", level = "HTXSNV" },
         values = { status = "không khớp", denominator = 153, fits = "152" } }
expect { table = "grading_published_check", row = { unit = "DB_SO", of = "đảng viên", level = "HTTNV" },
         values = { status = "không khớp", fits = "154" } }
expect { table = "grading_published_check", row = { unit = "DB_SO", of = "đảng viên", level = "KHTNV" },
         values = { status = "khớp" } }
-- The strict reading's breaches, as warnings.
expect { table = "grading_quota", row = { pool = "DB_SO", level = "Đảng viên" },
         values = { reading = "B1", base = 124, allowed = 24, proposed = 27 } }
expect { table = "grading_breaches", row = { subject = "DB_SO", check = "Vượt chỉ tiêu HTXSNV (đảng viên)" }, values = { severity = "cảnh báo" } }
expect { table = "grading_breaches", row = { subject = "DB_SO", check = "Vượt chỉ tiêu HTXSNV (tổ chức đảng)" }, values = { severity = "cảnh báo" } }
-- The 2024 targets against 2023.
expect { table = "grading_targets", row = { target = "100% chi bộ hoàn thành tốt nhiệm vụ trở lên" }, values = { met = "chưa đạt" } }
expect { table = "grading_targets", row = { target = "Trên 95% đảng viên hoàn thành tốt nhiệm vụ trở lên" }, values = { met = "đạt" } }
expect { table = "grading_targets", row = { target = "20% đảng viên hoàn thành xuất sắc nhiệm vụ" }, values = { met = "chưa đạt" } }
