-- E7: collective thresholds, 20 members all HTNV or better, 1 CSTĐCS, collective HTXSNV.
-- 15 LĐTT (75%) → TTLĐXS; 14 (exactly 70%) → TTLĐXS; 13 (65%) → TTLĐTT only;
-- 10 (exactly 50%) → neither, the rule is strictly more than 50%; 11 → TTLĐTT.
ruleset { id = "awards_e7", year = 2024, years = { 2024, 2024 } }
extends "../../rules/base/awards.lua"

source { table = "units", delimiter = ";", csv = [[
id;name
T15;Tập thể 15/20
T14;Tập thể 14/20
T13;Tập thể 13/20
T10;Tập thể 10/20
T11;Tập thể 11/20
]] }
source { table = "history", delimiter = ";", csv = [[
subject_id;year;grade;members;members_htnv;members_ldtt;members_cstdcs
T15;2024;HTXSNV;20;20;15;1
T14;2024;HTXSNV;20;20;14;1
T13;2024;HTXSNV;20;20;13;1
T10;2024;HTXSNV;20;20;10;1
T11;2024;HTXSNV;20;20;11;1
]] }
expect { kind = "title", subject = "T15", value = "TTLDXS", count = 1 }
expect { kind = "title", subject = "T14", value = "TTLDXS", count = 1 }
expect { kind = "title_refused", subject = "T13", value = "TTLDXS", count = 1 }
expect { kind = "title", subject = "T13", value = "TTLDTT", count = 1 }
expect { kind = "title_refused", subject = "T10", value = "TTLDTT", count = 1 }
expect { kind = "title", subject = "T11", value = "TTLDTT", count = 1 }
expect { table = "awards_collective_2024", row = { id = "T13" }, values = { title = "Tập thể lao động tiên tiến" } }
