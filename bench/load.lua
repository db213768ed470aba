-- bench/load.lua — the loading benchmark's rule file (bench/run.sh): the sources of a
-- province-sized data set and nothing else, so a run times loading alone: reading the CSV,
-- mapping the Vietnamese headers, typing every value (Vietnamese numbers included) and
-- checking required columns, keys and every reference.
ruleset { id = "bench_load", title = "Đo tốc độ nạp dữ liệu", year = 2023 }

-- Members carry the score of their year-end review; the canonical people table gets it here.
define_table { name = "people", columns = { { "score", "number" } } }

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
         columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại", parent_id = "Trực thuộc",
                     block_id = "Khối thi đua" } }
source { table = "indicators", file = "indicators.csv", delimiter = ";", numbers = "vi",
         columns = { id = "Mã chỉ tiêu", name = "Tên chỉ tiêu", measure = "Đơn vị tính",
                     direction = "Chiều", sort = "Thứ tự" } }
source { table = "people", file = "members.csv", delimiter = ";", numbers = "vi" }
source { table = "targets", file = "targets.csv", delimiter = ";", numbers = "vi",
         columns = { unit_id = "Mã đơn vị", year = "Năm", indicator_id = "Mã chỉ tiêu",
                     plan = "Kế hoạch", actual = "Thực hiện", reported_pct = "Tỷ lệ (%)" } }
