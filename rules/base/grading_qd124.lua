-- Party grading defaults for grading years 2023–2024: QĐ 124-QĐ/TW (04/10/2023) with
-- HD 25-HD/BTCTW (10/11/2023). Neither text's quota clause could be read (notes §4, §11), so
-- these defaults carry HD 21's practice forward where QĐ 124 is silent to us, and say so.
config.grading_regimes = config.grading_regimes or {}
config.grading_regimes.qd124 = {
  years = { 2023, 2024 },
  title = "QĐ 124-QĐ/TW và HD 25-HD/BTCTW",
  -- Grades were still proposed, not scored, in 2023–2024 practice.
  method = "proposal",
  thresholds = { htxsnv = 90, httnv = 70, htnv = 50 },
  exclusions = { excused = true, suspended = true, admitted_months = 6 },
  conditions = {
    -- QĐ 124's KHTNV list was not read; QĐ 132 (which it replaced) and HD 21 made any discipline
    -- in the year KHTNV, and provinces kept that practice. A province that reads QĐ 124 otherwise
    -- sets duty_related_only = true as under QĐ 366.
    discipline = { min_form = "khien_trach", level = "KHTNV", duty_related_only = false },
    degraded_khtnv = true,
    -- HD 21's sick-leave bar stood until HD 43 (2025) replaced it with "graded on work done".
    sick_leave_months = 3,
  },
  gap = "manual",
  quota = {
    pct = 20,
    reading = "B1",           -- the literal reading, as under HD 21 (unverified for QĐ 124)
    rounding = "floor",
    pool = "dang_bo",         -- per grassroots organisation, as under HD 21
    tie_break = { "-score", "-task_score", "-votes", "subject_id" },
    -- NĐ 48/2023, written to match QĐ 124, allows an outstanding unit a ratio "suited to the
    -- facts" with no ceiling; QĐ 366 later wrote 25%. 25% is used as the nearest written figure.
    exception_pct = 25,
  },
  unit_quota = { pct = 20, reading = "B1", rounding = "floor", tie_break = { "-score", "-votes", "subject_id" } },
  collective = { htxsnv_min_htnv_pct = 100, htxsnv_min_httnv_pct = 80, computed_best = "HTTNV" },
  -- Aggregates above 20% were common in these years (notes §10): quota breaches warn.
  validate = { severity = { quota = "warning", unit_quota = "warning", member_level = "error",
                            collective = "error", printed_share = "warning", gap = "warning" } },
}
