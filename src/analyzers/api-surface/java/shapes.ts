// Request/response bodies a Java file declares: records and classes taken as `@RequestBody`, returned by
// handlers, or named `*Request`/`*Response`/`*Dto`; fields as Jackson puts them on the wire.
import type { Shape, ShapeField, ShapeRole } from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import {
  type Annotation,
  annotationArgument,
  annotationsOf,
  findAnnotation,
  hasModifier,
} from "./annotations.js";
import { nameOf } from "./declarations.js";
import { javaString, javaStrings } from "./string-constants.js";

const springMappings = new Set([
  "GetMapping",
  "PostMapping",
  "PutMapping",
  "PatchMapping",
  "DeleteMapping",
  "RequestMapping",
]);
const jaxrsVerbs = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const requiredAnnotations = ["NotNull", "NotBlank", "NotEmpty", "NonNull"];
/** Members that let unknown properties through: the field list is not the whole wire shape. */
const openAnnotations = ["JsonAnySetter", "JsonAnyGetter", "JsonUnwrapped"];

export function shapesOf(root: SyntaxNode): Shape[] {
  const usage = rolesByUsage(root);
  const shapes: Shape[] = [];
  for (const declaration of descendantsOfType(root, ["class_declaration", "record_declaration"])) {
    const name = nameOf(declaration);
    const role = combine(usage.get(name), roleByName(name));
    if (role !== undefined) shapes.push(shapeOf(declaration, name, role));
  }
  return shapes;
}

/** Roles from how handlers use types: `@RequestBody X x` → request, a returned `X` → response. */
function rolesByUsage(root: SyntaxNode): Map<string, ShapeRole> {
  const roles = new Map<string, ShapeRole>();
  const note = (type: SyntaxNode | null, role: ShapeRole): void => {
    if (type === null) return;
    for (const name of typeNamesIn(type)) roles.set(name, combine(roles.get(name), role) ?? role);
  };
  for (const method of descendantsOfType(root, "method_declaration")) {
    const annotations = annotationsOf(method);
    const isJaxrs = annotations.some((annotation) => jaxrsVerbs.has(annotation.name));
    if (isJaxrs || annotations.some((annotation) => springMappings.has(annotation.name)))
      note(method.childForFieldName("type"), "response");
    for (const parameter of parametersOf(method)) {
      const parameterAnnotations = annotationsOf(parameter);
      // JAX-RS binds the body to the one parameter without a binding annotation.
      const isBody = isJaxrs
        ? parameterAnnotations.length === 0
        : findAnnotation(parameterAnnotations, ["RequestBody"]) !== undefined;
      if (isBody) note(parameter.childForFieldName("type"), "request");
    }
  }
  return roles;
}

/** `ResponseEntity<List<OrderDto>>` → `ResponseEntity`, `List`, `OrderDto`: only types declared here matter. */
function typeNamesIn(type: SyntaxNode): string[] {
  return descendantsOfType(type, "type_identifier").map((identifier) => identifier.text);
}

function roleByName(name: string): ShapeRole | undefined {
  if (/Request$/.test(name)) return "request";
  if (/Response$/.test(name)) return "response";
  if (/(?:Dto|DTO)$/.test(name)) return "both";
  return undefined;
}

function combine(a: ShapeRole | undefined, b: ShapeRole | undefined): ShapeRole | undefined {
  if (a === undefined || a === b) return b;
  if (b === undefined) return a;
  return "both";
}

function shapeOf(declaration: SyntaxNode, name: string, role: ShapeRole): Shape {
  const annotations = annotationsOf(declaration);
  const ignored = new Set(ignoredProperties(annotations));
  const snakeCase = usesSnakeCase(annotations);
  const members = membersOf(declaration);
  const fields: ShapeField[] = [];
  let open = declaration.childForFieldName("superclass") !== null;
  for (const member of members) {
    const memberAnnotations = annotationsOf(member.declaration);
    if (findAnnotation(memberAnnotations, openAnnotations) !== undefined) open = true;
    if (member.name === undefined || findAnnotation(memberAnnotations, ["JsonIgnore", "JsonUnwrapped"]))
      continue;
    const wireName =
      jsonPropertyName(memberAnnotations) ?? (snakeCase ? toSnakeCase(member.name) : member.name);
    if (ignored.has(wireName)) continue;
    fields.push({ name: wireName, required: isRequired(memberAnnotations), line: member.line });
  }
  for (const method of methodMembersOf(declaration)) {
    if (findAnnotation(annotationsOf(method), openAnnotations) !== undefined) open = true;
  }
  return { name, role, fields, open, line: lineOf(declaration), endLine: endLineOf(declaration) };
}

interface Member {
  /** The parameter or field declaration carrying the annotations. */
  declaration: SyntaxNode;
  name: string | undefined;
  line: number;
}

/** Record components, or a class's instance fields (Lombok `@Data`/`@Value`, getters or public fields). */
function membersOf(declaration: SyntaxNode): Member[] {
  if (declaration.type === "record_declaration") {
    const parameters = declaration.childForFieldName("parameters");
    return parameters === null
      ? []
      : namedChildrenOf(parameters)
          .filter((parameter) => parameter.type === "formal_parameter")
          .map((parameter) => ({
            declaration: parameter,
            name: parameter.childForFieldName("name")?.text,
            line: lineOf(parameter),
          }));
  }
  const body = declaration.childForFieldName("body");
  if (body === null) return [];
  return namedChildrenOf(body)
    .filter((member) => member.type === "field_declaration")
    .filter((field) => !hasModifier(field, "static") && !hasModifier(field, "transient"))
    .flatMap((field) =>
      field.childrenForFieldName("declarator").map((declarator) => ({
        declaration: field,
        name: declarator?.childForFieldName("name")?.text,
        line: declarator === null ? lineOf(field) : lineOf(declarator),
      })),
    );
}

function parametersOf(method: SyntaxNode): SyntaxNode[] {
  const parameters = method.childForFieldName("parameters");
  return parameters === null
    ? []
    : namedChildrenOf(parameters).filter((parameter) => parameter.type === "formal_parameter");
}

function methodMembersOf(declaration: SyntaxNode): SyntaxNode[] {
  const body = declaration.childForFieldName("body");
  return body === null ? [] : namedChildrenOf(body).filter((member) => member.type === "method_declaration");
}

function jsonPropertyName(annotations: readonly Annotation[]): string | undefined {
  const property = findAnnotation(annotations, ["JsonProperty"]);
  const value = property === undefined ? undefined : annotationArgument(property, ["value"]);
  const name = value === undefined ? undefined : javaString(value, new Map());
  return name === "" ? undefined : name;
}

function isRequired(annotations: readonly Annotation[]): boolean {
  if (findAnnotation(annotations, requiredAnnotations) !== undefined) return true;
  const property = findAnnotation(annotations, ["JsonProperty"]);
  return property !== undefined && annotationArgument(property, ["required"])?.text === "true";
}

/** `@JsonIgnoreProperties({"secret"})` on the class. */
function ignoredProperties(annotations: readonly Annotation[]): string[] {
  const ignore = findAnnotation(annotations, ["JsonIgnoreProperties"]);
  const value = ignore === undefined ? undefined : annotationArgument(ignore, ["value"]);
  return value === undefined ? [] : (javaStrings(value, new Map()) ?? []);
}

/** `@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)`. */
function usesSnakeCase(annotations: readonly Annotation[]): boolean {
  const naming = findAnnotation(annotations, ["JsonNaming"]);
  const value = naming === undefined ? undefined : annotationArgument(naming, ["value"]);
  return value !== undefined && /SnakeCase/.test(value.text);
}

function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
