-- bench/grade_query.lua — bench/grade.lua with the members read by db.query instead of
-- db.each: the same three columns through SQL, for comparing the two ways in. The grading
-- itself is grade.lua's, unchanged.
extends "grade.lua"

replace_step("Xếp loại đảng viên theo chi bộ", function(ctx)
  local rows = db.query("SELECT id, cell_id, score FROM people")
  grade_members(function()
    local p = rows()
    if p then return p.id, p.cell_id, p.score end
  end)
end)
