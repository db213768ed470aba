-- The Quảng Bình awards part on its sample data (data/quangbinh, illustrative staff S001…).
-- Units come from data/quangbinh/units.csv with the headers the province file declares for it;
-- this file loads them itself because it tests the awards part alone.
ruleset { id = "quangbinh_awards_2023", year = 2023, years = { 2023, 2024 }, data = "../../data/quangbinh" }
extends "../../rules/quangbinh/awards.lua"

source { table = "units", file = "units.csv", delimiter = ";",
         columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại đơn vị", parent_id = "Trực thuộc",
                     block_id = "Khối thi đua", source = "Nguồn số liệu" } }

-- CSTĐCS: 46 LĐTT in the Sở → 15% × 46 = 6,9 → 6 places; 9 met the standard
expect { kind = "quota", subject = "all", value = 6 }
expect { kind = "title", value = "CSTDCS", count = 6 }
expect { kind = "title_refused", subject = "S006", value = "CSTDCS", count = 1 }   -- over the quota
expect { kind = "title_refused", subject = "S019", value = "LDTT", count = 1 }     -- KHTNV
-- HCLĐ hạng Ba for S018 takes 2018–2023; its PM's Bằng khen on the same years is not proposed
expect { kind = "award", subject = "S018", value = "HCLD3", count = 1 }
expect { kind = "award_refused", subject = "S018", value = "BK_TTG", count = 1 }
expect { kind = "award", subject = "S017", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "S004", value = "HCLD3", count = 1 }    -- 2020–2023: 4 years
expect { kind = "award", subject = "S008", value = "BK_TINH", count = 1 }          -- CSTĐCS 2022–2023
expect { kind = "award", subject = "S011", value = "BK_TINH", count = 1 }          -- undated decision 2021
expect { kind = "title_refused", subject = "S009", value = "CSTDT", count = 1 }    -- 2 of 3 years
expect { kind = "title", subject = "TT_DVVL", value = "TTLDXS", count = 1 }
expect { kind = "title_refused", subject = "TT_CTXH", value = "TTLDTT", count = 1 }    -- exactly 50%
expect { kind = "title", subject = "TT_DDLP", value = "TTLDTT", count = 1 }           -- 65%
expect { table = "awards_cstdcs_quota_2023", row = { base = 46 }, values = { allowed = 6, candidates = 9, granted = 6 } }
