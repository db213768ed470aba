-- rules/quangbinh.lua — Sở Lao động – Thương binh và Xã hội tỉnh Quảng Bình
-- and its Đảng bộ: the year-end assessment in one run.
--
--   evalrun rules/quangbinh.lua              (year 2023, the year of the seed report)
--   evalrun rules/quangbinh.lua --year 2024
--
-- The rules are in three parts, each a rule file of its own that builds on the
-- shared bases in rules/base/ and says which readings Quảng Bình chose:
--   quangbinh/targets.lua  target attainment and the emulation-block ranking
--   quangbinh/grading.lua  party grading with the 20% quota (regime by year)
--   quangbinh/awards.lua   emulation titles and commendations (regime by year)
-- The data is in data/quangbinh/ (its README says which figures come from the
-- seed report and which rows are illustrative).

ruleset {
  id = "quangbinh",
  title = "Sở Lao động – Thương binh và Xã hội tỉnh Quảng Bình",
  year = 2023,
  -- On 1 July 2025 Quảng Bình merged into Quảng Trị; years after that belong
  -- to the successor province's rule set.
  years = { 2019, 2025 },
  -- The signature block at the end of report.html (docs/output-formats.md).
  signature = {
    place = "Quảng Bình",
    signers = {
      { title = "Người lập biểu" },
      { title = "Thủ trưởng đơn vị", hint = "(Ký, ghi rõ họ tên, đóng dấu)" },
    },
  },
}

extends "quangbinh/targets.lua"
extends "quangbinh/grading.lua"
extends "quangbinh/awards.lua"
