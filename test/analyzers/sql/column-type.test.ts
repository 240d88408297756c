import { describe, expect, it } from "vitest";
import {
  type ColumnType,
  formatColumnType,
  isSafeTypeChange,
} from "../../../src/analyzers/sql/column-type.js";

const type = (name: string, ...mods: number[]): ColumnType => ({ name, mods, array: false });

describe("isSafeTypeChange (the D5 safe list)", () => {
  it.each([
    [type("varchar", 20), type("text")],
    [type("varchar"), type("text")],
    [type("varchar", 20), type("varchar", 40)],
    [type("varchar", 20), type("varchar")],
    [type("numeric", 10, 2), type("numeric", 12, 2)],
    [type("cidr"), type("inet")],
  ])("accepts %o → %o", (from, to) => {
    expect(isSafeTypeChange(from, to)).toBe(true);
  });

  it.each([
    [type("varchar", 40), type("varchar", 20)],
    [type("varchar"), type("varchar", 20)],
    [type("text"), type("varchar", 200)],
    [type("numeric", 10, 2), type("numeric", 12, 3)],
    [type("numeric", 10, 2), type("numeric", 8, 2)],
    [type("int4"), type("int8")],
    [type("inet"), type("cidr")],
    [
      { ...type("varchar", 20), array: true },
      { ...type("text"), array: true },
    ],
  ])("rejects %o → %o", (from, to) => {
    expect(isSafeTypeChange(from, to)).toBe(false);
  });
});

describe("formatColumnType", () => {
  it("writes types the way a reader would", () => {
    expect(formatColumnType(type("int4"))).toBe("integer");
    expect(formatColumnType(type("numeric", 10, 2))).toBe("numeric(10,2)");
    expect(formatColumnType({ ...type("varchar", 20), array: true })).toBe("varchar(20)[]");
  });
});
