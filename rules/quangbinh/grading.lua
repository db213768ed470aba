-- Quảng Bình — party grading part (Đảng bộ Sở LĐTBXH, a đảng bộ cơ sở under Đảng ủy Khối các cơ
-- quan tỉnh). rules/quangbinh.lua extends this file; it extends the shared regimes and changes
-- what the province decided.
--
-- Sources:
--   * the Đảng bộ's 2023 report (shared/seeds/002_fa99e44a1c41faa2.txt, part 3.2.1): 10 chi bộ,
--     157 members (154 official, 3 probationary); chi bộ 2 HTXSNV, 7 HTTNV, 1 KHTNV; members
--     27 HTXSNV (17,76%), 124 HTTNV (80,52%), 1 HTNV (0,65%), 1 KHTNV (0,65%); one leader
--     disciplined with khiển trách (3.3.2); the 2024 targets (III.2.2).
--   * docs/regulations/party-grading.md for the regimes (QĐ 124/HD 25 for 2023–2024).
-- Who each member is and which chi bộ graded them is made up (marked "minh họa" in the data);
-- the totals are the report's.
extends "../base/grading.lua"

source { table = "people", file = "members.csv", delimiter = ";",
  columns = { id = "Mã đảng viên", name = "Họ và tên", unit_id = "Đơn vị công tác", cell_id = "Chi bộ",
              party_status = "Tình trạng đảng viên", position = "Chức vụ", source = "Nguồn" } }

source { table = "gradings", file = "gradings_2023.csv", delimiter = ";", numbers = "vi",
  columns = { subject_id = "Mã", subject_kind = "Loại đối tượng", year = "Năm", unit_id = "Nơi xếp loại",
              proposed = "Đề xuất", discipline = "Kỷ luật", discipline_duty_related = "Kỷ luật liên quan công vụ",
              excused = "Miễn sinh hoạt", admitted = "Ngày vào Đảng", published = "Xếp loại đã công bố",
              note = "Ghi chú", source = "Nguồn" } }

source { table = "published_shares", file = "published_2023.csv", delimiter = ";", numbers = "vi",
  columns = { subject_id = "Tổ chức", subject_kind = "Loại đối tượng", year = "Năm", level = "Mức",
              count = "Số lượng", pct = "Tỷ lệ in", source = "Nguồn" } }

-- The data are grades the Đảng bộ already published, so the run checks them rather than
-- recomputing them: every breach is listed, nothing is changed.
config.grading.mode = "validate"

-- The quota reading. Quảng Bình reads "HTXSNV không quá 20% số đảng viên xếp loại HTTNV" literally
-- (B1: the HTTNV count as proposed, without the HTXSNV people, rounded down) and counts it over the
-- whole Đảng bộ Sở (pool "dang_bo": the grassroots organisation, as HD 21 and the Đảng ủy Khối's
-- yearly instructions put it). It is the reading that needs no assumption beyond the words, and
-- the one an upper-level inspection would apply. Under it the published 27 exceeds ⌊0,2 × 124⌋ = 24,
-- and 2 chi bộ HTXSNV exceed ⌊0,2 × 7⌋ = 1: both are reported. They are warnings, not errors,
-- because QĐ 124's own quota and exception clause were not read (the Đảng bộ may have been allowed
-- an outstanding ratio) and the quota counts per group of similar roles, so a total over the whole
-- Đảng bộ is indicative.
config.grading.quota = { reading = "B1", rounding = "floor", pool = "dang_bo" }
config.grading.unit_quota = { reading = "B1", rounding = "floor" }
config.grading.validate = { severity = { quota = "warning", unit_quota = "warning" } }

-- The report's 2024 targets (III.2.2), checked against the year being run: for 2023 they show
-- how far the Đảng bộ stood from them. "20% HTXSNV" is read as "at least 20%".
config.grading.targets = {
  { id = "cb_httnv", title = "100% chi bộ hoàn thành tốt nhiệm vụ trở lên", of = "units", unit = "DB_SO",
    level = "HTTNV", or_better = true, pct = 100 },
  { id = "cb_htxsnv", title = "20% chi bộ hoàn thành xuất sắc nhiệm vụ", of = "units", unit = "DB_SO",
    level = "HTXSNV", pct = 20 },
  { id = "db_htxsnv", title = "Đảng bộ Sở hoàn thành xuất sắc nhiệm vụ", of = "self", unit = "DB_SO",
    level = "HTXSNV" },
  { id = "dv_httnv", title = "Trên 95% đảng viên hoàn thành tốt nhiệm vụ trở lên", of = "members", unit = "DB_SO",
    level = "HTTNV", or_better = true, pct = 95, op = ">" },
  { id = "dv_htxsnv", title = "20% đảng viên hoàn thành xuất sắc nhiệm vụ", of = "members", unit = "DB_SO",
    level = "HTXSNV", pct = 20 },
}
