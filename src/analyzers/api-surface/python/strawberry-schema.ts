// Strawberry: `@strawberry.type class Query` (or `*Query`/`*Mutation` merged roots) fields and
// `@strawberry.field`/`@strawberry.mutation` methods as `graphql Query.x` endpoints, guarded by
// `permission_classes=[...]`; other `@strawberry.type`s as response shapes, `@strawberry.input`s as request
// shapes (required when neither defaulted nor optional). Names are camelCased as strawberry does.
import type { Endpoint, Guard, Shape, ShapeField } from "../api-surface.js";
import { endLineOf, lineOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { looksLikeGuardName, permissionClassGuards } from "./guards.js";
import {
  allClasses,
  assignmentsIn,
  baseNames,
  bodyStatements,
  calleeName,
  camelCase,
  type Definition,
  decoratorExpression,
  decoratorName,
  definitionsIn,
  keywordArgument,
  lastSegment,
  literalString,
  sequenceElements,
} from "./python-syntax.js";

type StrawberryKind = "type" | "input" | "interface";

function strawberryKind(definition: Definition): StrawberryKind | undefined {
  for (const decorator of definition.decorators) {
    const name = decoratorName(decorator);
    if (name === undefined || !/^strawberry/.test(name)) continue;
    const kind = lastSegment(name);
    if (kind === "type" || kind === "input" || kind === "interface") return kind;
  }
  return undefined;
}

function rootOf(name: string): string | undefined {
  return (
    /^(?:Query|Mutation|Subscription)$/.exec(name)?.[0] ?? /(Query|Mutation|Subscription)$/.exec(name)?.[1]
  );
}

export function strawberrySurface(root: SyntaxNode): { endpoints: Endpoint[]; shapes: Shape[] } {
  const endpoints: Endpoint[] = [];
  const shapes: Shape[] = [];
  for (const definition of allClasses(root)) {
    const kind = strawberryKind(definition);
    if (kind === undefined) continue;
    const members = membersOf(definition, kind);
    const rootName = kind === "type" ? rootOf(definition.name) : undefined;
    if (rootName !== undefined) {
      endpoints.push(...members.map((member) => memberEndpoint(rootName, member)));
      continue;
    }
    const fromModel = modelFields(definition);
    const fields = members.map((member) => ({
      name: member.name,
      required: member.required,
      line: member.line,
    }));
    for (const field of fromModel.fields)
      if (!fields.some((mine) => mine.name === field.name)) fields.push(field);
    shapes.push({
      name: definition.name,
      role: kind === "input" ? "request" : "response",
      fields,
      // A base class lends fields this file does not show.
      open: fromModel.open || baseNames(definition.node).length > 0,
      line: lineOf(definition.outer),
      endLine: endLineOf(definition.outer),
    });
  }
  return { endpoints, shapes };
}

/** strawberry_django's `fields=[...]` (listed) or `fields="__all__"`/`exclude=` (open). */
function modelFields(definition: Definition): { fields: ShapeField[]; open: boolean } {
  for (const decorator of definition.decorators) {
    const call = decoratorExpression(decorator);
    if (call?.type !== "call" || !/^strawberry/.test(calleeName(call) ?? "")) continue;
    if (keywordArgument(call, "exclude") !== undefined) return { fields: [], open: true };
    const listed = keywordArgument(call, "fields");
    if (listed === undefined) return { fields: [], open: false };
    const elements = sequenceElements(listed);
    if (elements === undefined) return { fields: [], open: true };
    const fields: ShapeField[] = [];
    for (const element of elements) {
      const name = literalString(element);
      if (name !== undefined) fields.push({ name: camelCase(name), required: false, line: lineOf(element) });
    }
    return { fields, open: fields.length < elements.length };
  }
  return { fields: [], open: false };
}

interface Member extends ShapeField {
  node: SyntaxNode;
  guards: Guard[];
  handler?: string;
}

/** Annotated attributes and `@strawberry.field`/`@strawberry.mutation` methods. */
function membersOf(definition: Definition, kind: StrawberryKind): Member[] {
  const statements = bodyStatements(definition.node);
  const members: Member[] = [];
  for (const assignment of assignmentsIn(statements)) {
    if (assignment.type === undefined || assignment.name.startsWith("_")) continue;
    const call =
      assignment.value?.type === "call" && /^strawberry/.test(calleeName(assignment.value) ?? "")
        ? assignment.value
        : undefined;
    const optional = /^Optional\[|\|\s*None\b|\bNone\s*\|/.test(assignment.type.text);
    const hasDefault =
      assignment.value !== undefined &&
      (call === undefined ||
        keywordArgument(call, "default") !== undefined ||
        keywordArgument(call, "default_factory") !== undefined);
    const resolver = call === undefined ? undefined : keywordArgument(call, "resolver");
    members.push({
      name:
        (call === undefined ? undefined : literalString(keywordArgument(call, "name"))) ??
        camelCase(assignment.name),
      required: kind === "input" && !hasDefault && !optional,
      line: lineOf(assignment.node),
      node: assignment.node,
      guards: call === undefined ? [] : fieldGuards(call),
      ...(resolver === undefined ? {} : { handler: oneLine(resolver.text) }),
    });
  }
  for (const method of definitionsIn(statements, "function_definition")) {
    const decorator = method.decorators.find((candidate) =>
      /^strawberry.*\.(?:field|mutation|subscription)$/.test(decoratorName(candidate) ?? ""),
    );
    if (decorator === undefined) continue;
    const call = decoratorExpression(decorator);
    const named = call?.type === "call" ? literalString(keywordArgument(call, "name")) : undefined;
    members.push({
      name: named ?? camelCase(method.name),
      required: false,
      line: lineOf(method.outer),
      node: method.outer,
      guards: call?.type === "call" ? fieldGuards(call) : [],
      handler: method.name,
    });
  }
  return members;
}

/** `permission_classes=[IsAuthenticated]`, and `extensions=[PermissionExtension(...)]` named like access control. */
function fieldGuards(call: SyntaxNode): Guard[] {
  const guards = permissionClassGuards(
    keywordArgument(call, "permission_classes"),
    "permission_classes",
  ).filter((guard) => !guard.allowsAll || guard.name !== "permission_classes = []");
  for (const extension of sequenceElements(keywordArgument(call, "extensions")) ?? []) {
    const name = extension.type === "call" ? calleeName(extension) : undefined;
    if (name !== undefined && looksLikeGuardName(lastSegment(name)))
      guards.push({ name: oneLine(extension.text), allowsAll: false, line: lineOf(extension) });
  }
  return guards;
}

function memberEndpoint(root: string, member: Member): Endpoint {
  return {
    key: `graphql ${root}.${member.name}`,
    label: `${root}.${member.name}`,
    framework: "strawberry",
    ...(member.handler === undefined ? {} : { handler: member.handler }),
    guards: member.guards,
    statusCodes: [],
    line: member.line,
    endLine: endLineOf(member.node),
  };
}
