import { describe, expect, it } from "vitest";
import { anchorLine, spanTouches, spanTouchesExcept } from "../../../src/analyzers/infra/line-span.js";

describe("line spans", () => {
  const added = new Set([4, 9]);

  it("knows whether the PR changed a line of an element, however long the element is", () => {
    expect(spanTouches({ start: 1, end: 3 }, added)).toBe(false);
    expect(spanTouches({ start: 3, end: 4 }, added)).toBe(true);
    expect(spanTouches({ start: 1, end: 10_000 }, added)).toBe(true);
    expect(spanTouches({ start: 10, end: 10_000 }, added)).toBe(false);
  });

  it("can leave an image line out of what counts as changing the element", () => {
    expect(spanTouchesExcept({ start: 3, end: 6 }, { start: 4, end: 4 }, added)).toBe(false);
    expect(spanTouchesExcept({ start: 3, end: 9 }, { start: 4, end: 4 }, added)).toBe(true);
  });

  it("anchors on the element's first line when changed, else on its first changed line", () => {
    expect(anchorLine({ start: 4, end: 9 }, added)).toBe(4);
    expect(anchorLine({ start: 2, end: 9 }, added)).toBe(4);
    expect(anchorLine({ start: 5, end: 8 }, added)).toBe(5);
  });
});
