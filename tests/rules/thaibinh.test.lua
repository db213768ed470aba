-- Expectations for rules/thaibinh.lua on data/thaibinh (year 2020, seed 004).
-- Run: evalrun test tests/rules/thaibinh.test.lua
extends "../../rules/thaibinh.lua"
ruleset { id = "thaibinh_test", title = "Sở LĐTBXH Thái Bình (kiểm thử)", year = 2020,
          data = "../../data/thaibinh" }

-- Every figure of the report, as loaded (seed 004, lines 21–29).
local function result(indicator, actual)
  expect { table = "target_attainment", row = { indicator = indicator }, values = { actual = actual } }
end
result("Người lao động, hộ kinh doanh, người có công, hộ nghèo, cận nghèo, đối tượng BTXH được hỗ trợ theo NQ 42/NQ-CP và QĐ 15/QĐ-TTg", 208496)
result("Kinh phí hỗ trợ theo NQ 42/NQ-CP và QĐ 15/QĐ-TTg (gần)", 270000000000)      -- "gần 270 tỷ đồng"
result("Giáo viên, nhân viên, người lao động được hỗ trợ theo Nghị quyết HĐND tỉnh", 2901)
result("Nhân khẩu hộ nghèo, cận nghèo phát sinh được hỗ trợ theo Nghị quyết HĐND tỉnh", 54)
result("Kinh phí hỗ trợ theo Nghị quyết HĐND tỉnh (trên)", 5200000000)             -- "trên 5,2 tỷ đồng"
result("Tỷ lệ văn bản ký số", 84)
result("Xếp hạng ứng dụng CNTT trong các sở, ban, ngành", 2)
result("Thủ tục hành chính do UBND tỉnh ban hành", 110)
result("Thủ tục hành chính thuộc thẩm quyền giải quyết của Sở", 29)
result("Thủ tục thực hiện trực tuyến mức độ 3, 4", 58)
result("Dịch vụ công trực tuyến mức độ 4", 28)
result("Dịch vụ công trực tuyến mức độ 3", 30)
result("Hồ sơ TTHC tiếp nhận và giải quyết", 6905)
result("Hồ sơ tiếp nhận (dịch vụ công)", 749)
result("Hồ sơ trực tuyến mức độ 3", 180)
result("Hồ sơ trực tuyến mức độ 4", 232)
result("Xã có thành viên Hội đồng xác định mức độ khuyết tật được tập huấn", 260)
result("Cán bộ trợ giúp xã hội cơ sở được tập huấn (gần)", 2000)
result("Số hộ nghèo giảm trong 5 năm 2016-2020", 17061)
result("Cuộc gọi đường dây nóng được trả lời, xử lý", 100)                        -- line 35
expect { table = "target_attainment", row = { indicator = "Tỷ lệ văn bản ký số" },
         values = { verdict = "chỉ báo cáo kết quả" } }

-- Every printed %: 6.905 of 6.905 is 100%; 180 + 232 = 412 of 749 is 55,01%, printed 55%;
-- 17.061 households are 52,76% of the census count. All three follow from their numbers.
expect { kind = "share", subject = "SO_LDTBXH:HS_DUNGHAN", value = 100 }
expect { kind = "share", subject = "SO_LDTBXH:HS_TRUCTUYEN", value = 55.01 }
expect { kind = "share", subject = "SO_LDTBXH:HN_GIAM", value = 52.76 }
expect { kind = "printed_check", subject = "SO_LDTBXH:HS_DUNGHAN", value = "khớp" }
expect { kind = "printed_check", subject = "SO_LDTBXH:HS_TRUCTUYEN", value = "khớp" }
expect { kind = "printed_check", subject = "SO_LDTBXH:HN_GIAM", value = "khớp" }
expect { kind = "printed_check", value = "lệch", count = 0 }
-- The shares as targets: online files above the province's plan, files on time at 100%.
expect { kind = "share_target", subject = "SO_LDTBXH:HS_TRUCTUYEN", value = "vượt chỉ tiêu" }
expect { kind = "share_target", subject = "SO_LDTBXH:HS_DUNGHAN", value = "đạt chỉ tiêu" }
expect { table = "share_targets", row = { figure = "Hồ sơ tiếp nhận trực tuyến mức độ 3, 4 (180 + 232)" },
         values = { part = 412, whole = 749, pct = 55.01, target = 30 } }

-- Part lists: 28 + 30 = 58 online procedures; 180 + 232 of 749 files; 58 of 110 procedures.
expect { kind = "parts_check", subject = "SO_LDTBXH:DVC", value = "khớp" }
expect { kind = "parts_check", subject = "SO_LDTBXH:HS", value = "khớp" }
expect { kind = "parts_check", subject = "SO_LDTBXH:TTHC", value = "khớp" }
expect { kind = "flag", value = "parts_mismatch", count = 0 }

-- The multi-year target: 5,27% (2015) → 2,35% (2020) is 2,92 points in 5 years, 0,584 a year,
-- printed 0,58; the council's "at least 0,5 a year" is met.
expect { kind = "average_per_year", subject = "SO_LDTBXH:HN_TYLE", value = 0.584 }
expect { kind = "printed_check", subject = "SO_LDTBXH:HN_TYLE", value = "khớp" }
expect { kind = "multi_year_target", subject = "SO_LDTBXH:HN_TYLE", value = "đạt" }
expect { table = "multi_year_targets", row = { target = "Tỷ lệ hộ nghèo toàn tỉnh giai đoạn 2016-2020" },
         values = { from = 5.27, to = 2.35, change = 2.92, plan = 0.5, verdict = "đạt" } }

-- Nothing printed in the report fails its own numbers.
expect { kind = "printed_mismatches", subject = "report", value = 0 }

-- The IT ranking: 2nd in 2020, 5th in 2019 (line 23): up 3 places.
expect { kind = "rank", subject = "SO_LDTBXH", value = 2 }
expect { kind = "rank_change", subject = "SO_LDTBXH", value = 3 }
expect { kind = "rank", subject = "SO_TTTT", value = 1 }
expect { kind = "rank_change", subject = "SO_TC", value = -1 }
expect { table = "ranking_cntt_sbn", row = { unit = "Sở Lao động - Thương binh và Xã hội" },
         values = { rank = 2, previous_rank = 5, rank_change = "+3", total = 90.75 } }
-- The printed ranks follow from the sheets: 2nd in 2020 and 5th in 2019.
expect { kind = "printed_rank_check", subject = "SO_LDTBXH", value = "khớp", count = 2 }
expect { kind = "flag", value = "printed_rank_mismatch", count = 0 }
expect { table = "ranking_cntt_sbn", row = { unit = "Sở Lao động - Thương binh và Xã hội" },
         values = { note = "Hạng 2020 in trong báo cáo: 2 (khớp); hạng 2019 in trong báo cáo: 5 (khớp)" } }
