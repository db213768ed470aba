#!/usr/bin/python3
"""check_xlsx.py — does report.xlsx hold the same tables as report.json?

Usage: tests/e2e/check_xlsx.py OUTDIR/report.xlsx OUTDIR/report.json

Reads the workbook with openpyxl (Debian's python3-openpyxl, hence
/usr/bin/python3) and compares it with the JSON report, table by table, in
the sheet layout docs/output-formats.md describes: row 1 the title, row 2 the
column titles, the rows from row 3, a blank row, then the notes. Numbers must
be stored as numbers (a percent as a fraction, 110.05 -> 1.1005) with a
number format; text must be text, never a formula. Prints every difference
and exits 1 if there is any, 0 if the two agree.
"""
import json
import math
import sys

import openpyxl


def differences(xlsx_path, json_path):
    with open(json_path, encoding="utf-8") as f:
        report = json.load(f)
    wb = openpyxl.load_workbook(xlsx_path)
    sheets = wb.worksheets
    tables = report["tables"]
    if len(sheets) != len(tables):
        yield f"{len(sheets)} sheets in the workbook, {len(tables)} tables in report.json"
    for ws, table in zip(sheets, tables):
        yield from compare_table(ws, table)


def compare_table(ws, table):
    where = f"sheet {ws.title!r} (table {table['id']})"
    max_row = ws.max_row   # before ws.cell() below creates empty cells
    if len(ws.title) > 31 or any(c in ws.title for c in "[]:*?/\\"):
        yield f"{where}: the sheet name is not one Excel accepts"
    if ws["A1"].value != table["title"]:
        yield f"{where}: A1 is {ws['A1'].value!r}, the title is {table['title']!r}"
    cols = table["columns"]
    for j, col in enumerate(cols, start=1):
        got = ws.cell(row=2, column=j).value
        if got != col["title"]:
            yield f"{where}: column title {j} is {got!r}, want {col['title']!r}"
        if not ws.cell(row=2, column=j).font.b:
            yield f"{where}: column title {j} is not bold"
    if ws.freeze_panes != "A3":
        yield f"{where}: frozen at {ws.freeze_panes!r}, want the title rows (A3)"
    rows = table["rows"]
    for i, row in enumerate(rows, start=3):
        for j, col in enumerate(cols, start=1):
            yield from compare_cell(where, ws.cell(row=i, column=j), col, row[col["key"]])
    # a blank row, then the notes; nothing after them
    end = 3 + len(rows)
    if any(ws.cell(row=end, column=j).value is not None for j in range(1, len(cols) + 1)):
        yield f"{where}: row {end} should be blank (the table has {len(rows)} rows)"
    for k, note in enumerate(table["notes"]):
        got = ws.cell(row=end + 1 + k, column=1).value
        if got != note:
            yield f"{where}: note {k + 1} is {got!r}, want {note!r}"
    last = end + len(table["notes"]) if table["notes"] else end - 1
    if max_row > max(last, 2):
        yield f"{where}: {max_row - last} unexpected row(s) after row {last}"


def compare_cell(where, cell, col, want):
    at = f"{where} {cell.coordinate} ({col['key']})"
    got = cell.value
    if want is None or want == "":
        if got not in (None, ""):
            yield f"{at}: {got!r}, want an empty cell"
        return
    if isinstance(want, str):
        if cell.data_type != "s" or got != want:
            yield f"{at}: {got!r} (type {cell.data_type}), want the text {want!r}"
        return
    if cell.data_type != "n" or isinstance(got, bool) or not isinstance(got, (int, float)):
        yield f"{at}: {got!r} (type {cell.data_type}), want the number {want!r}"
        return
    fmt = cell.number_format
    if col["type"] == "percent":
        value = got * 100
        if not fmt.endswith("%"):
            yield f"{at}: number format {fmt!r} is not a percent"
    else:
        value = got
        if "0" not in fmt:
            yield f"{at}: number format {fmt!r} does not show digits"
    if not math.isclose(value, want, rel_tol=1e-12, abs_tol=1e-12):
        yield f"{at}: {value!r}, want {want!r}"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: check_xlsx.py REPORT.xlsx REPORT.json\n")
        return 2
    found = list(differences(argv[1], argv[2]))
    for d in found:
        print(d)
    if found:
        print(f"{argv[1]}: {len(found)} difference(s) from {argv[2]}")
        return 1
    print(f"{argv[1]}: same tables and values as {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
