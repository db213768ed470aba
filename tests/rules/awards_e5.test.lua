-- E5: the Prime Minister's Bằng khen. Titles are taken from the data for every year
-- (current_year_titles = "data") so the small unit's CSTĐCS quota does not interfere.
-- P1: BK tỉnh for 2019, HTTNV+ 2020–2024, CSTĐCS 2021, 2023, 2024 → eligible (2020–2024).
-- P2 (variant 1): CSTĐCS only 2021 and 2023 → not eligible.
-- P3 (variant 2): BK tỉnh for 2021 → window 2022–2024, 3 years → not eligible.
ruleset { id = "awards_e5", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
config.awards.current_year_titles = "data"

source { table = "units", csv = "id;name\nU1;Văn phòng\n", delimiter = ";" }
source { table = "people", delimiter = ";", csv = "id;name;unit_id\nP1;Người 1;U1\nP2;Người 2;U1\nP3;Người 3;U1\n" }
source { table = "history", delimiter = ";", csv = [[
subject_id;year;grade;titles
P1;2019;HTXSNV;LĐTT, CSTĐCS
P1;2020;HTTNV;LĐTT
P1;2021;HTXSNV;LĐTT, CSTĐCS
P1;2022;HTTNV;LĐTT
P1;2023;HTXSNV;LĐTT, CSTĐCS
P1;2024;HTXSNV;LĐTT, CSTĐCS
P2;2019;HTXSNV;LĐTT, CSTĐCS
P2;2020;HTTNV;LĐTT
P2;2021;HTXSNV;LĐTT, CSTĐCS
P2;2022;HTTNV;LĐTT
P2;2023;HTXSNV;LĐTT, CSTĐCS
P2;2024;HTTNV;LĐTT
P3;2019;HTXSNV;LĐTT, CSTĐCS
P3;2020;HTTNV;LĐTT
P3;2021;HTXSNV;LĐTT, CSTĐCS
P3;2022;HTTNV;LĐTT
P3;2023;HTXSNV;LĐTT, CSTĐCS
P3;2024;HTXSNV;LĐTT, CSTĐCS
]] }
source { table = "awards", delimiter = ";", csv = [[
subject_id;kind;period_from;period_to;decision;decision_date
P1;BK_TINH;2019;2019;812/QĐ-UBND;2020-04-15
P2;BK_TINH;2019;2019;812/QĐ-UBND;2020-04-15
P3;BK_TINH;2021;2021;1023/QĐ-UBND;2022-05-20
]] }
expect { kind = "award", subject = "P1", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "P2", value = "BK_TTG", count = 1 }
expect { kind = "award_refused", subject = "P3", value = "BK_TTG", count = 1 }
-- P1 also meets BK tỉnh (CSTĐCS 2023–2024), but those years went to the PM's Bằng khen
expect { kind = "award_refused", subject = "P1", value = "BK_TINH", count = 1 }
-- P3: BK tỉnh counts from 2022, CSTĐCS 2023–2024 → a new BK tỉnh is due
expect { kind = "award", subject = "P3", value = "BK_TINH", count = 1 }
expect { table = "awards_bk_ttg_2024", row = { id = "P1" }, values = { period = "2020–2024", result = "Đạt" } }
