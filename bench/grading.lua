-- bench/grading.lua — the national party-grading benchmark through the standard library
-- (bench/run.sh): what a province runs, rules/base/grading.lua and grading.run, on the whole
-- country's members.
--
-- Grading year 2025, QĐ 366 as rules/base/grading_qd366.lua sets it (100-point score bands,
-- exclusions, the conditions that block or cap a level, the gap left to people), computed
-- rather than checked, with the HTXSNV quota per chi bộ (reading B1, rounded down) and the
-- organisations' quota pooled among siblings. Every member's and organisation's level with
-- its explanation goes to the results database; the tables (quota per pool, members moved
-- down, organisations, the per-organisation summary) are written as CSV.
extends "../rules/base/grading.lua"

ruleset { id = "bench_grading", title = "Xếp loại đảng viên toàn quốc (thư viện chuẩn)", year = 2025 }

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
         columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại", parent_id = "Trực thuộc",
                     block_id = "Khối thi đua" } }
source { table = "people", file = "members.csv", delimiter = ";", numbers = "vi" }
source { table = "gradings", file = "gradings.csv", delimiter = ";", numbers = "vi" }

config.grading.quota = { pool = "chi_bo" }
