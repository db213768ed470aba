-- Expectations for rules/hatinh.lua on data/hatinh, year 2019: the 2019 plan of the report
-- (seed 001, line 21) as the targets the Sở pledged in its emulation block, the block's ranking
-- at the year's end, and the assessment under HD 21 and ND 91.
-- Run: evalrun test tests/rules/hatinh_2019.test.lua
extends "../../rules/hatinh.lua"
ruleset { id = "hatinh_2019_test", title = "Sở LĐTBXH Hà Tĩnh 2019 (kiểm thử)", year = 2019,
          data = "../../data/hatinh" }

-- The report's 2019 plan, pledged: 23.500 jobs (8.500 abroad), 18.700 new trainees, 65% trained,
-- poor households below 6%. The year-end results are illustrative.
local function plan(indicator, value)
  expect { table = "target_attainment", row = { indicator = indicator }, values = { plan = value } }
end
plan("Giải quyết việc làm (trên)", 23500)
plan("Trong đó: xuất khẩu lao động (gần)", 8500)
plan("Tuyển mới dạy nghề (gần)", 18700)
plan("Tỷ lệ lao động qua đào tạo", 65)
plan("Tỷ lệ hộ nghèo (còn, dưới)", 6)
expect { kind = "ratio", subject = "SO:VIECLAM", value = 102.77 }
expect { kind = "ratio", subject = "SO:TL_HN", value = 111.11 }                -- lower is better: 6 / 5,4
expect { kind = "parts_check", subject = "SO:VL19", value = "khớp" }          -- 8.500 of 23.500

-- The pledge block: six members, each with its pledged targets. A pledge's points are its weight
-- in the pledge file (the Sở: 5 × 8; the others: 2 × 20) at 100% of the pledge, in proportion
-- below; the total is the block's 60-point sheet plus the 40 pledge points.
expect { table = "pledge_points", row = { unit = "Sở Lao động - Thương binh và Xã hội Hà Tĩnh" },
         values = { indicators = 5, weights = 40, total = 40 } }
expect { kind = "target_score", subject = "SO_VHTTDL", value = 39.3333 }     -- 29 of 30 tasks: 20 × 29/30
expect { table = "ranking_vhxh", row = { unit = "Sở Lao động - Thương binh và Xã hội Hà Tĩnh" },
         values = { rank = 1, targets = 40, total = 97 } }
expect { table = "ranking_vhxh", row = { unit = "Sở Văn hóa, Thể thao và Du lịch" },
         values = { rank = 4, targets = 39.3333, total = 93.83 } }
expect { kind = "rank", subject = "SO", value = 1 }
expect { kind = "rank", subject = "SO_YT", value = 2 }
expect { kind = "rank", subject = "SO_TTTT", value = 5 }
expect { kind = "rank", subject = "BAN_DT", value = 6 }
expect { kind = "rank", count = 6 }
-- The flag for the leader, alone at rank 1 and at 100% of each of its five pledges.
expect { kind = "award", subject = "SO", value = "CO_TINH", count = 1 }
expect { table = "ranking_awards", row = { unit = "Sở Lao động - Thương binh và Xã hội Hà Tĩnh" },
         values = { decision = "Đề nghị", reason = "Hạng 1: đề nghị Cờ thi đua của UBND tỉnh; đứng riêng hạng 1; cả 5 chỉ tiêu đạt từ 100% kế hoạch" } }
-- Sở VHTTDL missed one pledge (29 of 30 tasks).
expect { kind = "ratio", subject = "SO_VHTTDL:GU_DAUVIEC", value = 96.67 }

-- Party grading 2019 under HD 21: 5 months of sick leave now cap H014 at HTNV; H020, disciplined
-- with khiển trách, is KHTNV; 20% of 14 proposed HTTNV = 2, so H003 moves down.
expect { kind = "grade", subject = "H014", value = "HTNV" }
expect { kind = "grade", subject = "H020", value = "KHTNV" }
expect { kind = "quota", subject = "DB_SO", value = 2 }
expect { kind = "grade", subject = "H003", value = "HTTNV" }
expect { kind = "grade", subject = "H001", value = "HTXSNV" }
expect { kind = "grade", subject = "H005", value = "HTXSNV" }

-- Titles 2019 under ND 91: 18 LĐTT (H018 HTNV, H020 disciplined); 15% of 18 = 2 CSTĐCS for three
-- with an initiative, decided by the assessment score (H001 97, H005 93, H003 91).
expect { kind = "title", value = "LDTT", count = 18 }
expect { kind = "title_refused", subject = "H020", value = "LDTT", count = 1 }
expect { kind = "quota", subject = "all", value = 2 }
expect { kind = "title", subject = "H001", value = "CSTDCS", count = 1 }
expect { kind = "title", subject = "H005", value = "CSTDCS", count = 1 }
expect { kind = "title_refused", subject = "H003", value = "CSTDCS", count = 1 }
-- Bằng khen tỉnh: H001, CSTĐCS 2018 and 2019. (The 2018 run proposed one for 2017–2018 too; the
-- sample's KhenThuong.csv does not record that decision, so this run counts 2018 again. Once the
-- decision is entered with its period, the window starts in 2019 and H001 waits.)
expect { kind = "award", subject = "H001", value = "BK_TINH", count = 1 }
