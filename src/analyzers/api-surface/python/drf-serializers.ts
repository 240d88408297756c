// DRF serializers as shapes (role `both`): the `Meta.fields` list (each string's line), declared field
// attributes with their required-ness, `"__all__"`/`exclude` as open; netbox's `Meta.brief_fields` as a
// second shape `<Serializer>.brief`.
import type { Shape, ShapeField } from "../api-surface.js";
import { endLineOf, lineOf, type SyntaxNode } from "../syntax-tree.js";
import {
  allClasses,
  assignmentsIn,
  baseNames,
  bodyStatements,
  calleeName,
  type Definition,
  innerClass,
  keywordArgument,
  lastSegment,
  literalString,
  sequenceElements,
} from "./python-syntax.js";

/** Bases that add no fields of their own: without `Meta.fields`, only the declared attributes exist. */
const plainSerializerBases = new Set([
  "Serializer",
  "serializers.Serializer",
  "rest_framework.serializers.Serializer",
]);

export function serializerShapes(root: SyntaxNode): Shape[] {
  const shapes: Shape[] = [];
  for (const definition of allClasses(root)) {
    const bases = baseNames(definition.node);
    if (!bases.some((base) => /Serializer$/.test(lastSegment(base)))) continue;
    shapes.push(...serializerShape(definition, bases));
  }
  return shapes;
}

function serializerShape(definition: Definition, bases: readonly string[]): Shape[] {
  const declared = declaredFields(bodyStatements(definition.node));
  const meta = innerClass(definition.node, "Meta");
  const metaAssignments = meta === undefined ? [] : assignmentsIn(bodyStatements(meta));
  const listed = metaAssignments.find((assignment) => assignment.name === "fields");
  const excludes = metaAssignments.some((assignment) => assignment.name === "exclude");
  const fromMeta = listed === undefined ? undefined : namedList(listed.value);
  // With Meta.fields, that list is the wire shape (DRF refuses declared fields left out of it).
  const byName = new Map(declared.map((field) => [field.name, field]));
  const fields: ShapeField[] = fromMeta === undefined ? [...declared] : [];
  const seen = new Set<string>();
  for (const entry of fromMeta?.fields ?? []) {
    if (seen.has(entry.name)) continue;
    seen.add(entry.name);
    // The list entry's line, the declaration's required-ness.
    fields.push({ ...entry, required: byName.get(entry.name)?.required ?? false });
  }
  const open =
    excludes ||
    (fromMeta === undefined ? !bases.every((base) => plainSerializerBases.has(base)) : fromMeta.open);
  const shape: Shape = {
    name: definition.name,
    role: "both",
    fields,
    open,
    line: lineOf(definition.outer),
    endLine: endLineOf(definition.outer),
  };
  const brief = metaAssignments.find((assignment) => assignment.name === "brief_fields");
  const briefList = brief === undefined ? undefined : namedList(brief.value);
  if (brief === undefined || briefList === undefined) return [shape];
  return [
    shape,
    {
      ...shape,
      name: `${definition.name}.brief`,
      role: "response",
      fields: briefList.fields,
      open: briefList.open,
      line: lineOf(brief.node),
      endLine: endLineOf(brief.node),
    },
  ];
}

/** `["id", "total"]` or `("id",)`: each string a field; `"__all__"`, a concatenation or a name is open. */
function namedList(value: SyntaxNode | undefined): { fields: ShapeField[]; open: boolean } | undefined {
  if (value === undefined) return undefined;
  if (value.type === "binary_operator") {
    const parts = [value.childForFieldName("left"), value.childForFieldName("right")].map((part) =>
      namedList(part ?? undefined),
    );
    return { fields: parts.flatMap((part) => part?.fields ?? []), open: true };
  }
  const elements = sequenceElements(value);
  if (elements === undefined) return { fields: [], open: true };
  const fields: ShapeField[] = [];
  let open = false;
  for (const element of elements) {
    const name = literalString(element);
    if (name === undefined) open = true;
    else fields.push({ name, required: false, line: lineOf(element) });
  }
  return { fields, open };
}

/** Attributes assigned a field or nested serializer instance: `total = serializers.DecimalField(read_only=True)`. */
function declaredFields(statements: readonly SyntaxNode[]): ShapeField[] {
  const fields: ShapeField[] = [];
  for (const assignment of assignmentsIn(statements)) {
    const call = assignment.value;
    if (call === undefined || call.type !== "call") continue;
    const callee = calleeName(call);
    if (callee === undefined || !/^[A-Z]/.test(lastSegment(callee))) continue;
    fields.push({
      name: assignment.name,
      required: declaredRequired(call, callee),
      line: lineOf(assignment.node),
    });
  }
  return fields;
}

const drfFields = new Set([
  "BooleanField",
  "CharField",
  "EmailField",
  "RegexField",
  "SlugField",
  "URLField",
  "UUIDField",
  "IPAddressField",
  "IntegerField",
  "FloatField",
  "DecimalField",
  "DateTimeField",
  "DateField",
  "TimeField",
  "DurationField",
  "ChoiceField",
  "MultipleChoiceField",
  "FileField",
  "ImageField",
  "ListField",
  "DictField",
  "JSONField",
  "PrimaryKeyRelatedField",
  "SlugRelatedField",
  "HyperlinkedRelatedField",
  "StringRelatedField",
]);

const neverWritten = new Set([
  "SerializerMethodField",
  "ReadOnlyField",
  "HiddenField",
  "HyperlinkedIdentityField",
]);

/**
 * A project's own field class may be read-only by construction (netbox's `RelatedObjectCountField`), so only
 * DRF's own fields (`serializers.X`, `XField` imported from DRF by name) and nested serializers count as
 * required without `required=True`.
 */
function declaredRequired(call: SyntaxNode, callee: string): boolean {
  const fieldClass = lastSegment(callee);
  if (neverWritten.has(fieldClass)) return false;
  const known = callee.startsWith("serializers.") || drfFields.has(callee) || /Serializer$/.test(fieldClass);
  if (!known) return keywordArgument(call, "required")?.text === "True";
  if (keywordArgument(call, "read_only")?.text === "True") return false;
  if (keywordArgument(call, "allow_null")?.text === "True") return false;
  if (keywordArgument(call, "default") !== undefined) return false;
  const required = keywordArgument(call, "required");
  return required === undefined || required.text !== "False";
}
