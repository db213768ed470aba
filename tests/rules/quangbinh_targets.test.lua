-- Expectations for rules/quangbinh/targets.lua on data/quangbinh (year 2023).
-- Run: evalrun test tests/rules/quangbinh_targets.test.lua
ruleset { id = "quangbinh_targets_test", title = "Sở LĐTBXH Quảng Bình — chỉ tiêu và xếp hạng (kiểm thử)",
          year = 2023, years = { 2023, 2024 }, data = "../../data/quangbinh" }
extends "../../rules/quangbinh/targets.lua"

-- Attainment of every 2023 pair of the report (seed 002, lines 16–20), at 2 decimals.
expect { kind = "ratio", subject = "SO:VIECLAM", value = 110.05 }
expect { kind = "ratio", subject = "SO:XKLD", value = 163.3 }
expect { kind = "ratio", subject = "SO:TS_GDNN", value = 101.47 }
expect { kind = "ratio", subject = "SO:TS_CD", value = 107.6 }
expect { kind = "ratio", subject = "SO:TS_TC", value = 120.46 }
expect { kind = "ratio", subject = "SO:TS_SC", value = 99.48 }
expect { kind = "ratio", subject = "SO:TL_QDT", value = 100.29 }
expect { kind = "ratio", subject = "SO:TL_BCCC", value = 100.34 }
expect { kind = "ratio", subject = "SO:HN_GIAM", value = 118.75 }
expect { kind = "ratio", subject = "SO:HCN_GIAM", value = 150 }

-- The printed percentages: nine agree (rounded or cut), 269/250 printed 107,4% does not.
expect { kind = "printed_check", value = "khớp", count = 9 }
expect { kind = "printed_check", subject = "SO:TS_CD", value = "lệch" }
expect { kind = "flag", value = "printed_pct_mismatch", count = 1 }
expect { kind = "flag", subject = "SO:TS_CD", value = "printed_pct_mismatch" }
expect { table = "target_attainment", row = { indicator = "Tuyển sinh trình độ cao đẳng" },
         values = { pct = 107.6, printed = "107,4%", check = "LỆCH: tính được 107,6%" } }
expect { table = "target_attainment", row = { indicator = "Tuyển sinh giáo dục nghề nghiệp" },
         values = { check = "khớp (cắt bớt chữ số)" } }
expect { table = "target_attainment", row = { indicator = "Giảm tỷ lệ hộ nghèo so với năm trước" },
         values = { pct = 118.75, check = "khớp (cắt bớt chữ số)", points = 15 } }

-- Points: bonus capped at 20% for 163,3%; 99,48% proportional; the 100-point total.
expect { kind = "points", subject = "SO:XKLD", value = 12 }
expect { kind = "points", subject = "SO:TS_SC", value = 4.9742 }
expect { kind = "points", subject = "SO:VIECLAM", value = 21.0054 }
expect { kind = "target_score", subject = "SO", value = 104.3228 }

-- Ranking, block K1: a unit above 1.000 kept, a tie at 925 broken by the core group.
expect { kind = "score", subject = "P_LDVL", value = 1010 }
expect { kind = "rank", subject = "P_LDVL", value = 1 }
expect { kind = "rank", subject = "VP", value = 2 }
expect { kind = "rank", subject = "P_NCC", value = 3 }
expect { kind = "rank", subject = "P_BTXH", value = 4 }
expect { table = "ranking_k1", row = { rank = 1 }, values = { total = 1010, award = "Cờ thi đua của UBND tỉnh" } }
-- Block K2: a tie at 930 with equal core points, broken by the votes.
expect { kind = "rank", subject = "TT_CTXH", value = 2 }
expect { kind = "rank", subject = "SOS_DH", value = 3 }

-- Awards: one Cờ per block; Bằng khen to ranks 2–3 with 2 years HTXSNV, no filling
-- (TT_CTXH, rank 2 in K2, is HTTNV; its place is not passed to rank 4).
expect { kind = "award", value = "CO_TINH", count = 2 }
expect { kind = "award", subject = "P_LDVL", value = "CO_TINH" }
expect { kind = "award", subject = "TT_DVVL", value = "CO_TINH" }
expect { kind = "award", value = "BK_TINH", count = 3 }
expect { kind = "award", subject = "VP", value = "BK_TINH" }
expect { kind = "award", subject = "P_NCC", value = "BK_TINH" }
expect { kind = "award", subject = "P_BTXH", count = 0 }
expect { kind = "award_rejected", subject = "TT_CTXH", value = "BK_TINH" }
expect { kind = "award", subject = "SOS_DH", value = "BK_TINH" }
expect { kind = "award", subject = "TT_TAMTHAN", count = 0 }
