// Reads a proposal's OpenAPI fragment into a document swagger-parser can validate and dereference.
// Decision: the model may return a whole document or only its `paths:` (and `components:`); a fragment
// without `openapi:`/`swagger:` is wrapped into a minimal OpenAPI 3.0.3 document (3.0 because swagger-parser
// validates it fully), and a bare map of paths (`/shares: …`) becomes that document's `paths`.
import { isMap, parseDocument } from "yaml";

export type OpenApiFragment =
  | { ok: true; document: Record<string, unknown> }
  | { ok: false; message: string };

const wrapperInfo = { title: "Design proposal", version: "0.0.0" };

export function openApiDocumentOf(text: string): OpenApiFragment {
  const doc = parseDocument(text, { prettyErrors: true });
  const [error] = doc.errors;
  if (error !== undefined) {
    const where = error.linePos === undefined ? "" : ` at line ${error.linePos[0].line}`;
    return { ok: false, message: `not valid YAML${where}: ${firstLine(error.message)}` };
  }
  if (!isMap(doc.contents)) return { ok: false, message: "not a YAML mapping" };
  const value = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  if ("openapi" in value || "swagger" in value) return { ok: true, document: value };
  if ("paths" in value) return { ok: true, document: { openapi: "3.0.3", info: wrapperInfo, ...value } };
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((key) => key.startsWith("/"))) {
    return { ok: true, document: { openapi: "3.0.3", info: wrapperInfo, paths: value } };
  }
  return { ok: false, message: "neither an OpenAPI document nor its `paths:`" };
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
