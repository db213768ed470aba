-- emulation-awards.md §6 E3: a block of 9 units on the 1.000-point scale, year 2024.
-- Block E3 proposes without filling; block E3F holds the same units and fills places from lower
-- ranks. Run: evalrun test tests/rules/ranking_e3.test.lua
ruleset { id = "ranking_e3_test", title = "Ví dụ E3 — xếp hạng khối và đề nghị khen thưởng", year = 2024 }
local ranking = require "ranking"

source { table = "units", csv = [[
id,name,block_id
A,Đơn vị A,E3
B,Đơn vị B,E3
C,Đơn vị C,E3
D,Đơn vị D,E3
E,Đơn vị E,E3
F,Đơn vị F,E3
G,Đơn vị G,E3
H,Đơn vị H,E3
I,Đơn vị I,E3
FA,Đơn vị A (bổ sung),E3F
FB,Đơn vị B (bổ sung),E3F
FC,Đơn vị C (bổ sung),E3F
FD,Đơn vị D (bổ sung),E3F
FE,Đơn vị E (bổ sung),E3F
]] }

-- Two groups: the core group NV and the rest, so that "score" and "core group" of E3 both appear.
source { table = "criteria", csv = [[
id,name,group_id,group_name,max_points,sort
NV,Nhiệm vụ trọng tâm,NV,Nhiệm vụ trọng tâm,600,1
KH,Các nội dung khác,KH,Các nội dung khác,400,2
]] }

source { table = "criterion_scores", csv = [[
unit_id,year,criterion_id,self_points,verified_points
A,2024,NV,570,570
A,2024,KH,398,398
B,2024,NV,560,560
B,2024,KH,395,395
C,2024,NV,548,548
C,2024,KH,407,407
D,2024,NV,540,540
D,2024,KH,400,400
E,2024,NV,530,530
E,2024,KH,391,391
F,2024,NV,520,520
F,2024,KH,385,385
G,2024,NV,510,510
G,2024,KH,370,370
H,2024,NV,500,500
H,2024,KH,370,370
I,2024,NV,470,470
I,2024,KH,342,342
FA,2024,NV,570,570
FA,2024,KH,398,398
FB,2024,NV,560,560
FB,2024,KH,395,395
FC,2024,NV,548,548
FC,2024,KH,407,407
FD,2024,NV,540,540
FD,2024,KH,400,400
FE,2024,NV,530,530
FE,2024,KH,391,391
]] }

source { table = "unit_years", csv = [[
unit_id,year,grade,exceeded_targets
A,2023,HTXSNV,
A,2024,HTXSNV,yes
B,2023,HTTNV,
B,2024,HTXSNV,yes
C,2023,HTXSNV,
C,2024,HTXSNV,yes
D,2023,HTXSNV,
D,2024,HTXSNV,yes
E,2023,HTXSNV,
E,2024,HTXSNV,no
FA,2023,HTXSNV,
FA,2024,HTXSNV,yes
FB,2023,HTTNV,
FB,2024,HTXSNV,yes
FC,2023,HTXSNV,
FC,2024,HTXSNV,yes
FD,2023,HTXSNV,
FD,2024,HTXSNV,yes
FE,2023,HTXSNV,
FE,2024,HTXSNV,no
]] }

local function awards(fill)
  return {
    { id = "CO_TINH", title = "Cờ thi đua của UBND tỉnh", from_rank = 1, places = 1,
      condition = ranking.cond.exceeded_targets() },
    { id = "BK_TINH", title = "Bằng khen của Chủ tịch UBND tỉnh", from_rank = 2, places = 2, fill = fill,
      condition = ranking.cond.consecutive_grade { level = "HTXSNV", years = 2 } },
  }
end

config.ranking = {
  core_group = "NV",
  ties = "break",
  keys = { "-total", "-core", "name:vi" },
  awards = awards(false),
  blocks = { E3F = { awards = awards(true) } },
}

step("Xếp hạng thi đua theo khối", function(ctx) ranking.run(ctx) end)

-- Ranking A … I; B before C at 955 on the core group (560 > 548).
expect { kind = "score", subject = "B", value = 955 }
expect { kind = "score", subject = "C", value = 955 }
expect { kind = "rank", subject = "A", value = 1 }
expect { kind = "rank", subject = "B", value = 2 }
expect { kind = "rank", subject = "C", value = 3 }
expect { kind = "rank", subject = "D", value = 4 }
expect { kind = "rank", subject = "I", value = 9 }
expect { table = "ranking_e3", row = { rank = 2 }, values = { unit = "Đơn vị B", total = 955 } }
expect { table = "ranking_e3", row = { rank = 3 }, values = { unit = "Đơn vị C", total = 955,
         award = "Bằng khen của Chủ tịch UBND tỉnh" } }

-- Without filling: Cờ → A; BK → C only (B lacks HTXSNV 2023).
expect { kind = "award", subject = "A", value = "CO_TINH" }
expect { kind = "award_rejected", subject = "B", value = "BK_TINH" }
expect { kind = "award", subject = "C", value = "BK_TINH" }
expect { kind = "award", subject = "D", count = 0 }

-- Filling from lower ranks: BK → FC and FD.
expect { kind = "award", subject = "FA", value = "CO_TINH" }
expect { kind = "award_rejected", subject = "FB", value = "BK_TINH" }
expect { kind = "award", subject = "FC", value = "BK_TINH" }
expect { kind = "award", subject = "FD", value = "BK_TINH" }
expect { kind = "award", subject = "FE", count = 0 }
expect { kind = "award", value = "BK_TINH", count = 3 }
