-- bench/grade_query.lua — bench/grade.lua with the members read by db.query instead of db.rows:
-- only the three columns the job needs, ordered by byte value (a chi bộ code needs no
-- Vietnamese alphabetical order, only its members together). Shows what a rule author gains
-- by asking for less; the grading itself is grade.lua's, unchanged.
extends "grade.lua"

replace_step("Xếp loại đảng viên theo chi bộ", function(ctx)
  grade_members(db.query("SELECT id, cell_id, score, _src, _line FROM people "
                         .. "ORDER BY cell_id COLLATE BINARY, id COLLATE BINARY"))
end)
