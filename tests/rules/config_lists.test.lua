-- Lists in config are replaced whole, and an empty list clears the default (docs/rules.md,
-- "config"): with config.awards.one_achievement = { order = {} } no award claims achievement
-- years, so a person who qualifies for both Bằng khen gets both proposals. A map still merges:
-- changing bk_ttg.years keeps bk_ttg's other settings.
ruleset { id = "config_lists", title = "Tỉnh Mẫu — danh sách trong cấu hình", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
config.awards.current_year_titles = "data"
config.awards.one_achievement = { order = {} }
config.awards.bk_ttg = { years = 5 }

source { table = "units", csv = "Mã;Tên\nVP;Văn phòng Sở\n", delimiter = ";", columns = { id = "Mã", name = "Tên" } }
source { table = "people", delimiter = ";", csv = "Mã;Họ tên;Đơn vị\nP1;Nguyễn Văn An;VP\n",
         columns = { id = "Mã", name = "Họ tên", unit_id = "Đơn vị" } }
source { table = "history", delimiter = ";", columns = { subject_id = "Mã", year = "Năm", grade = "Xếp loại", titles = "Danh hiệu" },
         csv = [[
Mã;Năm;Xếp loại;Danh hiệu
P1;2019;HTTNV;LĐTT
P1;2020;HTTNV;LĐTT, CSTĐCS
P1;2021;HTTNV;LĐTT
P1;2022;HTTNV;LĐTT
P1;2023;HTXSNV;LĐTT, CSTĐCS
P1;2024;HTXSNV;LĐTT, CSTĐCS
]] }
source { table = "awards", delimiter = ";", columns = { subject_id = "Mã", kind = "Hình thức", period_from = "Từ năm",
         period_to = "Đến năm", decision = "Số quyết định", decision_date = "Ngày quyết định" }, csv = [[
Mã;Hình thức;Từ năm;Đến năm;Số quyết định;Ngày quyết định
P1;BK_TINH;2017;2018;120/QĐ-UBND;20/03/2019
]] }
expect { kind = "award", subject = "P1", value = "BK_TTG", count = 1 }
-- with the default order (HCLD3, BK_TTG, BK_TINH) this one would be refused: its years 2023–2024
-- are inside the BK_TTG period
expect { kind = "award", subject = "P1", value = "BK_TINH", count = 1 }
