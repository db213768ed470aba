-- E8: CSTĐ cấp tỉnh. P1: CSTĐCS 2022, 2023, 2024 and a provincial initiative → eligible.
-- P2: CSTĐCS 2021, 2023, 2024 (not consecutive) → not eligible.
ruleset { id = "awards_e8", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
config.awards.current_year_titles = "data"

source { table = "units", csv = "id;name\nU1;Văn phòng\n", delimiter = ";" }
source { table = "people", delimiter = ";", csv = "id;name;unit_id\nP1;Người 1;U1\nP2;Người 2;U1\n" }
source { table = "history", delimiter = ";", csv = [[
subject_id;year;grade;titles
P1;2021;HTTNV;LĐTT
P1;2022;HTXSNV;LĐTT, CSTĐCS
P1;2023;HTXSNV;LĐTT, CSTĐCS
P1;2024;HTXSNV;LĐTT, CSTĐCS
P2;2021;HTXSNV;LĐTT, CSTĐCS
P2;2022;HTTNV;LĐTT
P2;2023;HTXSNV;LĐTT, CSTĐCS
P2;2024;HTXSNV;LĐTT, CSTĐCS
]] }
source { table = "initiatives", delimiter = ";", csv = [[
person_id;year;level;title
P1;2023;tỉnh;Sáng kiến cấp tỉnh 1
P2;2023;tỉnh;Sáng kiến cấp tỉnh 2
]] }
expect { kind = "title", subject = "P1", value = "CSTDT", count = 1 }
expect { kind = "title_refused", subject = "P2", value = "CSTDT", count = 1 }
