-- E6: Bằng khen of the provincial chairman on 2 consecutive HTXSNV years with 2 initiatives.
-- P1: 2023 HTXSNV + initiative (no CSTĐCS), 2024 HTXSNV + initiative + CSTĐCS → eligible.
-- P2 (variant): 2023 only HTTNV → not eligible under clause (d).
ruleset { id = "awards_e6", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
config.awards.current_year_titles = "data"

source { table = "units", csv = "id;name\nU1;Văn phòng\n", delimiter = ";" }
source { table = "people", delimiter = ";", csv = "id;name;unit_id\nP1;Người 1;U1\nP2;Người 2;U1\n" }
source { table = "history", delimiter = ";", csv = [[
subject_id;year;grade;titles
P1;2023;HTXSNV;LĐTT
P1;2024;HTXSNV;LĐTT, CSTĐCS
P2;2023;HTTNV;LĐTT
P2;2024;HTXSNV;LĐTT, CSTĐCS
]] }
source { table = "initiatives", delimiter = ";", csv = [[
person_id;year;level;title
P1;2023;cơ sở;Sáng kiến 1
P1;2024;cơ sở;Sáng kiến 2
P2;2023;cơ sở;Sáng kiến 3
P2;2024;cơ sở;Sáng kiến 4
]] }
expect { kind = "award", subject = "P1", value = "BK_TINH", count = 1 }
expect { kind = "award_refused", subject = "P2", value = "BK_TINH", count = 1 }
