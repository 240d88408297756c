// Pydantic models as shapes: role from the name (`OrderIn`/`OrderCreate` request, `OrderOut`/`OrderRead`
// response) or from `response_model=` in the same file; a field is required when it has no default;
// `Field(alias="x")` gives the wire name. A base model in the same file lends its fields; any other base
// makes the shape open.
import type { Shape, ShapeField, ShapeRole } from "../api-surface.js";
import { endLineOf, lineOf, type SyntaxNode } from "../syntax-tree.js";
import {
  allClasses,
  assignmentsIn,
  baseNames,
  bodyStatements,
  calleeName,
  type Definition,
  keywordArgument,
  lastSegment,
  literalString,
  positionalArguments,
} from "./python-syntax.js";

const modelBases = new Set(["BaseModel", "SQLModel", "GenericModel"]);

export function pydanticShapes(root: SyntaxNode, responseModels: ReadonlySet<string>): Shape[] {
  const classes = allClasses(root);
  const models = new Map<string, { fields: ShapeField[]; open: boolean }>();
  const shapes: Shape[] = [];
  // Source order: a same-file base is declared (and read) before the models that extend it.
  for (const definition of classes) {
    const bases = baseNames(definition.node);
    const parents = bases.map((base) => models.get(base));
    const isModel =
      bases.some((base) => modelBases.has(lastSegment(base))) ||
      parents.some((parent) => parent !== undefined);
    if (!isModel) continue;
    const own = modelFields(bodyStatements(definition.node));
    const inherited = parents.flatMap((parent) => parent?.fields ?? []);
    const open =
      bases.some((base, index) => !modelBases.has(lastSegment(base)) && parents[index] === undefined) ||
      parents.some((parent) => parent?.open === true);
    const fields = [...inherited.filter((field) => !own.some((mine) => mine.name === field.name)), ...own];
    models.set(definition.name, { fields, open });
    shapes.push(shapeOf(definition, fields, open, responseModels));
  }
  return shapes;
}

function shapeOf(
  definition: Definition,
  fields: ShapeField[],
  open: boolean,
  responseModels: ReadonlySet<string>,
): Shape {
  return {
    name: definition.name,
    role: roleOf(definition.name, responseModels),
    fields,
    open,
    line: lineOf(definition.outer),
    endLine: endLineOf(definition.outer),
  };
}

export function roleOf(name: string, responseModels: ReadonlySet<string>): ShapeRole {
  if (/(?:In|Create|Update|Request|Input|Payload|Patch)$/.test(name)) return "request";
  if (/(?:Out|Response|Read|Public)$/.test(name)) return "response";
  return [...responseModels].some((model) => model === name || new RegExp(`\\b${name}\\b`).test(model))
    ? "response"
    : "unknown";
}

/** Annotated class attributes: `total: Decimal`, `note: str | None = None`, `id: int = Field(alias="orderId")`. */
function modelFields(statements: readonly SyntaxNode[]): ShapeField[] {
  const fields: ShapeField[] = [];
  for (const assignment of assignmentsIn(statements)) {
    if (
      assignment.type === undefined ||
      assignment.name.startsWith("_") ||
      assignment.name === "model_config"
    )
      continue;
    if (/^(?:typing\.)?ClassVar\b/.test(assignment.type.text)) continue;
    const field =
      assignment.value?.type === "call" && lastSegment(calleeName(assignment.value) ?? "") === "Field"
        ? assignment.value
        : undefined;
    const alias =
      field === undefined
        ? undefined
        : literalString(keywordArgument(field, "alias") ?? keywordArgument(field, "serialization_alias"));
    fields.push({
      name: alias ?? assignment.name,
      required: isRequired(assignment.value, field),
      line: lineOf(assignment.node),
    });
  }
  return fields;
}

/** No default: required. `Field(...)`/`Field()` without a default or factory is required too. */
function isRequired(value: SyntaxNode | undefined, field: SyntaxNode | undefined): boolean {
  if (value === undefined) return true;
  if (field === undefined) return false;
  const first = positionalArguments(field)[0];
  if (first !== undefined) return first.type === "ellipsis";
  return (
    keywordArgument(field, "default") === undefined && keywordArgument(field, "default_factory") === undefined
  );
}
