#!/usr/bin/python3
"""check_xlsx_print.py — will report.xlsx print as an office prints it?

Usage: tests/e2e/check_xlsx_print.py OUTDIR/report.xlsx OUTDIR/report.json

Reads the workbook back with openpyxl and checks, sheet by sheet, what
docs/output-formats.md promises: A4, landscape when the columns are wider
than a portrait page, fitted to one page wide, the title and column titles
repeated on every page, a header and a footer with the page number and count,
text columns at most 40 characters wide and wrapped, Times New Roman, and
sheet names that are unique, at most 31 characters and made of whole words
of the table's title (or the usual abbreviations). Prints every problem and
exits 1 if there is any.
"""
import json
import re
import sys

import openpyxl

ABBREVIATIONS = {"CSTĐCS", "CSTĐ", "LĐTT", "UBND", "TTg", "CT", "TCĐ"}
PORTRAIT_WIDTH = 95


def problems(xlsx_path, json_path):
    with open(json_path, encoding="utf-8") as f:
        tables = json.load(f)["tables"]
    wb = openpyxl.load_workbook(xlsx_path)
    names = [ws.title.casefold() for ws in wb.worksheets]
    if len(set(names)) != len(names):
        yield f"sheet names are not unique: {[ws.title for ws in wb.worksheets]}"
    for ws, table in zip(wb.worksheets, tables):
        where = f"sheet {ws.title!r}"
        if len(ws.title) > 31:
            yield f"{where}: longer than 31 characters"
        title_words = set(re.sub(r"[(),—–-]", " ", table["title"]).split())
        for word in ws.title.split():
            if word not in title_words and word not in ABBREVIATIONS and not re.fullmatch(r"\(\d+\)", word):
                yield f"{where}: {word!r} is not a whole word of the title {table['title']!r}"
        ps = ws.page_setup
        if str(ps.paperSize) != "9":
            yield f"{where}: paper {ps.paperSize!r}, want A4 (9)"
        widths = []
        for j, col in enumerate(table["columns"], start=1):
            letter = openpyxl.utils.get_column_letter(j)
            w = ws.column_dimensions[letter].width - 0.7109375   # the padding libxlsxwriter adds
            widths.append(w)
            if col["type"] == "text" and w > 40.01:
                yield f"{where}: text column {col['title']!r} is {w} wide, want at most 40 (it wraps)"
        want = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
        if ps.orientation != want:
            yield f"{where}: {ps.orientation} with columns {sum(widths):.0f} wide, want {want}"
        if not ws.sheet_properties.pageSetUpPr.fitToPage or ps.fitToWidth not in (1, None) or ps.fitToHeight != 0:
            # (fitToWidth left out of the file means 1)
            yield f"{where}: not fitted to one page wide (fitToWidth={ps.fitToWidth}, fitToHeight={ps.fitToHeight})"
        if ws.print_title_rows not in ("$1:$2", "1:2"):
            yield f"{where}: repeated rows {ws.print_title_rows!r}, want the title and column titles (1:2)"
        footer = ws.oddFooter.center.text or ""
        if "&P" not in footer or "&N" not in footer:
            yield f"{where}: the footer {footer!r} has no page number and count"
        if not (ws.oddHeader.center.text or ""):
            yield f"{where}: no header"
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 4)):
            for cell in row:
                if cell.value is not None and cell.font.name != "Times New Roman":
                    yield f"{where}: {cell.coordinate} in {cell.font.name!r}, want Times New Roman"
        for j, col in enumerate(table["columns"], start=1):
            if col["type"] == "text" and ws.max_row >= 3 and ws.cell(row=3, column=j).value is not None \
                    and not ws.cell(row=3, column=j).alignment.wrap_text:
                yield f"{where}: text column {col['title']!r} does not wrap"


def main():
    found = list(problems(sys.argv[1], sys.argv[2]))
    for p in found:
        print(p)
    if found:
        return 1
    print(f"{sys.argv[1]}: prints on A4 as promised")
    return 0


if __name__ == "__main__":
    sys.exit(main())
