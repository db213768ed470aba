-- National party grading in the sqlite3 shell: a peer of bench/grade.lua.
--   cd OUTDIR && ln -s DATA/members.csv . && sqlite3 grade.db < grade_sqlite.sql
-- Imports members.csv, grades every member in one statement with window functions (the
-- same job as bench/peers/grade_plain.py), writes member_levels.csv and cell_counts.csv.
.mode csv
.separator ;
.import members.csv members
.separator ,
CREATE TABLE graded AS
WITH scored AS (
  SELECT id, cell_id, CAST(replace(replace(score, '.', ''), ',', '.') AS REAL) AS score FROM members),
banded AS (
  SELECT *, CASE WHEN score >= 90 THEN 0 WHEN score >= 70 THEN 1 WHEN score >= 50 THEN 2 ELSE 3 END AS proposed
  FROM scored),
placed AS (
  SELECT *, SUM(proposed = 1) OVER (PARTITION BY cell_id) * 20 / 100 AS allowed,
         ROW_NUMBER() OVER (PARTITION BY cell_id, proposed = 0 ORDER BY score DESC, id) AS place
  FROM banded)
SELECT id, cell_id, allowed,
       CASE WHEN proposed = 0 AND place > allowed THEN 1 ELSE proposed END AS final
FROM placed;
.headers on
.once member_levels.csv
SELECT id, cell_id AS cell,
       CASE final WHEN 0 THEN 'HTXSNV' WHEN 1 THEN 'HTTNV' WHEN 2 THEN 'HTNV' ELSE 'KHTNV' END AS level
FROM graded;
.once cell_counts.csv
SELECT cell_id AS cell, count(*) AS graded, max(allowed) AS allowed, sum(final = 0) AS htxsnv,
       sum(final = 1) AS httnv, sum(final = 2) AS htnv, sum(final = 3) AS khtnv
FROM graded GROUP BY cell_id;
