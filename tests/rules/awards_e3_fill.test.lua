-- E3 with fill_from_lower: the place B could not take goes to the next rank that qualifies, D.
ruleset { id = "awards_e3_fill", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"
config.awards.block = { fill_from_lower = true }

source { table = "units", delimiter = ";", csv = [[
id;name;block_id
A;Đơn vị A;K00
B;Đơn vị B;K00
C;Đơn vị C;K00
D;Đơn vị D;K00
E;Đơn vị E;K00
]] }
source { table = "block_ranks", delimiter = ";", csv = [[
unit_id;year;block_id;rank;score;exceeded_targets
A;2024;K00;1;968;x
B;2024;K00;2;955;x
C;2024;K00;3;955;x
D;2024;K00;4;940;x
E;2024;K00;5;921;
]] }
source { table = "history", delimiter = ";", csv = [[
subject_id;year;grade
A;2023;HTXSNV
A;2024;HTXSNV
B;2023;HTTNV
B;2024;HTXSNV
C;2023;HTXSNV
C;2024;HTXSNV
D;2023;HTXSNV
D;2024;HTXSNV
E;2023;HTXSNV
E;2024;HTXSNV
]] }
expect { kind = "award", subject = "C", value = "BK_TINH", count = 1 }
expect { kind = "award", subject = "D", value = "BK_TINH", count = 1 }
expect { kind = "award", subject = "E", value = "BK_TINH", count = 0 }
expect { kind = "title", subject = "A", value = "CO_TINH", count = 1 }
