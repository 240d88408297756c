// The app and router objects a FastAPI or Flask module creates (`router = APIRouter(prefix="/v1",
// dependencies=[Depends(auth)])`, `bp = Blueprint("orders", __name__, url_prefix="/v1")`), with the prefix and
// guards their routes inherit, including where the same file mounts them (`include_router`, `register_blueprint`).
import { type Guard, joinRoutePath } from "../api-surface.js";
import { descendantsOfType, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { dependencyGuards } from "./fastapi-dependencies.js";
import { decoratorGuards, looksLikeGuardName } from "./guards.js";
import {
  allFunctions,
  assignmentsIn,
  calleeName,
  decoratorName,
  dottedName,
  keywordArgument,
  lastSegment,
  literalString,
  positionalArguments,
} from "./python-syntax.js";

export type RouteFramework = "fastapi" | "flask";

export interface RouteObject {
  framework: RouteFramework;
  prefix: string;
  guards: Guard[];
}

const constructors: Record<string, RouteFramework> = {
  FastAPI: "fastapi",
  APIRouter: "fastapi",
  Flask: "flask",
  Blueprint: "flask",
};

/** Router and app variables by name. */
export function routeObjects(root: SyntaxNode): Map<string, RouteObject> {
  const objects = new Map<string, RouteObject>();
  for (const assignment of assignmentsIn(namedChildrenOf(root))) {
    const call = assignment.value;
    const framework = call?.type === "call" ? constructors[lastSegment(calleeName(call) ?? "")] : undefined;
    if (call === undefined || framework === undefined) continue;
    const prefix =
      literalString(keywordArgument(call, framework === "fastapi" ? "prefix" : "url_prefix")) ?? "";
    objects.set(assignment.name, {
      framework,
      prefix,
      guards: dependencyGuards(keywordArgument(call, "dependencies")),
    });
  }
  applyMounts(root, objects);
  applyBeforeRequest(root, objects);
  return objects;
}

/** `app.include_router(router, prefix="/api", dependencies=[...])`, `app.register_blueprint(bp, url_prefix="/api")`. */
function applyMounts(root: SyntaxNode, objects: Map<string, RouteObject>): void {
  for (const call of descendantsOfType(root, "call")) {
    const method = lastSegment(calleeName(call) ?? "");
    if (method !== "include_router" && method !== "register_blueprint") continue;
    const mounted = objects.get(dottedName(positionalArguments(call)[0]) ?? "");
    if (mounted === undefined) continue;
    const prefix = literalString(
      keywordArgument(call, method === "include_router" ? "prefix" : "url_prefix"),
    );
    // Flask's url_prefix at registration replaces the blueprint's own; FastAPI's is prepended.
    if (prefix !== undefined)
      mounted.prefix = method === "include_router" ? joinRoutePath(prefix, mounted.prefix) : prefix;
    mounted.guards.push(...dependencyGuards(keywordArgument(call, "dependencies")));
  }
}

/** `@bp.before_request` functions named like access control guard every route of that blueprint. */
function applyBeforeRequest(root: SyntaxNode, objects: Map<string, RouteObject>): void {
  for (const definition of allFunctions(root)) {
    for (const decorator of definition.decorators) {
      const name = decoratorName(decorator);
      if (name === undefined || lastSegment(name) !== "before_request") continue;
      const target = objects.get(name.slice(0, name.lastIndexOf(".")));
      if (target === undefined) continue;
      if (looksLikeGuardName(definition.name)) {
        target.guards.push({ name: definition.name, allowsAll: false, line: lineOf(decorator) });
      }
      target.guards.push(...decoratorGuards(definition.decorators.filter((other) => other !== decorator)));
    }
  }
}

/** Which framework a module imports, for routes on an object created elsewhere. */
export function importedFramework(root: SyntaxNode): RouteFramework | undefined {
  for (const statement of namedChildrenOf(root)) {
    if (statement.type !== "import_from_statement" && statement.type !== "import_statement") continue;
    const module =
      statement.type === "import_from_statement"
        ? statement.childForFieldName("module_name")?.text
        : statement.text.replace(/^import\s+/, "");
    if (module === undefined) continue;
    if (/^fastapi\b/.test(module)) return "fastapi";
    if (/^flask\b/.test(module)) return "flask";
  }
  return undefined;
}
