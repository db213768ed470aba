-- The same block as ranking_rounding.test.lua with config.ranking.rounding = "display": the
-- totals are ranked to 0,0001, so Văn phòng's 85,0004 is first although both print as 85,0.
ruleset { id = "ranking_rounding_display", title = "Tỉnh Mẫu — làm tròn trước khi xếp hạng", year = 2025, years = { 2025, 2025 } }
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
config.ranking = { rounding = "display", decimals = 1, core_group = "NV", keys = { "-total", "-core", "name:vi" } }
step("Xếp hạng thi đua", ranking.step)


expect { table = "ranking_k1", row = { unit = "Văn phòng Sở" }, values = { rank = 1 } }
expect { kind = "rank", subject = "TTR", value = 2 }
