-- Dates as offices type them (docs/data-formats.md, "date"): 20/06/2009, 1/7/2025 and 2009-06-20
-- in one column, stored as 2009-06-20, so QĐ 366's "admitted less than 6 months before the review"
-- works on them; and a source that allows only dd/mm/yyyy.
ruleset { id = "source_dates", title = "Tỉnh Mẫu — ngày tháng", year = 2025, years = { 2025, 2025 },
          data = "../data/tinh_mau" }
extends "../../rules/base/grading.lua"

source { table = "units", file = "don_vi.csv", delimiter = ";",
  columns = { id = "Mã đơn vị", name = "Tên đơn vị", parent_id = "Trực thuộc",
              kind = { "Loại", map = { ["Sở"] = "so", ["Đảng bộ"] = "dang_bo", ["Chi bộ"] = "chi_bo", ["Phòng"] = "phong" } } } }
source { file = "dang_vien.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "people", columns = { id = "Mã ĐV", name = "Họ và tên", cell_id = "Chi bộ" } },
    { table = "gradings", columns = { subject_id = "Mã ĐV", unit_id = "Chi bộ", subject_kind = { value = "person" },
        year = { year = true }, admitted = "Ngày vào Đảng", proposed = { value = "HTTNV" } } } } }

-- A register that writes every date as dd/mm/yyyy: the source says so.
define_table { name = "decisions", columns = { { "no", "text", required = true }, { "signed", "date", required = true } },
               key = { "no" } }
source { table = "decisions", delimiter = ";", dates = "dd/mm/yyyy",
         csv = "Số;Ngày ký\n12/QĐ-SNV;05/01/2025\n30/QĐ-SNV;29/02/2024\n",
         columns = { no = "Số", signed = "Ngày ký" } }

step("Ngày ký", function()
  for d in db.rows("decisions") do emit { kind = "signed", subject = d.no, value = d.signed } end
  for g in db.rows("gradings") do emit { kind = "admitted", subject = g.subject_id, value = g.admitted } end
end)

expect { kind = "admitted", subject = "DV01", value = "2009-06-20" }   -- 20/06/2009
expect { kind = "admitted", subject = "DV02", value = "2015-07-01" }   -- 1/7/2015
expect { kind = "admitted", subject = "DV03", value = "2009-06-20" }   -- 2009-06-20
expect { kind = "admitted", subject = "DV05", value = "2025-09-02" }   -- 02/09/2025
expect { kind = "signed", subject = "30/QĐ-SNV", value = "2024-02-29" }
-- 02/09/2025 is less than 6 months before 31/12/2025: not graded (QĐ 366 Art. 5.2)
expect { kind = "exclusion", subject = "DV05", value = "recent" }
expect { kind = "grade", subject = "DV01", value = "HTTNV" }
