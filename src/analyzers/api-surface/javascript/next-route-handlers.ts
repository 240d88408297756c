// Next.js route handlers: `app/**/route.ts` exporting `GET`/`POST`… (path from the folders under `app/`,
// route groups `(group)` and slots `@x` dropped) and `pages/api/**` default exports (`ANY /api/…`).
// Guards: a wrapper named for access control (`withAuth(handler)`) or a call in the handler to
// `requireUser()`/`auth()`/`getServerSession()` and the like.
import { type Endpoint, endpointKey, type Guard, looksLikeAccessControl } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import {
  argumentsOf,
  calleeName,
  isFunction,
  localFunction,
  ownDescendants,
  topLevelDeclarations,
  unwrapExpression,
} from "./js-syntax.js";
import { wrapperGuard } from "./middleware-guards.js";
import { functionBody, statusCodesIn } from "./status-codes.js";

const methods = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const guardCall =
  /^(?:require|ensure|assert|verify|check|validate)\w*|^(?:auth|getServerSession|getSession|currentUser)$/;

export function extractNextRouteHandlers(root: SyntaxNode, path: string): Endpoint[] {
  const appPath = appRoutePath(path);
  if (appPath !== undefined) return appRouteHandlers(root, appPath);
  const apiPath = pagesApiPath(path);
  if (apiPath !== undefined) return pagesApiHandler(root, apiPath);
  return [];
}

/** `src/app/(shop)/api/orders/[id]/route.ts` → `/api/orders/[id]`. */
function appRoutePath(path: string): string | undefined {
  const segments = path.split("/");
  const file = segments.at(-1) ?? "";
  const app = segments.indexOf("app");
  if (!/^route\.[cm]?[jt]sx?$/.test(file) || app < 0) return undefined;
  const kept = segments.slice(app + 1, -1).filter((segment) => !/^\(.*\)$|^@/.test(segment));
  return `/${kept.join("/")}`;
}

/** `pages/api/orders/[id].ts` → `/api/orders/[id]`; `index` files name their folder. */
function pagesApiPath(path: string): string | undefined {
  const segments = path.split("/");
  const pages = segments.findIndex((segment, index) => segment === "pages" && segments[index + 1] === "api");
  if (pages < 0) return undefined;
  const rest = segments.slice(pages + 1);
  const last = rest.pop()?.replace(/\.[cm]?[jt]sx?$/, "");
  if (last === undefined) return undefined;
  if (last !== "index") rest.push(last);
  return `/${rest.join("/")}`;
}

function appRouteHandlers(root: SyntaxNode, path: string): Endpoint[] {
  const declarations = topLevelDeclarations(root);
  const endpoints: Endpoint[] = [];
  for (const statement of namedChildrenOf(root)) {
    if (statement.type !== "export_statement") continue;
    for (const [method, value] of exportedHandlers(statement, declarations)) {
      if (methods.has(method)) endpoints.push(endpointOf(method, path, value, statement, declarations));
    }
  }
  return endpoints;
}

function pagesApiHandler(root: SyntaxNode, path: string): Endpoint[] {
  const declarations = topLevelDeclarations(root);
  for (const statement of namedChildrenOf(root)) {
    if (
      statement.type !== "export_statement" ||
      !statement.children.some((child) => child?.type === "default")
    ) {
      continue;
    }
    const value = statement.childForFieldName("declaration") ?? statement.childForFieldName("value");
    if (value !== null) return [endpointOf("ANY", path, value, statement, declarations)];
  }
  return [];
}

/** `export async function GET`, `export const POST = …`, `export { handler as PUT }`. */
function exportedHandlers(
  statement: SyntaxNode,
  declarations: Map<string, SyntaxNode>,
): Array<[string, SyntaxNode]> {
  const declaration = statement.childForFieldName("declaration");
  if (declaration?.type === "function_declaration") {
    const name = declaration.childForFieldName("name")?.text;
    return name === undefined ? [] : [[name, declaration]];
  }
  if (declaration?.type === "lexical_declaration" || declaration?.type === "variable_declaration") {
    return namedChildrenOf(declaration).flatMap((declarator): Array<[string, SyntaxNode]> => {
      const name = declarator.childForFieldName("name")?.text;
      const value = declarator.childForFieldName("value");
      return name === undefined || value === null ? [] : [[name, value]];
    });
  }
  const clause = namedChildrenOf(statement).find((child) => child.type === "export_clause");
  if (clause === undefined) return [];
  return namedChildrenOf(clause).flatMap((specifier): Array<[string, SyntaxNode]> => {
    const local = specifier.childForFieldName("name")?.text;
    const exported = specifier.childForFieldName("alias")?.text ?? local;
    const declared = local === undefined ? undefined : declarations.get(local);
    return exported === undefined || declared === undefined ? [] : [[exported, declared]];
  });
}

function endpointOf(
  method: string,
  path: string,
  value: SyntaxNode,
  statement: SyntaxNode,
  declarations: Map<string, SyntaxNode>,
): Endpoint {
  const handler = readHandler(value, declarations, new Set());
  return {
    key: endpointKey(method, path),
    label: `${method} ${path}`,
    framework: "nextjs",
    method,
    path,
    handler: method === "ANY" ? "default" : method,
    guards: handler.guards,
    statusCodes: handler.statusCodes,
    line: lineOf(statement),
    endLine: endLineOf(statement),
  };
}

interface HandlerFacts {
  guards: Guard[];
  statusCodes: number[];
}

/** Follows wrappers and local names down to the handler function. */
function readHandler(
  node: SyntaxNode,
  declarations: Map<string, SyntaxNode>,
  seen: Set<string>,
): HandlerFacts {
  const expression =
    node.type === "variable_declarator" ? node.childForFieldName("value") : unwrapExpression(node);
  if (expression === null) return { guards: [], statusCodes: [] };
  if (isFunction(expression)) {
    const body = functionBody(expression);
    return { guards: body === undefined ? [] : guardCalls(body), statusCodes: statusCodesIn(body) };
  }
  if (expression.type === "identifier" && !seen.has(expression.text)) {
    const local = localFunction(declarations, expression.text) ?? declarations.get(expression.text);
    return local === undefined
      ? { guards: [], statusCodes: [] }
      : readHandler(local, declarations, new Set([...seen, expression.text]));
  }
  if (expression.type === "call_expression") {
    const wrapper = wrapperGuard(expression);
    const inner = argumentsOf(expression).map((arg) => readHandler(arg, declarations, seen));
    return {
      guards: [...(wrapper === undefined ? [] : [wrapper]), ...inner.flatMap((facts) => facts.guards)],
      statusCodes: [...new Set(inner.flatMap((facts) => facts.statusCodes))].sort((a, b) => a - b),
    };
  }
  return { guards: [], statusCodes: [] };
}

/** `await requireUser()`, `const session = await auth()` in the handler's own body. */
function guardCalls(body: SyntaxNode): Guard[] {
  const guards: Guard[] = [];
  ownDescendants(body, (node) => {
    if (node.type !== "call_expression") return;
    const name = calleeName(node);
    if (name === undefined || !guardCall.test(name) || !looksLikeAccessControl(name)) return;
    guards.push({ name: oneLine(node.text), allowsAll: false, line: lineOf(node) });
  });
  return guards;
}
