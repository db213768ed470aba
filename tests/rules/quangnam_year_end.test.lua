-- Expectations for rules/quangnam.lua on data/quangnam/nam_2022: the same rule file on the
-- December figures is the year-end assessment (all figures illustrative except the 1.000 plan).
-- Run: evalrun test tests/rules/quangnam_year_end.test.lua
extends "../../rules/quangnam.lua"
ruleset { id = "quangnam_year_end_test", data = "../../data/quangnam/nam_2022" }

-- No progress rows: the targets are scored against the annual plan.
expect { kind = "progress", count = 0 }
expect { kind = "ratio", subject = "SLDTBXH:XKLD", value = 98.1 }
expect { kind = "points", subject = "SLDTBXH:XKLD", value = 39.24 }
expect { kind = "ratio", subject = "CDQN:TS_GDNN", value = 101.92 }
expect { kind = "ratio", subject = "NAMTRAMY:HN_THOAT", value = 92.62 }
expect { kind = "target_score", subject = "SLDTBXH", value = 99.24 }
expect { kind = "unit_progress", subject = "SLDTBXH", value = "chưa hoàn thành kế hoạch năm" }
expect { kind = "unit_progress", subject = "CDQN", value = "hoàn thành kế hoạch năm" }
expect { kind = "unit_progress", subject = "TCDTMN", value = "chưa hoàn thành kế hoạch năm" }

-- Printed year-end shares: 98,1% and 101,26% agree; 3.717/3.600 is 103,25%, printed 103,74%.
expect { kind = "figure_check", subject = "SLDTBXH:XKLD", value = "khớp" }
expect { kind = "figure_check", subject = "SLDTBXH:HN_THOAT", value = "lệch" }
expect { kind = "printed_check", subject = "SLDTBXH:HN_THOAT", value = "lệch" }
expect { kind = "flag", subject = "SLDTBXH:HN_THOAT", value = "printed_pct_mismatch" }
-- Districts add up to the province at the year end too (981 workers, 3.717 households).
expect { kind = "parts_check", subject = "SLDTBXH:XKLD", value = "khớp", count = 2 }
expect { kind = "parts_check", subject = "SLDTBXH:HN_THOAT", value = "khớp", count = 2 }
