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

/** A struct tag's `key:"value"` options (`validate:"required,email"` → required, email). */
function tagOptions(tag: SyntaxNode | null, key: string): string[] | undefined {
  if (tag === null) return undefined;
  const match = new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tag.text.slice(1, -1));
  return match === null ? undefined : (match[1] ?? "").split(",");
}

function structShape(name: string, struct: SyntaxNode): Omit<Shape, "line" | "endLine"> | undefined {
  const list = namedChildrenOf(struct).find((child) => child.type === "field_declaration_list");
  if (list === undefined) return undefined;
  const fields: ShapeField[] = [];
  const role = roleOf(name);
  let open = false;
  let tagged = false;
  for (const declaration of namedChildrenOf(list)) {
    if (declaration.type !== "field_declaration") continue;
    const rawTag = declaration.childForFieldName("tag");
    const tag = jsonTagOf(rawTag);
    if (tag !== undefined) tagged = true;
    if (tag?.omitted === true) continue;
    const names = declaration.childrenForFieldName("name").filter((node) => node !== null);
    const validated = ["binding", "validate"].some((key) => tagOptions(rawTag, key)?.includes("required"));
    const required = role === "request" ? validated : tag?.omitEmpty !== true;
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
  return tagged ? { name, role, fields, open } : undefined;
}

function roleOf(name: string): ShapeRole {
  if (/(?:Request|Params|Input|Body)$/.test(name)) return "request";
  if (/(?:Response|Result|Output|Reply)$/.test(name)) return "response";
  return "unknown";
}

/** Reads the `json` key of a struct tag (`json:"expires_at,omitempty" db:"…"`); undefined without one. */
function jsonTagOf(tag: SyntaxNode | null): JsonTag | undefined {
  const json = tagOptions(tag, "json");
  if (json === undefined) return undefined;
  const [wireName = "", ...options] = json;
  if (wireName === "-" && options.length === 0) return { omitted: true, omitEmpty: false };
  const parsed: JsonTag = {
    omitted: false,
    omitEmpty: options.includes("omitempty") || options.includes("omitzero"),
  };
  if (wireName !== "") parsed.name = wireName;
  return parsed;
}
