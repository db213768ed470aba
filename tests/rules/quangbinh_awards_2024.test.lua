-- The Quảng Bình awards part on its sample data (data/quangbinh, illustrative staff S001…).
-- Units come from data/quangbinh/units.csv with the headers the province file declares for it;
-- this file loads them itself because it tests the awards part alone.
ruleset { id = "quangbinh_awards_2024", year = 2024, years = { 2023, 2024 }, data = "../../data/quangbinh" }
extends "../../rules/quangbinh/awards.lua"

source { table = "units", file = "units.csv", delimiter = ";",
         columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại đơn vị", parent_id = "Trực thuộc",
                     block_id = "Khối thi đua", source = "Nguồn số liệu" } }

-- CSTĐCS: 45 LĐTT (S012 HTNV, S013 not active, S014 disciplined) → 6 places; S010, S007, S020 over
expect { kind = "quota", subject = "all", value = 6 }
expect { kind = "title", value = "CSTDCS", count = 6 }
expect { kind = "title_refused", subject = "S010", value = "CSTDCS", count = 1 }
expect { kind = "title_refused", subject = "S012", value = "LDTT", count = 1 }
expect { kind = "title_refused", subject = "S013", value = "LDTT", count = 1 }
expect { kind = "title_refused", subject = "S014", value = "LDTT", count = 1 }
-- E5 in the sample: S001 PM's Bằng khen, S002 (2 CSTĐCS) and S003 (window from 2022) not
expect { kind = "award", subject = "S001", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "S002", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "S003", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "S001", value = "BK_TINH", count = 1 }   -- years used by BK_TTG
-- HCLĐ hạng Ba: S004 yes (and its PM's Bằng khen on the same years no); S005 never HTXSNV
expect { kind = "award", subject = "S004", value = "HCLD3", count = 1 }
expect { kind = "award_refused", subject = "S004", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "S005", value = "HCLD3", count = 1 }
-- E6 in the sample: S006 on HTXSNV 2023–2024 with 2 initiatives; S007 2023 only HTTNV
expect { kind = "award", subject = "S006", value = "BK_TINH", count = 1 }
expect { kind = "award_refused", subject = "S007", value = "BK_TINH", count = 1 }
-- S008 got a BK tỉnh for 2022–2023: the next one counts from 2024
expect { kind = "award_refused", subject = "S008", value = "BK_TINH", count = 1 }
-- E8 in the sample: S009 CSTĐ tỉnh; S010 not consecutive
expect { kind = "title", subject = "S009", value = "CSTDT", count = 1 }
expect { kind = "title_refused", subject = "S010", value = "CSTDT", count = 1 }
-- collectives: VP from its staff (6 CSTĐCS), NCC no CSTĐCS, KHTC graded HTTNV
expect { kind = "title", subject = "VP", value = "TTLDXS", count = 1 }
expect { kind = "title_refused", subject = "P_NCC", value = "TTLDXS", count = 1 }
expect { kind = "title", subject = "P_NCC", value = "TTLDTT", count = 1 }
expect { kind = "title", subject = "P_KHTC", value = "TTLDTT", count = 1 }
