// Django and DRF views as endpoints keyed `view <Name>`: viewsets and APIViews (permission_classes,
// @action methods as `view Set.action`), @api_view function views, class-based views with auth mixins,
// and function views taking `request` with @login_required-style decorators.
import type { Endpoint, Framework, Guard } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { decoratorGuards, emptyAuthenticationGuard, mixinGuards, permissionClassGuards } from "./guards.js";
import {
  allClasses,
  assignmentsIn,
  baseNames,
  bodyStatements,
  type Definition,
  decoratorExpression,
  decoratorName,
  definitionsIn,
  keywordArgument,
  lastSegment,
} from "./python-syntax.js";
import { sortedCodes, statusCodesIn } from "./status-codes.js";

const drfGenericBases = /APIView$/;

function isDrfView(bases: readonly string[]): boolean {
  return bases.some((base) => {
    const short = lastSegment(base);
    return /ViewSet$/.test(short) || drfGenericBases.test(short) || base.startsWith("generics.");
  });
}

function isDjangoView(bases: readonly string[]): boolean {
  return bases.some((base) => /View$/.test(lastSegment(base)));
}

export function djangoViewEndpoints(root: SyntaxNode): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const definition of allClasses(root)) {
    const bases = baseNames(definition.node);
    if (isDrfView(bases)) endpoints.push(...classViewEndpoints(definition, "drf"));
    else if (isDjangoView(bases)) endpoints.push(...classViewEndpoints(definition, "django"));
  }
  for (const definition of definitionsIn(namedChildrenOf(root), "function_definition")) {
    const endpoint = functionViewEndpoint(definition);
    if (endpoint !== undefined) endpoints.push(endpoint);
  }
  return endpoints;
}

/** The class as `view Name`, with each `@action` as `view Name.action`. */
function classViewEndpoints(definition: Definition, framework: Framework): Endpoint[] {
  const statements = bodyStatements(definition.node);
  const classGuards = [
    ...decoratorGuards(definition.decorators),
    ...mixinGuards(definition.node),
    ...classAttributeGuards(statements),
  ];
  const methods = definitionsIn(statements, "function_definition");
  const actions = methods.filter((method) => actionDecorator(method) !== undefined);
  const plain = methods.filter((method) => actionDecorator(method) === undefined);
  const endpoint: Endpoint = {
    key: `view ${definition.name}`,
    label: definition.name,
    framework,
    handler: definition.name,
    guards: [...classGuards, ...plain.flatMap((method) => decoratorGuards(method.decorators))],
    statusCodes: sortedCodes(plain.flatMap((method) => statusCodesIn(method.node.childForFieldName("body")))),
    line: lineOf(definition.outer),
    endLine: lineOf(definition.node),
  };
  return [endpoint, ...actions.map((action) => actionEndpoint(definition.name, action, classGuards))];
}

function classAttributeGuards(statements: readonly SyntaxNode[]): Guard[] {
  const guards: Guard[] = [];
  for (const assignment of assignmentsIn(statements)) {
    if (assignment.name === "permission_classes")
      guards.push(...permissionClassGuards(assignment.value, "permission_classes"));
    if (assignment.name === "authentication_classes") {
      guards.push(...emptyAuthenticationGuard(assignment.value, "authentication_classes"));
    }
  }
  return guards;
}

function actionDecorator(method: Definition): SyntaxNode | undefined {
  return method.decorators.find((decorator) => {
    const name = decoratorName(decorator);
    return name !== undefined && ["action", "detail_route", "list_route"].includes(lastSegment(name));
  });
}

/** An `@action` method: its own `permission_classes=` replace the class's, as DRF does. */
function actionEndpoint(className: string, action: Definition, classGuards: readonly Guard[]): Endpoint {
  const decorator = actionDecorator(action);
  const call = decorator === undefined ? undefined : decoratorExpression(decorator);
  const own = call?.type === "call" ? keywordArgument(call, "permission_classes") : undefined;
  const guards = own === undefined ? [...classGuards] : permissionClassGuards(own, "permission_classes");
  return {
    key: `view ${className}.${action.name}`,
    label: `${className}.${action.name}`,
    framework: "drf",
    handler: `${className}.${action.name}`,
    guards: [...guards, ...decoratorGuards(action.decorators.filter((other) => other !== decorator))],
    statusCodes: statusCodesIn(action.node.childForFieldName("body")),
    line: lineOf(action.outer),
    endLine: endLineOf(action.outer),
  };
}

/** `@api_view` functions (DRF) and functions taking `request` (Django). */
function functionViewEndpoint(definition: Definition): Endpoint | undefined {
  const isApiView = definition.decorators.some(
    (decorator) => lastSegment(decoratorName(decorator) ?? "") === "api_view",
  );
  const firstParameter = namedChildrenOf(
    definition.node.childForFieldName("parameters") ?? definition.node,
  )[0];
  const takesRequest = firstParameter?.type === "identifier" && firstParameter.text === "request";
  if (!isApiView && !takesRequest) return undefined;
  return {
    key: `view ${definition.name}`,
    label: definition.name,
    framework: isApiView ? "drf" : "django",
    handler: definition.name,
    guards: decoratorGuards(definition.decorators),
    statusCodes: statusCodesIn(definition.node.childForFieldName("body")),
    line: lineOf(definition.outer),
    endLine: endLineOf(definition.outer),
  };
}
