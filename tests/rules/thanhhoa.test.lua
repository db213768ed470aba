-- Expectations for rules/thanhhoa.lua on data/thanhhoa (year 2023, seed 000).
-- Run: evalrun test tests/rules/thanhhoa.test.lua
extends "../../rules/thanhhoa.lua"
ruleset { id = "thanhhoa_test", title = "Sở LĐTBXH Thanh Hóa (kiểm thử)", year = 2023,
          data = "../../data/thanhhoa" }

-- Every figure of the report as loaded, amounts in words included ("05 nghìn 700", "02 nghìn 700 tỷ").
local function result(indicator, actual)
  expect { table = "target_attainment", row = { indicator = indicator }, values = { actual = actual } }
end
result("Tạo việc làm mới (khoảng)", 62000)   -- seed:000:11
result("Đưa lao động đi làm việc ở nước ngoài theo hợp đồng (trên)", 14000)   -- seed:000:12
result("Trong đó: sang Hàn Quốc theo Chương trình EPS (trên)", 2000)   -- seed:000:12
result("Lao động Thanh Hóa đang làm việc tại Hàn Quốc (gần)", 8000)   -- seed:000:12
result("Lao động đang làm việc có thời hạn ở nước ngoài (khoảng)", 40000)   -- seed:000:14
result("Tiền lao động gửi về hằng năm, mức thấp (ước)", 2700000000000)   -- seed:000:14
result("Tiền lao động gửi về hằng năm, mức cao (ước)", 3500000000000)   -- seed:000:14
result("Cung cấp thông tin thị trường lao động (trên, lượt người)", 157000)   -- seed:000:8
result("Kết nối việc làm thành công", 2000)   -- seed:000:8
result("Dự án vay vốn giải quyết việc làm được hỗ trợ (trên)", 5700)   -- seed:000:9
result("Lao động được tạo, duy trì, mở rộng việc làm từ vốn vay (trên)", 6000)   -- seed:000:9
result("Lao động hưởng trợ cấp thất nghiệp (trên)", 28000)   -- seed:000:10
result("Tuyển sinh, đào tạo nghề (trên)", 83000)   -- seed:000:15
result("Tỷ lệ lao động qua đào tạo", 73)   -- seed:000:15
result("Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ (khoảng)", 28)   -- seed:000:15
result("Tỷ lệ có việc làm sau đào tạo trình độ cao đẳng (trên)", 90)   -- seed:000:15
result("Tỷ lệ có việc làm sau đào tạo trình độ trung cấp (trên)", 85)   -- seed:000:15
result("Tỷ lệ có việc làm sau đào tạo trình độ sơ cấp (trên)", 75)   -- seed:000:15
result("Tỷ lệ có việc làm sau đào tạo ở một số nghề (Hàn, May thời trang, Điện công nghiệp)", 100)   -- seed:000:15
result("Giờ làm thêm trong năm ở một số doanh nghiệp, mức thấp (từ trên)", 200)   -- seed:000:13
result("Giờ làm thêm trong năm ở một số doanh nghiệp, mức cao", 300)   -- seed:000:13
result("Huyện, thị xã được kiểm tra thực hiện Chương trình MTQG giảm nghèo", 15)   -- seed:000:17
result("Giảm tỷ lệ hộ nghèo", 1.47)   -- seed:000:20
result("Liệt sĩ được cấp Bằng Tổ quốc ghi công", 16)   -- seed:000:25
result("Bằng Tổ quốc ghi công được đổi lại", 305)   -- seed:000:25
result("Trường hợp được tiếp nhận và xác nhận mới", 393)   -- seed:000:25
result("Thân nhân người có công được thực hiện chế độ tuất", 4)   -- seed:000:25
result("Hồ sơ tiếp nhận và di chuyển", 413)   -- seed:000:25
result("Trường hợp được giải quyết chế độ mai táng phí", 5670)   -- seed:000:25
result("Hài cốt quân tình nguyện, chuyên gia tiếp nhận và an táng", 16)   -- seed:000:25
result("Huyện, thị xã, thành phố được thăm hỏi, tặng quà", 27)   -- seed:000:26
result("Đơn vị được công nhận đơn vị văn hóa lần đầu", 7)   -- seed:000:23
result("Đơn vị được công nhận lại đơn vị văn hóa", 4)   -- seed:000:23
result("Đơn vị được công nhận đơn vị kiểu mẫu", 3)   -- seed:000:23
result("Đơn vị trình Chủ tịch UBND tỉnh công nhận đơn vị kiểu mẫu", 1)   -- seed:000:23
result("Tập thể điển hình Dân vận khéo giai đoạn 2021-2023 được đề nghị tặng Giấy khen", 1)   -- seed:000:23
-- The plans the report does not print (illustrative) give the printed attainment back.
expect { kind = "ratio", subject = "SO:VL_MOI", value = 108.39 }
expect { kind = "ratio", subject = "SO:XKLD", value = 294.18 }
expect { kind = "printed_check", subject = "SO:VL_MOI", value = "khớp" }
expect { kind = "printed_check", subject = "SO:XKLD", value = "khớp" }
expect { table = "target_attainment", row = { indicator = "Tạo việc làm mới (khoảng)" },
         values = { plan = 57200, source = "seed:000:11; kế hoạch: minh họa" } }          -- marked in the table
expect { table = "target_attainment", row = { indicator = "Tỷ lệ lao động qua đào tạo" },
         values = { plan = 72.5, actual = 73, verdict = "vượt kế hoạch" } }
expect { table = "target_attainment", row = { indicator = "Giảm tỷ lệ hộ nghèo" },
         values = { verdict = "chỉ báo cáo kết quả" } }

-- Programme funds, written as the report writes them: 454 tỷ 983 triệu of 945 tỷ 033 triệu is
-- 48,14% (agrees); 300 tỷ 567 triệu of 685 tỷ 135 triệu is 43,87%, printed 46,4% (does not).
expect { kind = "share", subject = "SO:DTPT", value = 48.14 }
expect { kind = "share", subject = "SO:SUNGHIEP", value = 43.87 }
expect { kind = "printed_check", subject = "SO:DTPT", value = "khớp" }
expect { kind = "printed_check", subject = "SO:SUNGHIEP", value = "lệch" }
expect { kind = "flag", subject = "SO:SUNGHIEP", value = "printed_pct_mismatch" }
expect { table = "printed_figures", row = { figure = "Vốn đầu tư phát triển nguồn NSTW, Chương trình MTQG giảm nghèo bền vững" },
         values = { numbers = "454.983.000.000 / 945.033.000.000", computed = "48,14%", printed = "48,14%" } }

-- Part lists: 1,79 + 1,47 = 3,26; 945 tỷ 033 triệu of 1.640 tỷ 539 triệu; 685 tỷ 135 triệu of
-- 1.987 tỷ; 2 nghìn to Korea of 14 nghìn abroad.
expect { kind = "parts_check", subject = "SO:HN_2022_2023", value = "khớp" }
expect { kind = "parts_check", subject = "SO:DTPT_2021_2025", value = "khớp" }
expect { kind = "parts_check", subject = "SO:SN_2021_2025", value = "khớp" }
expect { kind = "parts_check", subject = "SO:XKLD", value = "khớp" }
expect { table = "printed_figures", row = { figure = "Vốn đầu tư phát triển NSTW giai đoạn 2021-2025 phân bổ (đồng)" },
         values = { printed = "1.640.539.000.000" } }

-- The average over 2022–2023: 3,26 / 2 = 1,63 a year, as printed; above the (illustrative) 1,5.
expect { kind = "average_per_year", subject = "SO:HN_TYLE", value = 1.63 }
expect { kind = "printed_check", subject = "SO:HN_TYLE", value = "khớp" }
expect { kind = "multi_year_target", subject = "SO:HN_TYLE", value = "đạt" }

-- One printed figure does not follow from its numbers: the 46,4%.
expect { kind = "printed_mismatches", subject = "report", value = 1 }
expect { table = "printed_mismatches", row = { figure = "Kinh phí sự nghiệp nguồn NSTW, Chương trình MTQG giảm nghèo bền vững" },
         values = { verdict = "LỆCH: tính được 43,9%" } }

-- Cultural and model units: the counts the report prints (line 23) come out of the criteria.
expect { kind = "unit_title_count", subject = "VH_LANDAU", value = 7 }
expect { kind = "unit_title_count", subject = "VH_LAI", value = 4 }
expect { kind = "unit_title_count", subject = "KIEU_MAU", value = 3 }
expect { kind = "unit_title_count", subject = "KIEU_MAU_TINH", value = 1 }
expect { kind = "unit_title_count", subject = "DVK", value = 1 }
expect { kind = "flag", value = "printed_count_mismatch", count = 0 }
expect { kind = "unit_title", subject = "CQ_SO", value = "KIEU_MAU_TINH" }
expect { kind = "unit_title", subject = "TT_DDNCC", value = "DVK" }
-- and the candidates that fail, each on its condition
expect { kind = "unit_title_rejected", subject = "TT_BTXH3", value = "VH_LANDAU", count = 1 }
expect { kind = "unit_title_rejected", subject = "CS_CN3", value = "VH_LANDAU", count = 1 }
expect { kind = "unit_title_rejected", subject = "TT_BTXH1", value = "KIEU_MAU", count = 1 }
expect { table = "unit_titles", row = { unit = "Trung tâm Bảo trợ xã hội số 3" },
         values = { decision = "Không đạt", reason = "Không có cán bộ, công chức, viên chức bị kỷ luật (năm 2023): cần 0, có 1" } }
