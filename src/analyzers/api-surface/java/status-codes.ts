// Literal HTTP status codes a Java handler declares or answers with: `@ResponseStatus(HttpStatus.CREATED)`,
// `ResponseEntity.status(…)`/`.noContent()`/`.created(…)`/`.ok(…)`, `new ResponseEntity<>(x, HttpStatus.X)`,
// JAX-RS `Response.status(Response.Status.CREATED)`/`Response.noContent()`.
import { descendantsOfType, type SyntaxNode } from "../syntax-tree.js";
import { type Annotation, annotationArgument, codeChildrenOf, simpleName } from "./annotations.js";
import { statusCodeOfConstant } from "./http-status.js";

/** Builders whose name alone says the status. */
const shortcutCodes: Record<string, number> = {
  ok: 200,
  created: 201,
  accepted: 202,
  noContent: 204,
  seeOther: 303,
  notModified: 304,
  temporaryRedirect: 307,
  badRequest: 400,
  notFound: 404,
  notAcceptable: 406,
  unprocessableEntity: 422,
  internalServerError: 500,
  serverError: 500,
};
const responseTypes = new Set(["ResponseEntity", "Response", "ServerResponse"]);

/** `@ResponseStatus(HttpStatus.CREATED)` / `@ResponseStatus(code = …)`, when present. */
export function annotatedStatusCodes(annotations: readonly Annotation[]): number[] {
  const codes: number[] = [];
  for (const annotation of annotations) {
    if (annotation.name !== "ResponseStatus") continue;
    const value = annotationArgument(annotation, ["value", "code"]);
    const code = value === undefined ? undefined : statusCodeOf(value);
    if (code !== undefined) codes.push(code);
  }
  return codes;
}

/** Status codes the method body answers with. */
export function bodyStatusCodes(body: SyntaxNode | null): number[] {
  if (body === null) return [];
  const codes: number[] = [];
  for (const call of descendantsOfType(body, "method_invocation")) {
    const code = invocationStatusCode(call);
    if (code !== undefined) codes.push(code);
  }
  for (const creation of descendantsOfType(body, "object_creation_expression")) {
    const type = creation.childForFieldName("type");
    const typeName = type?.type === "generic_type" ? codeChildrenOf(type)[0]?.text : type?.text;
    if (typeName === undefined || simpleName(typeName) !== "ResponseEntity") continue;
    for (const argument of argumentsOf(creation)) {
      const code = statusCodeOf(argument);
      if (code !== undefined) codes.push(code);
    }
  }
  return codes;
}

/** Sorted, deduplicated. */
export function sortedCodes(codes: readonly number[]): number[] {
  return [...new Set(codes)].sort((a, b) => a - b);
}

function invocationStatusCode(call: SyntaxNode): number | undefined {
  const object = call.childForFieldName("object");
  const name = call.childForFieldName("name")?.text ?? "";
  if (object === null || !responseTypes.has(simpleName(object.text))) return undefined;
  if (name === "status") {
    const argument = argumentsOf(call)[0];
    return argument === undefined ? undefined : statusCodeOf(argument);
  }
  return Object.hasOwn(shortcutCodes, name) ? shortcutCodes[name] : undefined;
}

/** `HttpStatus.CREATED`, `Response.Status.CREATED`, `Status.CREATED`, `CREATED` (static import) or `201`. */
function statusCodeOf(node: SyntaxNode): number | undefined {
  if (node.type === "decimal_integer_literal") {
    const code = Number(node.text);
    return code >= 100 && code <= 599 ? code : undefined;
  }
  if (node.type === "field_access") {
    const owner = simpleName(node.childForFieldName("object")?.text ?? "");
    if (owner !== "HttpStatus" && owner !== "Status") return undefined;
    return statusCodeOfConstant(node.childForFieldName("field")?.text ?? "");
  }
  if (node.type === "identifier") return statusCodeOfConstant(node.text);
  return undefined;
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName("arguments");
  return list === null ? [] : codeChildrenOf(list);
}
