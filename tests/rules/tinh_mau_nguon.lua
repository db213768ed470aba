-- The sources of Tỉnh Mẫu's files (tests/data/tinh_mau), as the Văn phòng Sở exports them from
-- Excel: semicolons, Vietnamese numbers and words, dd/mm/yyyy dates, no year column (each file is
-- one year's). The *.test.lua files beside it extend this and add what they test.
require "scoring"

source { table = "units", file = "don_vi.csv", delimiter = ";",
  columns = { id = "Mã đơn vị", name = "Tên đơn vị", parent_id = "Trực thuộc",
              kind = { "Loại", map = { ["Sở"] = "so", ["Đảng bộ"] = "dang_bo", ["Chi bộ"] = "chi_bo", ["Phòng"] = "phong" } },
              block_id = { "Khối thi đua", compute = function(cell) return cell:match("%d+") and "K" .. cell:match("%d+") end } } }

source { table = "indicators", file = "chi_tieu.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã chỉ tiêu", name = "Tên chỉ tiêu", measure = "Đơn vị tính", sort = "Thứ tự",
              direction = { "Chiều đánh giá", map = { ["tăng"] = "higher", ["giảm"] = "lower", ["giảm điểm %"] = "reduce" } },
              weight = "Trọng số", floor = "Ngưỡng tối thiểu (%)", cap = "Mức tối đa (%)" } }

source { table = "targets", file = "ket_qua.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", indicator_id = "Mã chỉ tiêu", plan = "Kế hoạch", actual = "Thực hiện",
              reported_text = "Tỷ lệ (%)", year = { year = true } } }

source { table = "criteria", file = "tieu_chi.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã tiêu chí", name = "Tên tiêu chí", group_id = "Mã nhóm", group_name = "Tên nhóm",
              max_points = "Điểm tối đa", sort = "Thứ tự" } }

source { table = "criterion_scores", file = "cham_diem.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", criterion_id = "Mã tiêu chí", self_points = "Điểm tự chấm",
              verified_points = "Điểm thẩm định", year = { year = true } } }

source { table = "adjustments", file = "diem_cong_tru.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", reason = "Nội dung", points = "Điểm", year = { year = true }, line = { line = true } } }
