-- Sources that take the office's own files (docs/rules.md, "source"): words mapped to the
-- library's codes, constant columns (no year, no subject_kind in the file), one status column
-- feeding two booleans, the line number as the adjustments' line, a computed column, and one
-- file (dang_vien.csv) filling two tables. The data in tests/data/tinh_mau is shaped as an Excel
-- export: Vietnamese words, dd/mm/yyyy dates, no year column.
ruleset { id = "source_words", title = "Tỉnh Mẫu — nguồn số liệu", year = 2025, years = { 2025, 2025 },
          data = "../data/tinh_mau" }
require "scoring"
require "grading"

local KIND = { ["Sở"] = "so", ["Đảng bộ"] = "dang_bo", ["Chi bộ"] = "chi_bo", ["Phòng"] = "phong" }
source { table = "units", file = "don_vi.csv", delimiter = ";",
  columns = { id = "Mã đơn vị", name = "Tên đơn vị", parent_id = "Trực thuộc",
              kind = { "Loại", map = KIND },
              -- "Khối 1" → K1: more than a map can say, so a function of the cell
              block_id = { "Khối thi đua", compute = function(cell) return cell:match("%d+") and "K" .. cell:match("%d+") end } } }

source { table = "indicators", file = "chi_tieu.csv", delimiter = ";",
  columns = { id = "Mã chỉ tiêu", name = "Tên chỉ tiêu", measure = "Đơn vị tính", sort = "Thứ tự",
              direction = { "Chiều đánh giá", map = { ["tăng"] = "higher", ["giảm"] = "lower", ["giảm điểm %"] = "reduce" } } } }

source { table = "targets", file = "ket_qua.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", indicator_id = "Mã chỉ tiêu", plan = "Kế hoạch", actual = "Thực hiện",
              reported_pct = "Tỷ lệ (%)", year = { year = true } } }

source { table = "adjustments", file = "diem_cong_tru.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", reason = "Nội dung", points = "Điểm",
              year = { year = true }, line = { line = true } } }

-- One file, two tables: the member list and the grading sheet.
local STATUS = "Tình trạng"
source { file = "dang_vien.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "people", columns = { id = "Mã ĐV", name = "Họ và tên", cell_id = "Chi bộ" } },
    { table = "gradings", columns = {
        subject_id = "Mã ĐV", unit_id = "Chi bộ", subject_kind = { value = "person" }, year = { year = true },
        admitted = "Ngày vào Đảng", score = "Tổng điểm",
        excused = { STATUS, map = { ["miễn sinh hoạt"] = true, ["đình chỉ"] = false, [""] = false } },
        suspended = { STATUS, map = { ["miễn sinh hoạt"] = false, ["đình chỉ"] = true, [""] = false } },
        discipline = { "Hình thức kỷ luật", map = { [""] = "none", ["khiển trách"] = "khien_trach",
                       ["cảnh cáo"] = "canh_cao", ["cách chức"] = "cach_chuc", ["khai trừ"] = "khai_tru" } },
        discipline_duty_related = "Kỷ luật liên quan công vụ",
        tasks_exceeded_pct = "Tỷ lệ nhiệm vụ vượt (%)", tasks_late_pct = "Tỷ lệ trễ hạn (%)",
        tasks_unfinished_pct = "Tỷ lệ chưa hoàn thành (%)" } } } }

-- What was loaded, as a table the expectations read.
step("Số liệu đã nạp", function(ctx)
  local t = report.table { id = "loaded", title = "Số liệu đã nạp",
    columns = { { key = "id", title = "Mã", type = "text" }, { key = "a", title = "A", type = "text" },
                { key = "b", title = "B", type = "text" }, { key = "c", title = "C", type = "text" } } }
  local function s(v) return v == nil and "" or tostring(v) end
  for u in db.rows("units") do t:add { id = "unit:" .. u.id, a = u.kind, b = s(u.block_id), c = s(u.parent_id) } end
  for i in db.rows("indicators") do t:add { id = "ind:" .. i.id, a = i.direction, b = s(i.sort) } end
  for a in db.rows("adjustments") do t:add { id = "adj:" .. a.unit_id .. ":" .. a.line, a = s(a.year), b = s(a.points) } end
  for g in db.rows("gradings") do
    t:add { id = "dv:" .. g.subject_id, a = g.admitted, b = s(g.excused) .. "/" .. s(g.suspended), c = g.discipline }
  end
  emit { kind = "count", subject = "people", value = db.count("people") }
  emit { kind = "count", subject = "targets", value = db.count("targets", { year = ctx.year }) }
end)

expect { table = "loaded", row = { id = "unit:DB" }, values = { a = "dang_bo", b = "" } }
expect { table = "loaded", row = { id = "unit:VP" }, values = { a = "phong", b = "K1", c = "SO" } }
expect { table = "loaded", row = { id = "ind:TL" }, values = { a = "reduce", b = "3" } }
expect { table = "loaded", row = { id = "ind:TRE" }, values = { a = "lower" } }
-- the adjustments' line is the line in the file (the header is line 1)
expect { table = "loaded", row = { id = "adj:VP:3" }, values = { a = "2025", b = "-5.0" } }
expect { table = "loaded", row = { id = "adj:TTR:4" }, values = { b = "-2.0" } }
-- dates as typed (20/06/2009, 1/7/2015, 2009-06-20) stored as ISO
expect { table = "loaded", row = { id = "dv:DV01" }, values = { a = "2009-06-20", b = "false/false", c = "none" } }
expect { table = "loaded", row = { id = "dv:DV02" }, values = { a = "2015-07-01", b = "true/false" } }
expect { table = "loaded", row = { id = "dv:DV03" }, values = { a = "2009-06-20", c = "khien_trach" } }
expect { table = "loaded", row = { id = "dv:DV06" }, values = { b = "false/true" } }
expect { table = "loaded", row = { id = "dv:DV07" }, values = { c = "canh_cao" } }
expect { kind = "count", subject = "people", value = 8 }
expect { kind = "count", subject = "targets", value = 7 }
