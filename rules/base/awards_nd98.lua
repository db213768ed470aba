-- rules/base/awards_nd98.lua — emulation titles and commendations under Law 06/2022/QH15 as
-- detailed by Decree 98/2023/NĐ-CP (in force 01/01/2024 – 30/06/2025).
--
-- Registers the regime "nd98"; rules/base/awards.lua picks it for assessment years 2023 and 2024
-- (the achievements of 2023 were decided in 2024 and those of 2024 in the first half of 2025, both
-- under ND 98 — our reading of the Law's transition, [R] not checked against Art. 95).
-- Every number below is a default; a province file changes it in config.awards.
-- Sources are the notes in docs/regulations/emulation-awards.md: [V] = read in the cited page,
-- [R] = unverified, kept as a parameter so a province can correct it.
local awards = require "awards"

awards.regime {
  id = "nd98",
  years = { 2023, 2024 },
  legal = "Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP",
  defaults = {
    -- Titles of the assessment year itself are decided by this run; what the history file says
    -- for that year is only compared ("data" would trust the file instead).
    current_year_titles = "computed",
    -- ND 98 Art. 30(9) [V]: the next award counts from the period written in the last decision;
    -- with no period, from its decision date. Which year that date starts is not written down
    -- [R]: we count the decision's own year (the first year assessed after the decision).
    undated_period_start = "decision_year",
    -- Not a rule: whether the run keeps every decision with its conditions in
    -- awards.run_state(ctx).decisions after emitting it (for a rule file's own later steps).
    -- Off, each is kept as its table row only: a national run's memory stays bounded.
    keep_decisions = false,

    -- LĐTT, Law Art. 24 [V]: grade HTTNV or better and active in the movement. "Not disciplined"
    -- is a provincial addition in several regulations [R]; an empty "active" cell counts as yes
    -- because offices mark only the exceptions.
    ldtt = { min_grade = "HTTNV", require_active = true, active_default = true, exclude_disciplined = true },

    -- CSTĐCS, Law Art. 23 [V]: LĐTT and (HTXSNV or a grassroots-level initiative).
    -- Quota: ≤15% of the unit's LĐTT count — the old ND 91/2017 cap; the 2022 Law and ND 98 set
    -- none [R], so it is a default the province confirms. "Không quá" read as floor [R].
    -- Tie-break among those within the standard: grade, then number of initiatives, then score.
    cstdcs = { grade = "HTXSNV", initiative_levels = { "co_so", "tinh", "toan_quoc" },
               quota_pct = 15, rounding = "floor", min_one = false, pool = "unit",
               tie_break = { "-grade_rank", "-initiative_count", "-score", "id" } },

    -- CSTĐ cấp tỉnh, Law Art. 22 [V]: 3 consecutive CSTĐCS and an initiative with effect at
    -- province level. Counting the 3 years after the last CSTĐ tỉnh (so one streak does not give
    -- the title twice) is our reading [R]; the initiative must fall in the streak years [R].
    cstdt = { streak = 3, initiative_levels = { "tinh", "toan_quoc" }, window_after = { "CSTDT" } },

    -- Bằng khen of the provincial chairman, Law Art. 74.1(d) [V]: 2 consecutive CSTĐCS, or
    -- ≥2 consecutive HTXSNV years with 2 grassroots initiatives in that time. Counted after the
    -- last provincial Bằng khen (ND 98 Art. 30(9)).
    bk_tinh = { cstdcs_streak = 2, htxs_streak = 2, initiatives = 2,
                initiative_levels = { "co_so", "tinh", "toan_quoc" }, window_after = { "BK_TINH" } },

    -- Bằng khen of the Prime Minister, Law Art. 73.1 [V]: holds a ministry/provincial Bằng khen,
    -- then ≥5 consecutive years HTTNV or better up to the proposal with 3 CSTĐCS in that period.
    bk_ttg = { requires = { "BK_TINH" }, window_after = { "BK_TINH", "BK_TTG" }, years = 5,
               min_grade = "HTTNV", cstdcs = 3, htxsnv = 0 },

    -- Huân chương Lao động hạng Ba, Law Art. 44.1(e) [V]: holds the PM's Bằng khen, then ≥5
    -- consecutive years HTTNV or better with ≥1 HTXSNV year and 3 CSTĐCS in that period.
    hcld3 = { requires = { "BK_TTG" }, window_after = { "BK_TTG", "HCLD3" }, years = 5,
              min_grade = "HTTNV", htxsnv = 1, cstdcs = 3 },

    -- Collectives, Law Art. 27–28 [V]: TTLĐTT strictly more than 50% LĐTT (the collective
    -- itself HTTNV); TTLĐXS: collective HTXSNV, 100% of members HTNV or better, ≥70% LĐTT,
    -- ≥1 CSTĐCS. Whether a TTLĐXS unit is also listed as TTLĐTT is a presentation choice: no.
    ttldtt = { min_grade = "HTTNV", ldtt_over_pct = 50 },
    ttldxs = { grade = "HTXSNV", htnv_min_pct = 100, ldtt_min_pct = 70, cstdcs_min = 1, replaces_ttldtt = true },

    -- Block awards. Cờ thi đua tỉnh, Law Art. 26 [V]: the leader of each block, which must have
    -- exceeded its targets; one per block in practice. Bằng khen for ranks 2–3 with 2 consecutive
    -- HTXSNV years is common practice, not a national rule [R]; empty places are not filled from
    -- lower ranks unless the province says so.
    block = { flag_ranks = 1, flag_requires_exceeded = true, bk_ranks = { 2, 3 }, bk_htxs_streak = 2,
              fill_from_lower = false },

    -- Cờ thi đua của Chính phủ [V CV 5007/BNV-TĐKT]: ≤20% of the block leaders, floor.
    co_cp = { pct = 20, rounding = "floor", tie_break = { "-score", "block", "id" } },

    -- One achievement feeds one award (Law Art. 6 and ND 98 Art. 30(9)): proposals of this run,
    -- highest first, claim their achievement years. Past awards are already kept apart by the
    -- windows above; seed_past = { "BK_TINH", ... } would also block years used by past awards.
    one_achievement = { order = { "HCLD3", "BK_TTG", "BK_TINH" }, seed_past = false },
  },
}
