// Go request/response shapes: structs whose fields carry `json:"…"` tags. The wire name comes from the tag,
// `json:"-"` fields are not sent, `omitempty` makes a field optional, and an embedded struct without a
// json name makes the field list open (its fields are promoted but not known here).
import type { Shape, ShapeField, ShapeRole } from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";

export function shapesOf(root: SyntaxNode): Shape[] {
  const shapes: Shape[] = [];
  for (const spec of descendantsOfType(root, "type_spec")) {
    const name = spec.childForFieldName("name")?.text;
    const struct = spec.childForFieldName("type");
    if (name === undefined || struct?.type !== "struct_type") continue;
    const shape = structShape(name, struct);
    if (shape !== undefined) shapes.push({ ...shape, line: lineOf(spec), endLine: endLineOf(spec) });
  }
  return shapes;
}

/** What a JSON struct tag says about one field. */
interface JsonTag {
  name?: string;
  omitted: boolean;
  omitEmpty: boolean;
}

function structShape(name: string, struct: SyntaxNode): Omit<Shape, "line" | "endLine"> | undefined {
  const list = namedChildrenOf(struct).find((child) => child.type === "field_declaration_list");
  if (list === undefined) return undefined;
  const fields: ShapeField[] = [];
  let open = false;
  let tagged = false;
  for (const declaration of namedChildrenOf(list)) {
    if (declaration.type !== "field_declaration") continue;
    const tag = jsonTagOf(declaration.childForFieldName("tag"));
    if (tag !== undefined) tagged = true;
    if (tag?.omitted === true) continue;
    const names = declaration.childrenForFieldName("name").filter((node) => node !== null);
    const required = tag?.omitEmpty !== true;
    if (names.length === 0) {
      // Embedded: its fields are promoted unless the tag gives it a name of its own.
      if (tag?.name !== undefined) fields.push({ name: tag.name, required, line: lineOf(declaration) });
      else open = true;
      continue;
    }
    for (const field of names) {
      // encoding/json ignores unexported fields.
      if (tag === undefined && !/^[A-Z]/.test(field.text)) continue;
      fields.push({ name: tag?.name ?? field.text, required, line: lineOf(field) });
    }
  }
  return tagged ? { name, role: roleOf(name), fields, open } : undefined;
}

function roleOf(name: string): ShapeRole {
  if (/(?:Request|Params|Input|Body)$/.test(name)) return "request";
  if (/(?:Response|Result|Output|Reply)$/.test(name)) return "response";
  return "unknown";
}

/** Reads the `json` key of a struct tag (`json:"expires_at,omitempty" db:"…"`); undefined without one. */
function jsonTagOf(tag: SyntaxNode | null): JsonTag | undefined {
  if (tag === null) return undefined;
  const match = /(?:^|\s)json:"([^"]*)"/.exec(tag.text.slice(1, -1));
  if (match === null) return undefined;
  const [wireName = "", ...options] = (match[1] ?? "").split(",");
  if (wireName === "-" && options.length === 0) return { omitted: true, omitEmpty: false };
  const parsed: JsonTag = {
    omitted: false,
    omitEmpty: options.includes("omitempty") || options.includes("omitzero"),
  };
  if (wireName !== "") parsed.name = wireName;
  return parsed;
}
