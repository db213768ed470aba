-- E2 with min_one and ceil: a unit of 3 LĐTT gets 1 place with min_one; 7 LĐTT gets 2 with ceil.
ruleset { id = "awards_e1_min_one", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
config.awards.cstdcs = { min_one = true, rounding = "ceil" }

source { table = "units", csv = "id;name\nU7;Phòng 7 người\nU3;Tổ 3 người\n", delimiter = ";" }
source { table = "people", delimiter = ";", csv = [[
id;name;unit_id
Q1;Người Q1;U7
Q2;Người Q2;U7
Q3;Người Q3;U7
Q4;Người Q4;U7
Q5;Người Q5;U7
Q6;Người Q6;U7
Q7;Người Q7;U7
R1;Người R1;U3
R2;Người R2;U3
R3;Người R3;U3
]] }
source { table = "history", delimiter = ";", csv = [[
subject_id;year;grade;score
Q1;2024;HTXSNV;99
Q2;2024;HTXSNV;98
Q3;2024;HTXSNV;97
Q4;2024;HTTNV;96
Q5;2024;HTTNV;95
Q6;2024;HTTNV;94
Q7;2024;HTTNV;93
R1;2024;HTXSNV;99
R2;2024;HTXSNV;98
R3;2024;HTXSNV;97
]] }
expect { kind = "quota", subject = "U7", value = 2 }     -- ceil(1,05)
expect { kind = "quota", subject = "U3", value = 1 }     -- 0,45 → 1 (ceil; min_one gives the same)
expect { kind = "title", value = "CSTDCS", count = 3 }
expect { kind = "title", subject = "R1", value = "CSTDCS", count = 1 }
expect { kind = "title_refused", subject = "R2", value = "CSTDCS", count = 1 }
