-- Expectations for rules/quangnam.lua on data/quangnam (2022, figures to the end of August):
-- the progress check UBND tỉnh Quảng Nam held on 13/9/2022 (seed 003).
-- Run: evalrun test tests/rules/quangnam_8_months.test.lua
extends "../../rules/quangnam.lua"
ruleset { id = "quangnam_8_months_test", data = "../../data/quangnam" }

-- The seed's one figure: 1.000 workers abroad under contract in 2022 (seed 003, line 25),
-- pro-rated to 8/12 = 666,67; the 575 sent by August are 86,25% of it: behind.
expect { kind = "progress", subject = "SLDTBXH:XKLD", value = "chậm tiến độ" }
expect { kind = "progress_pct", subject = "SLDTBXH:XKLD", value = 86.25 }
expect { table = "target_progress", row = { unit = "Sở Lao động – Thương binh và Xã hội tỉnh Quảng Nam",
                                            indicator = "Người lao động đi làm việc ở nước ngoài theo hợp đồng" },
         values = { plan = 1000, expected = 666.67, how = "kế hoạch năm × 8/12", actual = 575, pct_year = 57.5,
                    pct_to_date = 86.25, verdict = "chậm tiến độ", remaining = 425, needed = 106.25 } }

-- Pro-rated per district: exactly the share due counts as on track (Phú Ninh 30 of 45 × 8/12 = 30;
-- Tiên Phước 40 of 60 × 8/12 = 40), one fewer is behind.
expect { kind = "progress", subject = "PHUNINH:XKLD", value = "đúng tiến độ" }
expect { kind = "progress_pct", subject = "PHUNINH:XKLD", value = 100 }
expect { kind = "progress", subject = "TIENPHUOC:XKLD", value = "đúng tiến độ" }
expect { kind = "progress", subject = "DIENBAN:XKLD", value = "đúng tiến độ" }
expect { kind = "progress_pct", subject = "DIENBAN:XKLD", value = 110.45 }
expect { kind = "progress", subject = "NAMTRAMY:XKLD", value = "chậm tiến độ" }
expect { kind = "progress_pct", subject = "NAMTRAMY:XKLD", value = 33.75 }
expect { kind = "progress", value = "đúng tiến độ", count = 8 }
expect { kind = "progress", value = "chậm tiến độ", count = 16 }

-- Month-by-month plans: enrolment is seasonal. The college planned 1.400 by August (not 2.500 ×
-- 8/12 = 1.666,67): 1.352 is 96,57% of it, behind; the Bắc Quảng Nam school is ahead of its own
-- months (905 of 860); the district centres have no monthly plan and are pro-rated.
expect { kind = "progress_pct", subject = "CDQN:TS_GDNN", value = 96.57 }
expect { table = "target_progress", row = { unit = "Trường Cao đẳng Quảng Nam" },
         values = { expected = 1400, how = "theo kế hoạch tháng (tháng 1–8)", verdict = "chậm tiến độ" } }
expect { kind = "progress", subject = "TCBQN:TS_GDNN", value = "đúng tiến độ" }
expect { kind = "progress_pct", subject = "TCBQN:TS_GDNN", value = 105.23 }
expect { kind = "progress_pct", subject = "TTGDNN:TS_GDNN", value = 92.97 }

-- Poverty is measured at the year-end review: not judged after 8 months.
expect { kind = "progress", subject = "SLDTBXH:HN_THOAT", value = "đánh giá cuối năm" }
expect { kind = "progress", value = "đánh giá cuối năm", count = 19 }

-- Per unit: on track only when every target measured so far is.
expect { kind = "unit_progress", subject = "SLDTBXH", value = "chậm tiến độ" }
expect { kind = "unit_progress", subject = "PHUNINH", value = "đúng tiến độ" }
expect { kind = "unit_progress", subject = "CDQN", value = "chậm tiến độ" }
expect { kind = "unit_progress", value = "đúng tiến độ", count = 8 }
expect { table = "unit_progress", row = { unit = "Sở Lao động – Thương binh và Xã hội tỉnh Quảng Nam" },
         values = { checked = 2, on_track = 0, behind = 2, later = 1, verdict = "chậm tiến độ" } }

-- The printed shares of the annual plan: 7 agree, 2 do not (Duy Xuyên 38/70 printed 54,9%;
-- Nam Giang 37/80 printed 69,38%, which is its share of the plan to date, not of the year).
expect { kind = "figure_check", value = "khớp", count = 8 }
expect { kind = "figure_check", value = "lệch", count = 2 }
expect { kind = "figure_check", subject = "SLDTBXH:XKLD", value = "khớp" }
expect { kind = "figure_check", subject = "PHUNINH:XKLD", value = "khớp" }
expect { kind = "figure_check", subject = "DUYXUYEN:XKLD", value = "lệch" }
expect { kind = "figure_check", subject = "NAMGIANG:XKLD", value = "lệch" }
expect { table = "figure_audit", row = { unit = "Huyện Nam Giang" },
         values = { printed = "69,38%", computed = "46,25%" } }

-- Part lists: the 18 districts add up to the province's 1.000 (plan) and 575 (August); the schools
-- to 14.000 and 8.640; one school's monthly plans add up to 590, not its 600.
expect { kind = "parts_check", subject = "SLDTBXH:XKLD", value = "khớp", count = 2 }
expect { kind = "parts_check", subject = "SLDTBXH:TS_GDNN", value = "khớp", count = 2 }
expect { kind = "parts_check", subject = "SLDTBXH:HN_THOAT", value = "khớp", count = 1 }
expect { kind = "parts_check", subject = "TCDTMN:TS_GDNN", value = "lệch" }
expect { kind = "flag", value = "parts_sum_mismatch", count = 1 }
expect { table = "figure_audit", row = { unit = "Trường Trung cấp nghề Thanh niên dân tộc miền núi Quảng Nam" },
         values = { check = "tổng các phần (kế hoạch)", printed = "600", computed = "590" } }
expect { kind = "audit", value = 3 }
