-- Party grading defaults from grading year 2025: QĐ 366-QĐ/TW (30/8/2025) with HD 43-HD/BTCTW
-- (31/10/2025) and CV 10072-CV/BTCTW. Sources: docs/regulations/party-grading.md §5–6, §8.
config.grading_regimes = config.grading_regimes or {}
config.grading_regimes.qd366 = {
  years = { 2025, 2100 },
  title = "QĐ 366-QĐ/TW và HD 43-HD/BTCTW",
  -- Art. 10–11: a 100-point score (30 general + 70 task results) decides the level; a member
  -- without a score falls back to the proposal ("auto").
  method = "auto",
  thresholds = { htxsnv = 90, httnv = 70, htnv = 50 },     -- ≥ 90, 70 to < 90, 50 to < 70, < 50
  exclusions = { excused = true, suspended = true, admitted_months = 6 },  -- Art. 5.2
  conditions = {
    -- Art. 11: khiển trách or heavier for a violation linked to official duties → KHTNV.
    -- Discipline for other violations is not listed; no cap is applied (a gap the province may fill
    -- with discipline.otherwise = "HTNV").
    discipline = { min_form = "khien_trach", level = "KHTNV", duty_related_only = true },
    degraded_khtnv = true,
    unfinished_khtnv_over = 50,        -- > 50% of the year's tasks not completed → KHTNV
    htxsnv_min_exceeded_pct = 30,      -- HTXSNV: ≥ 30% of tasks exceeding requirements
    htxsnv_needs_remedied = true,      -- HTXSNV: all shortcomings of the last review remedied
    httnv_needs_on_time = true,        -- HTTNV: 100% of tasks on time
    htnv_max_late_pct = 20,            -- HTNV: all tasks done, at most 20% late
    sick_leave_months = nil,           -- HD 43 item 7.5: graded on the work actually done
  },
  -- A member with, say, 65 points and 25% late meets neither HTNV nor any KHTNV case. QĐ 366
  -- does not say; the member is listed for the competent level to decide.
  gap = "manual",
  quota = {
    pct = 20,
    -- B1 again: Art. 11 says "20% tổng số xếp loại HTTNV", the count of HTTNV grades; the
    -- HTXSNV people are a different grade, and the count is the one proposed.
    reading = "B1",
    rounding = "floor",
    -- "per group of similar position, role, function and duties": gradings.group_id; members
    -- without a group share the quota of their grassroots organisation.
    pool = "group",
    tie_break = { "-score", "-task_score", "-votes", "subject_id" },
    exception_pct = 25,                -- an outstanding organisation: up to 25% of the HTTNV count
  },
  unit_quota = { pct = 20, reading = "B1", rounding = "floor", exception_pct = 25,
                 tie_break = { "-score", "-task_score", "-votes", "subject_id" } },
  collective = {
    -- HD 21's 100%/80% test is not in the QĐ 366 collective criteria read; QĐ 366 instead bars
    -- HTXSNV when a member of the leadership is disciplined. The data do not mark leaders, so any
    -- disciplined member blocks it (stricter; a province may turn it off).
    htxsnv_no_disciplined = true,
    computed_best = "HTTNV",
  },
  validate = { severity = { quota = "error", unit_quota = "error", member_level = "error",
                            collective = "error", printed_share = "warning", gap = "warning" } },
}
