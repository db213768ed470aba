---@meta
-- scripts/meta/evalrun.lua — what evalrun gives a rule file, for editors (Lua Language Server,
-- LuaLS: https://luals.github.io). evalrun never runs this file: the names are made by the
-- engine (core/lua_decl.c, lua_db.c, lua_results.c, lua_text.c, sandbox.c). The library
-- modules (require "scoring", "ranking", "grading", "awards", ...) are read by the editor from
-- scripts/ itself through .luarc.json. Reference: docs/rules.md; in Vietnamese: docs/vi/.

-- {{{ declaring: ruleset, source, define_table, step, expect, extends

---@class evalrun.SignatureSigner
---@field title string        chức danh: "Người lập biểu", "Thủ trưởng đơn vị"
---@field hint? string        dòng nghiêng dưới chức danh; mặc định "(Ký, ghi rõ họ tên)"
---@field name? string        họ tên; để trống thì ký tay

---@class evalrun.Signature
---@field place? string       "Quảng Bình" → "Quảng Bình, ngày ..... tháng ..... năm ........"
---@field date? string        "ngày 15 tháng 01 năm 2024"; mặc định để trống ngày
---@field signers evalrun.SignatureSigner[]

---@class evalrun.Ruleset
---@field id string                 [a-z0-9_]+; thư mục kết quả out/<id>/
---@field title? string             tên đơn vị in ở đầu báo cáo
---@field year? integer             năm đánh giá khi không có --year
---@field years? integer[]          { năm đầu, năm cuối } bộ quy tắc còn hiệu lực
---@field data? string              thư mục số liệu, tính từ thư mục tệp quy tắc (mặc định ../data/<id>)
---@field csv? "excel-vi"|"rfc4180" kiểu tệp CSV (docs/output-formats.md)
---@field signature? evalrun.Signature khối chữ ký cuối report.html

--- Declares the rule set (once; a province file overrides a base's fields).
---@param def evalrun.Ruleset
function ruleset(def) end

---@class evalrun.ColumnFill
---@field [1] string                the header in the file
---@field map? table<string, any>   the office's words → the library's codes
---@field value? any                a constant for every row
---@field compute? fun(row: table): any

---@class evalrun.Source
---@field table? string             the table it fills
---@field file? string              path relative to the data folder
---@field csv? string               the CSV text itself instead of a file
---@field delimiter? ","|";"|"\t"|"auto"
---@field numbers? "plain"|"vi"     "vi": 20.360 and 110,05
---@field columns? table<string, string|evalrun.ColumnFill>  column → header in the file
---@field dates? string|string[]    accepted date formats, e.g. "dd/mm/yyyy"
---@field tables? table<string, table>  one file filling several tables

--- Declares a CSV file that fills a table (docs/data-formats.md).
---@param def evalrun.Source
function source(def) end

---@class evalrun.ColumnDef
---@field [1] string                column name [a-z_][a-z0-9_]*
---@field [2] "text"|"integer"|"number"|"bool"|"date"
---@field required? boolean
---@field ref? string               "units.id": must name a row of that table

---@class evalrun.TableDef
---@field name string
---@field columns evalrun.ColumnDef[]
---@field key? string[]
---@field indexes? (string|string[])[]

--- Defines a table of the province's own (or adds columns to a canonical one).
---@param def evalrun.TableDef
function define_table(def) end

---@class evalrun.Context
---@field year integer              the assessment year
---@field ruleset evalrun.Ruleset
---@field config evalrun.Config
---@field data_dir string

--- Adds a step; steps run in the order declared.
---@param title string
---@param fn fun(ctx: evalrun.Context)
function step(title, fn) end

--- Replaces a step a base declared, keeping its place in the order.
---@param title string
---@param fn fun(ctx: evalrun.Context)
function replace_step(title, fn) end

---@class evalrun.Expectation
---@field kind? string
---@field subject? string
---@field value? any
---@field count? integer
---@field table? string
---@field row? table
---@field values? table

--- An expectation checked by `evalrun test` (docs/rules.md).
---@param def evalrun.Expectation
function expect(def) end

--- Runs another rule file here, in the same environment: extends "base/grading_qd124.lua".
---@param path string
function extends(path) end

-- }}}
-- {{{ facts: db

---@class evalrun.Row: table   a read-only fact; row._src, row._line say where it came from
---@field _src integer
---@field _line integer

---@class evalrun.db
db = {}

---@param table string
---@param where? table<string, any>
---@param order? string|string[]     "-score" for descending
---@return fun(): evalrun.Row?
function db.rows(table, where, order) end

---@param table string
---@param columns string[]
---@param where? table<string, any>
---@param order? string|string[]
---@return fun(): ...
function db.each(table, columns, where, order) end

---@param table string
---@param where? table<string, any>
---@param order? string|string[]
---@return evalrun.Row[]
function db.all(table, where, order) end

---@param table string
---@param ... any                    the key's values, in order
---@return evalrun.Row?
function db.get(table, ...) end

---@param table string
---@param where? table<string, any>
---@return integer
function db.count(table, where) end

--- A read-only SQL statement with ? parameters (ORDER BY name COLLATE vi for Vietnamese order).
---@param sql string
---@param ... any
---@return fun(): table?
function db.query(sql, ...) end

---@param sql string
---@param ... any
---@return fun(): ...
function db.query_values(sql, ...) end

--- "data/x/targets.csv:12": where a row came from.
---@param table string
---@param row evalrun.Row
---@return string
function db.place(table, row) end

---@return string[]
function db.tables() end

-- }}}
-- {{{ results and tables: emit, report

---@class evalrun.Result
---@field kind string                score, ratio, grade, title, rank, flag, breach, quota ...
---@field subject string
---@field subject_kind? string       person, unit, pool, target ...
---@field year? integer
---@field value any
---@field inputs? table              the facts read
---@field values? table              the intermediate values
---@field steps? string[]            the reasoning, in words an office reads

--- Records one result with its explanation (docs/rules.md, "Results").
---@param result evalrun.Result
function emit(result) end

---@class evalrun.ReportColumn
---@field key string                 column name in the table, key in report.json
---@field title string               header people read
---@field type? "text"|"integer"|"number"|"percent"
---@field decimals? integer

---@class evalrun.ReportTableDef
---@field id string                  [a-z0-9_]+, also the CSV file name
---@field title string
---@field group? string              HTML section
---@field columns evalrun.ReportColumn[]
---@field notes? string[]
---@field chart? { label: string, value: string }
---@field formats? string[]          md, csv, json, xlsx, html
---@field rows? table[]

---@class evalrun.ReportTable
local ReportTable = {}
--- Adds a row: a table keyed by column, or the values in column order.
---@param ... any
function ReportTable:add(...) end
--- Adds one row per row of a read-only SQL statement.
---@param sql string
---@param ... any
function ReportTable:add_query(sql, ...) end

---@class evalrun.report
report = {}
---@param def evalrun.ReportTableDef
---@return evalrun.ReportTable
function report.table(def) end

-- }}}
-- {{{ Vietnamese text

---@class evalrun.text
text = {}
--- -1, 0 or 1 in Vietnamese alphabetical order.
---@param a string
---@param b string
---@return integer
function text.compare(a, b) end
---@param s string
---@return string
function text.sort_key(s) end
---@param s string
---@return string
function text.nfc(s) end
--- 20360 → "20.360"; 110.05, 2 → "110,05"; without decimals, as many as needed up to `upto` (6).
---@param x number
---@param decimals? integer
---@param upto? integer
---@return string
function text.number(x, decimals, upto) end

-- }}}
-- {{{ exact percentages

---@class evalrun.decimal
decimal = {}
--- num/den × 100 at `decimals` places as a whole number of 10^-decimals: 0.95, 0.8, 2 → 11875.
---@param num number
---@param den number
---@param decimals integer   0 to 12
---@param mode? "round"|"truncate"   half away from zero (default), or digits cut off
---@return integer
function decimal.percent(num, den, decimals, mode) end

-- }}}
-- {{{ config: the rule set's settings (docs/scoring.md, grading.md, awards.md)

---@class evalrun.ScoringConfig
---@field indicators? table<string, table>   how each indicator is scored
---@field default? table
---@field scorer? fun(row: table, ind: table, spec: table, cfg: table): number
---@field missing? string
---@field plan_zero? string
---@field rounding? string
---@field points_decimals? integer
---@field printed_check? { accept?: string[] }

---@class evalrun.RankingConfig
---@field blocks? table
---@field block_names? table<string, string>
---@field keys? table
---@field ties? table
---@field total? table
---@field bonus_caps? table
---@field rounding? string
---@field decimals? integer
---@field missing_verified? boolean
---@field printed_rank? boolean
---@field previous_year? boolean
---@field awards? table

---@class evalrun.GradingQuota
---@field pct? number               20 for 20%
---@field reading? string           B1, B2, B3, B4 (docs/grading.md)
---@field rounding? "floor"|"round"|"ceil"
---@field pool? string
---@field tie_break? table
---@field exception_pct? number
---@field min_one? boolean

---@class evalrun.GradingConfig
---@field mode? string
---@field method? string
---@field title? string
---@field thresholds? table
---@field review_date? string
---@field exclusions? table
---@field conditions? table
---@field quota? evalrun.GradingQuota
---@field collective? table
---@field level_rules? table
---@field validate? { severity?: table<string, "warning"|"error">, stop_on_error?: boolean }
---@field grassroots_kinds? string[]
---@field share_tolerance? number

---@class evalrun.AwardsConfig
---@field regimes? table
---@field ldtt? table
---@field cstdcs? table
---@field cstdt? table
---@field bk_tinh? table
---@field bk_ttg? table
---@field hcld3? table
---@field block? table
---@field block_ranking? table
---@field one_achievement? { order?: string[], seed_past?: boolean }
---@field missing_regime? string
---@field report_all? boolean

---@class evalrun.Config
---@field scoring? evalrun.ScoringConfig
---@field ranking? evalrun.RankingConfig
---@field grading? evalrun.GradingConfig
---@field grading_regimes? table<string, evalrun.GradingConfig>
---@field awards? evalrun.AwardsConfig
---@field figures? table
---@field progress? table
---@field audit? table
---@field unit_titles? table

---@type evalrun.Config
config = {}

-- }}}
