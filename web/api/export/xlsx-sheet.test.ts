import { describe, expect, test } from "bun:test";
import { readXlsx } from "./xlsx-reader.ts";
import { columnName, xlsxSheet } from "./xlsx-sheet.ts";

describe("xlsxSheet", () => {
  test("a sheet reads back cell for cell, keeping leading zeros, + and markup characters", () => {
    const rows = [
      ["Extension", "Name", "Code"],
      ["0100", '<Sales & "Support">', "+8610"],
      ["101", "前台", ""],
    ];
    const book = readXlsx(xlsxSheet("Quick codes", rows));
    expect(book.sheetName).toBe("Quick codes");
    expect(book.rows).toEqual(rows);
  });

  test("columns are lettered as spreadsheets do", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });
});
