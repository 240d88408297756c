// Graphene (and saleor's layer over it): root `Query`/`*Queries` and `Mutation`/`*Mutations` object types
// give `graphql Query.order` / `graphql Mutation.orderAddNote` endpoints (attributes camelCased as graphene
// does), guarded by `permissions=[...]` and `@permission_required` resolvers; mutation classes give
// `mutation <Class>` endpoints guarded by `Meta.permissions`; object, input and argument classes give shapes.
import type { Endpoint, Guard, Shape, ShapeField, ShapeRole } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { decoratorGuards, permissionClassGuards } from "./guards.js";
import {
  type Assignment,
  allClasses,
  assignmentsIn,
  baseNames,
  bodyStatements,
  calleeName,
  camelCase,
  type Definition,
  definitionsIn,
  innerClass,
  keywordArgument,
  lastSegment,
  literalString,
  sequenceElements,
} from "./python-syntax.js";

type GrapheneKind = "query" | "mutation-root" | "subscription" | "mutation" | "type" | "input" | "none";

export function grapheneSurface(root: SyntaxNode): { endpoints: Endpoint[]; shapes: Shape[] } {
  const endpoints: Endpoint[] = [];
  const shapes: Shape[] = [];
  if (!importsGraphene(root)) return { endpoints, shapes };
  const known = new Map<string, { kind: GrapheneKind; fields: ShapeField[]; open: boolean }>();
  for (const definition of allClasses(root)) {
    const kind = kindOf(definition, known);
    if (kind === "none") continue;
    const parents = baseNames(definition.node).map((base) => known.get(base));
    const inherited = parents.flatMap((parent) => parent?.fields ?? []);
    const statements = bodyStatements(definition.node);
    if (kind === "query" || kind === "mutation-root" || kind === "subscription") {
      endpoints.push(...rootFieldEndpoints(definition, kind));
      continue;
    }
    const own = fieldsOf(definition);
    const fields = [
      ...inherited.filter((field) => !own.fields.some((mine) => mine.name === field.name)),
      ...own.fields,
    ];
    // A mutation's payload inherits `errors` and more from whatever base it extends.
    const customMutation =
      kind === "mutation" &&
      !baseNames(definition.node).every((base) => /^(?:graphene\.)?Mutation$/.test(base));
    const open = own.open || customMutation || parents.some((parent) => parent?.open === true);
    known.set(definition.name, { kind, fields, open });
    const role: ShapeRole = kind === "input" ? "request" : "response";
    shapes.push({
      name: definition.name,
      role,
      fields,
      open,
      line: lineOf(definition.outer),
      endLine: endLineOf(definition.outer),
    });
    if (kind === "mutation") {
      endpoints.push(mutationEndpoint(definition, statements));
      const argumentsShape = argumentsShapeOf(definition);
      if (argumentsShape !== undefined) shapes.push(argumentsShape);
    }
  }
  return { endpoints, shapes };
}

function importsGraphene(root: SyntaxNode): boolean {
  return namedChildrenOf(root).some(
    (statement) =>
      (statement.type === "import_statement" || statement.type === "import_from_statement") &&
      /\bgraphene/.test(statement.text),
  );
}

function kindOf(definition: Definition, known: ReadonlyMap<string, { kind: GrapheneKind }>): GrapheneKind {
  const bases = baseNames(definition.node).map(lastSegment);
  const inherited = baseNames(definition.node)
    .map((base) => known.get(base)?.kind)
    .find((kind) => kind !== undefined);
  const objectType = bases.some((base) => /ObjectType$/.test(base) && !/InputObjectType$/.test(base));
  const name = definition.name;
  if (objectType && (name === "Query" || /Queries$/.test(name))) return "query";
  if (objectType && (name === "Mutation" || /Mutations$/.test(name))) return "mutation-root";
  if (objectType && (name === "Subscription" || /Subscriptions$/.test(name))) return "subscription";
  if (bases.some((base) => /InputObjectType$/.test(base))) return "input";
  if (bases.some((base) => /Mutation$/.test(base)) || isMutationBody(definition)) return "mutation";
  if (objectType || bases.includes("Interface")) return "type";
  return inherited ?? "none";
}

/** A class with an inner `Arguments` is a mutation whatever its base (saleor extends its own). */
function isMutationBody(definition: Definition): boolean {
  return innerClass(definition.node, "Arguments") !== undefined;
}

/** Class attributes that are fields: `total = graphene.Float(required=True)`, `order = graphene.Field(Order)`. */
function fieldAssignments(statements: readonly SyntaxNode[]): Assignment[] {
  return assignmentsIn(statements).filter((assignment) => {
    if (assignment.value?.type !== "call") return false;
    const callee = calleeName(assignment.value);
    return callee !== undefined && (/^[A-Z]/.test(lastSegment(callee)) || lastSegment(callee) === "Field");
  });
}

/** graphene camelCases attribute names unless `name=` says otherwise. */
function wireName(assignment: Assignment): string {
  const value = assignment.value;
  const named = value?.type === "call" ? literalString(keywordArgument(value, "name")) : undefined;
  return named ?? camelCase(assignment.name);
}

function fieldsOf(definition: Definition): { fields: ShapeField[]; open: boolean } {
  const fields = fieldAssignments(bodyStatements(definition.node)).map((assignment) => ({
    name: wireName(assignment),
    required:
      assignment.value !== undefined && keywordArgument(assignment.value, "required")?.text === "True",
    line: lineOf(assignment.node),
  }));
  const meta = innerClass(definition.node, "Meta");
  const metaFields =
    meta === undefined
      ? undefined
      : assignmentsIn(bodyStatements(meta)).find((assignment) =>
          /^(?:fields|only_fields)$/.test(assignment.name),
        );
  const isDjango = baseNames(definition.node).some((base) => lastSegment(base) === "DjangoObjectType");
  // Saleor's filter inputs take their fields from a filterset.
  const fromFilterset =
    meta !== undefined &&
    assignmentsIn(bodyStatements(meta)).some((assignment) => assignment.name === "filterset_class");
  if (metaFields === undefined) return { fields, open: isDjango || fromFilterset };
  const listed = sequenceElements(metaFields.value);
  if (listed === undefined) return { fields, open: true };
  for (const element of listed) {
    const name = literalString(element);
    if (name !== undefined && !fields.some((field) => field.name === camelCase(name))) {
      fields.push({ name: camelCase(name), required: false, line: lineOf(element) });
    }
  }
  return { fields, open: listed.some((element) => literalString(element) === undefined) };
}

/** Each field of a root type as `graphql Query.<field>`. */
function rootFieldEndpoints(definition: Definition, kind: GrapheneKind): Endpoint[] {
  const statements = bodyStatements(definition.node);
  const resolvers = new Map(
    definitionsIn(statements, "function_definition").map((method) => [method.name, method]),
  );
  const root = kind === "query" ? "Query" : kind === "subscription" ? "Subscription" : "Mutation";
  return fieldAssignments(statements).map((assignment) => {
    const call = assignment.value as SyntaxNode;
    const resolver = resolvers.get(`resolve_${assignment.name}`);
    const callee = calleeName(call) ?? "";
    // `OrderAddNote.Field()` names the mutation class; `graphene.Field(Order)` names none.
    const owner = callee.endsWith(".Field") ? callee.slice(0, -".Field".length) : undefined;
    const handler = owner !== undefined && /^[A-Z]/.test(lastSegment(owner)) ? owner : resolver?.name;
    const guards: Guard[] = [
      ...permissionClassGuards(keywordArgument(call, "permissions"), "permissions").filter(
        (guard) => !guard.allowsAll,
      ),
      ...(resolver === undefined ? [] : decoratorGuards(resolver.decorators)),
    ];
    const name = wireName(assignment);
    return {
      key: `graphql ${root}.${name}`,
      label: `${root}.${name}`,
      framework: "graphene" as const,
      ...(handler === undefined ? {} : { handler }),
      guards,
      statusCodes: [],
      line: lineOf(assignment.node),
      endLine: endLineOf(assignment.node),
    };
  });
}

/** A mutation class, guarded by saleor's `Meta.permissions = (OrderPermissions.MANAGE_ORDERS,)`. */
function mutationEndpoint(definition: Definition, statements: readonly SyntaxNode[]): Endpoint {
  const meta = innerClass(definition.node, "Meta");
  const permissions =
    meta === undefined
      ? undefined
      : assignmentsIn(bodyStatements(meta)).find((assignment) => assignment.name === "permissions");
  const elements = sequenceElements(permissions?.value);
  const guards: Guard[] =
    permissions === undefined || (elements !== undefined && elements.length === 0)
      ? []
      : permissionClassGuards(permissions.value, "permissions");
  const methods = definitionsIn(statements, "function_definition");
  return {
    key: `mutation ${definition.name}`,
    label: definition.name,
    framework: "graphene",
    handler: definition.name,
    guards: [...guards, ...methods.flatMap((method) => decoratorGuards(method.decorators))],
    statusCodes: [],
    line: lineOf(definition.outer),
    endLine: lineOf(definition.node),
  };
}

/** `class Arguments:` of a mutation: what clients send, `required=True` required. */
function argumentsShapeOf(definition: Definition): Shape | undefined {
  const argumentsClass = innerClass(definition.node, "Arguments") ?? innerClass(definition.node, "Input");
  if (argumentsClass === undefined) return undefined;
  const fields = fieldAssignments(bodyStatements(argumentsClass)).map((assignment) => ({
    name: wireName(assignment),
    required:
      assignment.value !== undefined && keywordArgument(assignment.value, "required")?.text === "True",
    line: lineOf(assignment.node),
  }));
  return {
    name: `${definition.name}.${argumentsClass.childForFieldName("name")?.text ?? "Arguments"}`,
    role: "request",
    fields,
    open: baseNames(argumentsClass).length > 0,
    line: lineOf(argumentsClass),
    endLine: endLineOf(argumentsClass),
  };
}
