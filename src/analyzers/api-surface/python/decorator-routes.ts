// FastAPI and Flask routes declared by decorators: `@router.post("/orders", status_code=201)`,
// `@app.route("/orders", methods=["GET", "POST"])` (one endpoint per method), with the router's prefix and
// guards, FastAPI dependencies, and access-control decorators under the route decorator.
import { type Endpoint, endpointKey, type Guard, joinRoutePath } from "../api-surface.js";
import { endLineOf, lineOf, type SyntaxNode } from "../syntax-tree.js";
import { dependencyGuards, parameterGuards } from "./fastapi-dependencies.js";
import { decoratorGuards } from "./guards.js";
import {
  allFunctions,
  calleeName,
  type Definition,
  decoratorExpression,
  keywordArgument,
  lastSegment,
  literalString,
  positionalArguments,
  sequenceElements,
} from "./python-syntax.js";
import { importedFramework, type RouteFramework, type RouteObject, routeObjects } from "./route-objects.js";
import { sortedCodes, statusCodeOf, statusCodesIn } from "./status-codes.js";

const methodDecorators = new Set(["get", "post", "put", "patch", "delete", "head", "options", "trace"]);
const anyMethodDecorators = new Set(["route", "api_route"]);

/** What the routes of a file tell the shape extractor: models answered with and models received. */
export interface RouteModels {
  responseModels: Set<string>;
}

export function decoratorRouteEndpoints(root: SyntaxNode, models: RouteModels): Endpoint[] {
  const objects = routeObjects(root);
  const imported = importedFramework(root);
  const endpoints: Endpoint[] = [];
  for (const definition of allFunctions(root)) {
    definition.decorators.forEach((decorator, index) => {
      const route = routeDecorator(decorator, objects, imported);
      if (route === undefined) return;
      const below = definition.decorators.slice(index + 1);
      endpoints.push(...routeEndpoints(definition, decorator, route, below, models));
    });
  }
  return endpoints;
}

interface RouteDecorator {
  call: SyntaxNode;
  owner: RouteObject;
  methods: string[];
  path: string;
}

function routeDecorator(
  decorator: SyntaxNode,
  objects: ReadonlyMap<string, RouteObject>,
  imported: RouteFramework | undefined,
): RouteDecorator | undefined {
  const call = decoratorExpression(decorator);
  const callee = call === undefined ? undefined : calleeName(call);
  if (call === undefined || callee === undefined || !callee.includes(".")) return undefined;
  const verb = lastSegment(callee);
  if (!methodDecorators.has(verb) && !anyMethodDecorators.has(verb)) return undefined;
  const owner =
    objects.get(callee.slice(0, callee.lastIndexOf("."))) ??
    (imported === undefined ? undefined : { framework: imported, prefix: "", guards: [] });
  const path = literalString(
    positionalArguments(call)[0] ?? keywordArgument(call, "path") ?? keywordArgument(call, "rule"),
  );
  if (owner === undefined || path === undefined) return undefined;
  return { call, owner, methods: methodsOf(call, verb), path: joinRoutePath(owner.prefix, path) };
}

/** `get` → GET; `route`/`api_route` → its `methods=` list, GET when absent. */
function methodsOf(call: SyntaxNode, verb: string): string[] {
  if (methodDecorators.has(verb)) return [verb.toUpperCase()];
  const listed = sequenceElements(keywordArgument(call, "methods"));
  if (listed === undefined) return ["GET"];
  return listed
    .map((element) => literalString(element)?.toUpperCase())
    .filter((method): method is string => method !== undefined);
}

function routeEndpoints(
  definition: Definition,
  decorator: SyntaxNode,
  route: RouteDecorator,
  below: readonly SyntaxNode[],
  models: RouteModels,
): Endpoint[] {
  const fastapi = route.owner.framework === "fastapi";
  const guards: Guard[] = [
    ...route.owner.guards,
    ...(fastapi ? dependencyGuards(keywordArgument(route.call, "dependencies")) : []),
    ...decoratorGuards(fastapi ? definitionDecoratorsExcept(definition, decorator) : below),
    ...(fastapi ? parameterGuards(definition.node) : []),
  ];
  const declared = statusCodeOf(keywordArgument(route.call, "status_code"));
  const statusCodes = sortedCodes([
    ...(declared === undefined ? [] : [declared]),
    ...statusCodesIn(definition.node.childForFieldName("body")),
  ]);
  const responseModel = keywordArgument(route.call, "response_model");
  if (responseModel !== undefined) models.responseModels.add(responseModel.text);
  const shown = route.path.startsWith("/") ? route.path : `/${route.path}`;
  return route.methods.map((method) => ({
    key: endpointKey(method, shown),
    label: `${method} ${shown}`,
    framework: route.owner.framework,
    method,
    path: shown,
    handler: definition.name,
    guards,
    statusCodes,
    line: lineOf(decorator),
    endLine: endLineOf(definition.outer),
  }));
}

/** FastAPI applies every decorator's effect through the dependency system; other route decorators are not guards. */
function definitionDecoratorsExcept(definition: Definition, route: SyntaxNode): SyntaxNode[] {
  return definition.decorators.filter((other) => other !== route);
}
