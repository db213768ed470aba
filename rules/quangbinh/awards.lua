-- rules/quangbinh/awards.lua — emulation titles and commendations for the Sở LĐTBXH Quảng Bình.
-- A part of rules/quangbinh.lua, which `extends` it. Assessment years 2023 and 2024 (both under
-- ND 98, chosen by rules/base/awards.lua from ctx.year); Quảng Bình merged into Quảng Trị on
-- 01/07/2025, so later years belong to the successor's rule file.
--
-- Data (data/quangbinh/, described in its README, section "Emulation titles and awards"): the
-- staff (S001…), their yearly grades and titles from 2018, initiatives, past awards with their
-- achievement periods, and the units' yearly records. All people are illustrative.
extends "../base/awards.lua"

source { table = "people", file = "staff.csv", delimiter = ";", numbers = "vi",
         columns = { id = "Mã cán bộ", name = "Họ và tên", unit_id = "Mã đơn vị", position = "Chức vụ",
                     source = "Nguồn" } }

-- One row per person and year, as the Văn phòng's emulation ledger (sổ theo dõi thi đua) is kept.
source { table = "history", file = "staff_history.csv", delimiter = ";", numbers = "vi",
         columns = { subject_id = "Mã cán bộ", year = "Năm", grade = "Xếp loại", titles = "Danh hiệu",
                     active = "Tham gia phong trào", disciplined = "Kỷ luật", score = "Điểm đánh giá",
                     source = "Nguồn" } }

-- One row per unit and year; the centres report their member counts, the Sở's own divisions do not
-- (their counts come from staff_history).
source { table = "history", file = "unit_history.csv", delimiter = ";", numbers = "vi",
         columns = { subject_id = "Mã đơn vị", year = "Năm", grade = "Xếp loại", titles = "Danh hiệu",
                     members = "Số người", members_htnv = "Số HTNV trở lên", members_ldtt = "Số LĐTT",
                     members_cstdcs = "Số CSTĐCS", exceeded_targets = "Vượt chỉ tiêu", source = "Nguồn" } }

source { table = "initiatives", file = "initiatives.csv", delimiter = ";", numbers = "vi",
         columns = { person_id = "Mã cán bộ", year = "Năm", level = "Cấp công nhận", title = "Tên sáng kiến",
                     decision = "Quyết định công nhận", source = "Nguồn" } }

source { table = "awards", file = "awards_history.csv", delimiter = ";", numbers = "vi",
         columns = { subject_id = "Mã đối tượng", kind = "Hình thức", period_from = "Thành tích từ năm",
                     period_to = "Thành tích đến năm", decision = "Số quyết định",
                     decision_date = "Ngày quyết định", source = "Nguồn" } }

config.awards = config.awards or {}

-- The province's rule set covers 2019–2025 for its other parts; the award criteria here start
-- with the 2022 Law (assessment year 2023). Earlier years run without the award tables and say so.
config.awards.missing_regime = "skip"

-- CSTĐCS: the Sở's emulation council (Hội đồng Thi đua – Khen thưởng Sở) considers CSTĐCS for
-- the whole Sở at once, so the 15% quota is counted on the Sở's LĐTT total, not per division;
-- among those within the standard it prefers the higher grade, then the assessment score.
-- Both are the sample's choices (illustrative), not taken from a Quảng Bình text.
config.awards.cstdcs = { pool = "all", tie_break = { "-grade_rank", "-score", "-initiative_count", "id" } }
