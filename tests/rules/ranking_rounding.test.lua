-- Rounding (docs/scoring.md, "Rounding"): by default the ranking ranks the totals as the table
-- prints them (config.ranking.rounding = "published", 1 decimal here). Văn phòng's bonus of
-- 5,0004 points makes its total 85,0004, which prints as 85,0 like Thanh tra's 85: the two tie
-- on the printed total and the next key (the core-task group) decides, as the table shows. Ranked
-- on 0,0001 ("display"), the 0,0004 nobody can see would have put Văn phòng first.
ruleset { id = "ranking_rounding", title = "Tỉnh Mẫu — làm tròn trước khi xếp hạng", year = 2025, years = { 2025, 2025 } }
local ranking = require "ranking"
source { table = "units", delimiter = ";", csv = "Mã;Tên;Khối\nVP;Văn phòng Sở;K1\nTTR;Thanh tra Sở;K1\n",
         columns = { id = "Mã", name = "Tên", block_id = "Khối" } }
source { table = "criteria", delimiter = ";", numbers = "vi",
         csv = "Mã;Tên;Nhóm;Tên nhóm;Tối đa\nNV;Nhiệm vụ chuyên môn;NV;Nhiệm vụ;60\nCT;Công tác chung;CT;Công tác chung;40\n",
         columns = { id = "Mã", name = "Tên", group_id = "Nhóm", group_name = "Tên nhóm", max_points = "Tối đa" } }
source { table = "criterion_scores", delimiter = ";", numbers = "vi",
         csv = "Đơn vị;Tiêu chí;Điểm\nVP;NV;50\nVP;CT;30\nTTR;NV;55\nTTR;CT;30\n",
         columns = { unit_id = "Đơn vị", criterion_id = "Tiêu chí", verified_points = "Điểm", year = { year = true } } }
source { table = "adjustments", delimiter = ";", numbers = "vi", csv = "Đơn vị;Nội dung;Điểm\nVP;Thưởng sáng kiến;5,0004\n",
         columns = { unit_id = "Đơn vị", reason = "Nội dung", points = "Điểm", year = { year = true }, line = { line = true } } }
config.ranking = { decimals = 1, core_group = "NV", keys = { "-total", "-core", "name:vi" } }
step("Xếp hạng thi đua", ranking.step)

expect { table = "ranking_k1", row = { unit = "Thanh tra Sở" }, values = { rank = 1, total = 85 } }
expect { table = "ranking_k1", row = { unit = "Văn phòng Sở" }, values = { rank = 2, total = 85 } }
expect { kind = "rank", subject = "TTR", value = 1 }
