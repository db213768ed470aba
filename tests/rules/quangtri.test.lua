-- Expectations for rules/quangtri.lua on data/quangtri (year 2025): the province after Quảng Bình
-- merged into Quảng Trị on 1 July 2025.
-- Run: evalrun test tests/rules/quangtri.test.lua
extends "../../rules/quangtri.lua"
ruleset { id = "quangtri_test", data = "../../data/quangtri" }

-- Colliding codes kept apart: both former Sở had an "S008"; each keeps its own history.
-- QB.S008: CSTĐCS 2023 (won in Quảng Bình), 2024 (decided by Quảng Bình in 2025), 2025 (Quảng
-- Trị) and a provincial initiative in 2025 → CSTĐ tỉnh; QT.S008 has no CSTĐCS in 2023 → refused.
expect { kind = "title", subject = "QB.S008", value = "CSTDT" }
expect { kind = "title_refused", subject = "QT.S008", value = "CSTDT" }
expect { table = "awards_cstdt_2025", row = { id = "QB.S008" }, values = { result = "Đạt" } }
expect { kind = "title", subject = "QB.S008", value = "CSTDCS", count = 1 }
expect { kind = "title", subject = "QT.S008", value = "CSTDCS", count = 1 }
-- Bằng khen tỉnh: QB.S008's window opens after its Quảng Bình Bằng khen for 2022–2023; QT.S008 on
-- CSTĐCS 2024 (Quảng Trị) + 2025.
expect { kind = "award", subject = "QB.S008", value = "BK_TINH" }
expect { kind = "award", subject = "QT.S008", value = "BK_TINH" }
-- Bằng khen Thủ tướng from years in both provinces: QB.S002 (Bằng khen tỉnh Quảng Bình 2019;
-- HTTNV or better 2020–2025; CSTĐCS 2021, 2023 in Quảng Bình and 2025 in Quảng Trị).
expect { kind = "award", subject = "QB.S002", value = "BK_TTG" }
expect { table = "awards_bk_ttg_2025", row = { id = "QB.S002" }, values = { period = "2020–2025" } }
expect { kind = "award", subject = "QB.S011", value = "BK_TTG" }
-- One achievement, one award, across the merger: QB.S004's 2020–2024 went to the Huân chương
-- Quảng Bình proposed in 2025; QB.S018's 2018–2022 likewise.
expect { kind = "award_refused", subject = "QB.S004", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "QB.S018", value = "BK_TTG", count = 1 }
expect { table = "awards_bk_ttg_2025", row = { id = "QB.S004" }, values = { result = "Đủ tiêu chuẩn, không đề nghị" } }
expect { kind = "award", value = "BK_TTG", count = 2 }
expect { kind = "award", value = "BK_TINH", count = 3 }
-- QT.S003's streak is all Quảng Trị's (2023–2025) with a provincial initiative of 2023.
expect { kind = "title", subject = "QT.S003", value = "CSTDT" }
expect { kind = "title", value = "CSTDT", count = 2 }

-- CSTĐCS quota (ND 152 regime, 15% of LĐTT, floor) per unit of 2025, staff of both provinces together.
expect { kind = "quota", subject = "SNV_VP", value = 3 }
expect { table = "awards_cstdcs_quota_2025", row = { pool = "Văn phòng Sở Nội vụ" }, values = { base = 26, allowed = 3, granted = 3 } }
expect { kind = "title", value = "CSTDCS", count = 4 }
expect { kind = "title", subject = "SNV_VP", value = "TTLDXS" }

-- Party grading 2025 under QĐ 366: the 20% quota per đảng bộ cơ sở of 2025, pooling chi bộ of
-- both former provinces (Sở Nội vụ: 20% × 103 HTTNV = 20,6 → 20; 24 proposed, 4 moved down).
expect { kind = "quota", subject = "DB_SNV", value = 20 }
expect { kind = "quota", subject = "DB_SYT", value = 11 }
expect { table = "grading_quota", row = { pool = "DB_SNV" }, values = { base = 103, allowed = 20, proposed = 24, moved = 4 } }
expect { kind = "grade", subject = "QT.M012", value = "KHTNV" }     -- khiển trách, linked to duties
expect { kind = "grade", subject = "QB.M041", value = "XEM_XET" }   -- 65 points, 25% late: the gap
expect { kind = "grade", subject = "QB.M020", value = "HTTNV" }     -- 93 points, only 20% exceeded
expect { kind = "grade", subject = "QB.M005", value = "HTTNV" }     -- exactly 70
expect { kind = "grade", subject = "QB.M006", value = "HTNV" }      -- 69,9
expect { kind = "exclusion", subject = "QT.M003", value = "recent" } -- admitted 01/08/2025
expect { kind = "exclusion", subject = "QB.M132", value = "excused" }
expect { table = "grading_members", row = { id = "DB_SNV" }, values = { graded = 130, htxsnv = 20, httnv = 107 } }

-- The former Quảng Bình Sở's 2023 figures (seed 002, lines 16–20), checked in the records:
-- nine printed % agree, 269/250 printed 107,4% does not (107,6%).
expect { kind = "figure_check", subject = "QB.SO:TS_CD", value = "lệch" }
for _, id in ipairs { "VIECLAM", "XKLD", "TS_GDNN", "TS_TC", "TS_SC", "TL_QDT", "TL_BCCC", "HN_GIAM", "HCN_GIAM" } do
  expect { kind = "figure_check", subject = "QB.SO:" .. id, value = "khớp" }
end
expect { kind = "figure_check", value = "lệch", count = 1 }
expect { kind = "figure_check", value = "khớp", count = 23 }
expect { table = "figure_audit", row = { indicator = "Tuyển sinh trình độ cao đẳng" },
         values = { year = "2023", printed = "107,4%", computed = "107,6%" } }
-- and a part list that does not add up: the 2023 enrolment plan 17.000, its parts 250 + 1.750 +
-- 14.950 = 16.950 (line 18); the results do (269 + 2.108 + 14.873 = 17.250), as do the 2024 plans.
expect { kind = "parts_check", subject = "QB.SO:TS_GDNN", value = "lệch", count = 1 }
expect { kind = "parts_check", subject = "QB.SO:TS_GDNN", value = "khớp", count = 2 }
expect { kind = "flag", subject = "QB.SO:TS_GDNN", value = "parts_sum_mismatch" }
expect { table = "figure_audit", row = { check = "tổng các phần (kế hoạch)" },
         values = { year = "2023", printed = "17.000", computed = "16.950" } }
expect { kind = "audit", value = 2 }

-- 2025: the merged plan is the sum of the two former provinces' (30.600 = 19.800 + 10.800);
-- the printed 104,9% for workers abroad does not follow from 7.815/7.500 (104,2%).
expect { kind = "parts_check", subject = "SNV:KH2025_VIECLAM", value = "khớp" }
expect { kind = "parts_check", subject = "SGDDT:KH2025_TS", value = "khớp" }
expect { kind = "ratio", subject = "SNV:XKLD", value = 104.2 }
expect { kind = "printed_check", subject = "SNV:XKLD", value = "lệch" }
expect { kind = "printed_check", value = "khớp", count = 3 }
expect { kind = "target_score", subject = "SNV", value = 50.9847 }

-- The units of the two former Sở under their 2025 parents.
expect { table = "former_units", row = { code = "QB.TT_DVVL" }, values = { parent = "Sở Nội vụ tỉnh Quảng Trị" } }
expect { table = "former_units", row = { code = "QT.TT_BTXH" }, values = { parent = "Sở Y tế tỉnh Quảng Trị" } }
expect { table = "former_units", row = { code = "QB.CB04" }, values = { parent = "Đảng bộ Sở Y tế" } }
expect { table = "former_units", row = { code = "QT.SO" }, values = { parent = "giải thể 01/03/2025" } }
