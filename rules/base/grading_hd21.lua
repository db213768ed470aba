-- Party grading defaults for grading years 2019–2022: QĐ 132-QĐ/TW (08/3/2018) with HD 16-HD/BTCTW
-- (24/9/2018) as amended by HD 21-HD/BTCTW (18/10/2019). Read by rules/base/grading.lua, which
-- picks the regime by the data's year. Sources: docs/regulations/party-grading.md §1–3, §8.
config.grading_regimes = config.grading_regimes or {}
config.grading_regimes.hd21 = {
  years = { 2019, 2022 },
  title = "QĐ 132-QĐ/TW, HD 16 và HD 21-HD/BTCTW",
  -- No 100-point scale before QĐ 366: the chi bộ proposes a level and the competent level decides.
  -- A score, if a province keeps one, is used only when the province sets method = "auto"/"score".
  method = "proposal",
  thresholds = { htxsnv = 90, httnv = 70, htnv = 50 },
  exclusions = { excused = true, suspended = true, admitted_months = 6 },
  conditions = {
    -- HD 16/21: a member disciplined during the year is KHTNV, whatever the form (one violation
    -- counts once; the data holds one row per member and year, so that is automatic).
    discipline = { min_form = "khien_trach", level = "KHTNV", duty_related_only = false },
    degraded_khtnv = true,
    -- HD 21: sick leave of 3 months or more in the year: not HTTNV or better.
    sick_leave_months = 3,
    -- HD 21 grades on criteria marks, not on task shares: the 30%-exceeded, on-time and 20%-late
    -- tests are QĐ 366's and are left off here.
  },
  -- Nothing in HD 21 leaves a member between HTNV and KHTNV, so the gap choice rarely matters;
  -- when it does the member goes to people rather than being guessed.
  gap = "manual",
  quota = {
    pct = 20,
    -- B1: HD 21 says "20% số đảng viên xếp loại HTTNV". Read literally that is the HTTNV count
    -- before anyone moves down, without the HTXSNV people (the 2012 Đồng Tháp report's 16,19%
    -- of HTTNV confirms that reading of the base). B2–B4 are looser or later inventions.
    reading = "B1",
    -- "không vượt quá" (may not exceed): floor.
    rounding = "floor",
    -- "trong mỗi tổ chức cơ sở đảng": all the chi bộ of a đảng bộ cơ sở share one quota.
    pool = "dang_bo",
    tie_break = { "-score", "-task_score", "-votes", "subject_id" },
    exception_pct = nil,          -- HD 21 names no exception
  },
  -- HD 21's cap for organisations is cut off in every copy read (notes §11): the members' rule is
  -- applied to the chi bộ of one đảng bộ as the nearest written one.
  unit_quota = { pct = 20, reading = "B1", rounding = "floor", tie_break = { "-score", "-votes", "subject_id" } },
  collective = {
    -- HD 21 II.B 1.3: HTXSNV needs 100% of members (or subordinate organisations) HTNV or better
    -- and at least 80% HTTNV or better.
    htxsnv_min_htnv_pct = 100,
    htxsnv_min_httnv_pct = 80,
    computed_best = "HTTNV",
  },
  validate = { severity = { quota = "warning", unit_quota = "warning", member_level = "error",
                            collective = "error", printed_share = "warning", gap = "warning" } },
}
