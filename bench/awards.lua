-- bench/awards.lua — emulation titles and commendations for a province's staff at scale, through
-- the standard library (bench/run.sh --only awards), the way a province runs them
-- (rules/quangbinh/awards.lua): rules/base/awards.lua on the files bench/gen_awards.py writes.
--
-- Assessment year 2025 (ND 152, the ND 98 numbers): every person's LĐTT, CSTĐCS with the quota
-- of 15% of the unit's LĐTT count (rounded down; grade, initiatives, score, id), then CSTĐ tỉnh,
-- Bằng khen tỉnh, Bằng khen Thủ tướng and Huân chương Lao động hạng Ba from the seven years of
-- history, one achievement feeding one award. Every candidate's decision goes to the results
-- database with its reasons; the tables are written as CSV.
extends "../rules/base/awards.lua"

ruleset { id = "bench_awards", title = "Xét danh hiệu thi đua và khen thưởng cán bộ (thư viện chuẩn)", year = 2025 }

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã đơn vị", name = "Tên đơn vị" } }
source { table = "people", file = "staff.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã cán bộ", name = "Họ và tên", unit_id = "Mã đơn vị", position = "Chức vụ" } }
-- One row per person and year, as the emulation ledger (sổ theo dõi thi đua) is kept.
source { table = "history", file = "staff_history.csv", delimiter = ";", numbers = "vi",
  columns = { subject_id = "Mã cán bộ", year = "Năm", grade = "Xếp loại", titles = "Danh hiệu",
              active = "Tham gia phong trào", disciplined = "Kỷ luật", score = "Điểm đánh giá" } }
source { table = "initiatives", file = "initiatives.csv", delimiter = ";", numbers = "vi",
  columns = { person_id = "Mã cán bộ", year = "Năm", level = "Cấp công nhận", title = "Tên sáng kiến",
              decision = "Quyết định công nhận" } }
source { table = "awards", file = "awards_history.csv", delimiter = ";", numbers = "vi",
  columns = { subject_id = "Mã đối tượng", kind = "Hình thức", period_from = "Thành tích từ năm",
              period_to = "Thành tích đến năm", decision = "Số quyết định", decision_date = "Ngày quyết định" } }

config.awards = config.awards or {}
-- The quota per unit, as the defaults say; the decisions are recorded, not kept for later steps.
config.awards.cstdcs = { pool = "unit" }
