import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { locatePointer, refSegments, type SpecText } from "../../../src/analyzers/openapi/locate-pointer.js";

function specText(source: string): SpecText {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(source, { lineCounter }), lineCounter };
}

const source = `openapi: 3.0.3
paths:
  /users/{id}:
    get:
      responses:
        "200":
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/User"
components:
  schemas:
    User:
      type: object
      required: [id, email]
      properties:
        email:
          type: string
          format: email
`;

describe("locatePointer", () => {
  it("finds the key of an element and the last line of its value", () => {
    expect(locatePointer(specText(source), ["paths", "/users/{id}", "get"])).toMatchObject({
      line: 4,
      endLine: 10,
      exact: true,
    });
  });

  it("follows local $refs the way the dereferenced document did, keeping the $ref on the trail", () => {
    const pointer = [
      "paths",
      "/users/{id}",
      "get",
      "responses",
      "200",
      "content",
      "application/json",
      "schema",
    ];
    expect(locatePointer(specText(source), [...pointer, "properties", "email", "format"])).toEqual({
      line: 19,
      endLine: 19,
      exact: true,
      trail: [2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 19],
    });
    expect(locatePointer(specText(source), [...pointer, "required", "1"])?.line).toBe(15);
  });

  it("stops at the closest existing ancestor when the element is gone", () => {
    expect(
      locatePointer(specText(source), ["components", "schemas", "User", "properties", "nickname"]),
    ).toMatchObject({
      line: 16,
      exact: false,
    });
    expect(locatePointer(specText("a: 1\n"), ["paths"])).toBeUndefined();
  });

  it("does not loop on a $ref that points at itself", () => {
    const looping = "a:\n  $ref: '#/a'\n";
    expect(locatePointer(specText(looping), ["a", "b"])).toMatchObject({ line: 1, exact: false });
  });
});

describe("refSegments", () => {
  it("decodes JSON-pointer and URI escapes", () => {
    expect(refSegments("#/paths/~1users~1%7Bid%7D/get")).toEqual(["paths", "/users/{id}", "get"]);
    expect(refSegments("#/a~0b")).toEqual(["a~b"]);
    expect(refSegments("#")).toEqual([]);
  });
});
