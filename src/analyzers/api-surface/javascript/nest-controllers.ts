// NestJS controllers: `@Controller('orders')` + `@Get(':id')` methods → `GET /orders/{}`, with
// `@UseGuards(…)`, `@Roles(…)` and `@Public()` (allows all) from the class and the method, `@HttpCode(204)`.
import {
  type Endpoint,
  endpointKey,
  type Guard,
  joinRoutePath,
  looksLikeAccessControl,
} from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import {
  type ClassMember,
  classDecorators,
  classesOf,
  classMembers,
  className,
  type Decorator,
} from "./class-decorators.js";
import { literalInteger, literalString, objectProperty } from "./js-syntax.js";
import { functionBody, statusCodesIn } from "./status-codes.js";

const routeDecorators: Record<string, string> = {
  Get: "GET",
  Post: "POST",
  Put: "PUT",
  Patch: "PATCH",
  Delete: "DELETE",
  Options: "OPTIONS",
  Head: "HEAD",
  All: "ANY",
};
const publicDecorators =
  /^(?:Public|IsPublic|PublicRoute|AllowAnonymous|Anonymous|AllowAny|SkipAuth|NoAuth|Unprotected)$/;

export function extractNestControllers(root: SyntaxNode): Endpoint[] {
  return classesOf(root).flatMap((node) => {
    const decorators = classDecorators(node);
    const controller = decorators.find((decorator) => decorator.name === "Controller");
    if (controller === undefined) return [];
    const prefixes = pathsOf(controller);
    const classGuards = decorators.flatMap(guardsOfDecorator);
    const name = className(node) ?? "Controller";
    return classMembers(node).flatMap((member) => routesOf(member, name, prefixes, classGuards));
  });
}

function routesOf(
  member: ClassMember,
  controller: string,
  prefixes: string[],
  classGuards: Guard[],
): Endpoint[] {
  if (member.member.type !== "method_definition") return [];
  const routes = member.decorators.filter((decorator) => routeDecorators[decorator.name] !== undefined);
  if (routes.length === 0) return [];
  const methodName = member.member.childForFieldName("name")?.text ?? "";
  const guards = [...classGuards, ...member.decorators.flatMap(guardsOfDecorator)];
  const codes = new Set(statusCodesIn(functionBody(member.member)));
  for (const decorator of member.decorators) {
    const code = decorator.name === "HttpCode" ? literalInteger(decorator.args[0]) : undefined;
    if (code !== undefined) codes.add(code);
  }
  const line = Math.min(
    ...member.decorators.map((decorator) => lineOf(decorator.node)),
    lineOf(member.member),
  );
  return routes.flatMap((decorator) =>
    prefixes.flatMap((prefix) =>
      pathsOf(decorator).map((own) => {
        const method = routeDecorators[decorator.name]!;
        const path = absolute(joinRoutePath(prefix, own));
        return {
          key: endpointKey(method, path),
          label: `${method} ${path}`,
          framework: "nestjs" as const,
          method,
          path,
          handler: `${controller}.${methodName}`,
          guards,
          statusCodes: [...codes].sort((a, b) => a - b),
          line,
          endLine: endLineOf(member.member),
        };
      }),
    ),
  );
}

/** `('orders')`, `(['a', 'b'])`, `({ path: 'orders' })`, `()` → the declared paths ('' when none). */
function pathsOf(decorator: Decorator): string[] {
  const arg = decorator.args[0];
  if (arg === undefined) return [""];
  const single = literalString(arg);
  if (single !== undefined) return [single];
  if (arg.type === "array") {
    const paths = namedChildrenOf(arg).flatMap((element) => literalString(element) ?? []);
    return paths.length > 0 ? paths : [""];
  }
  if (arg.type === "object") {
    const path = objectProperty(arg, "path");
    return path === undefined ? [""] : pathsOf({ ...decorator, args: [path] });
  }
  return [""];
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `/${path}`;
}

/** `@UseGuards(A, B)` → A, B; `@Public()` → allows all; `@Roles('admin')` and other access decorators. */
export function guardsOfDecorator(decorator: Decorator): Guard[] {
  if (decorator.name === "UseGuards") {
    return decorator.args.map((arg) => ({ name: oneLine(arg.text), allowsAll: false, line: lineOf(arg) }));
  }
  const named = { name: oneLine(decorator.node.text), line: lineOf(decorator.node) };
  if (publicDecorators.test(decorator.name)) return [{ ...named, allowsAll: true }];
  // `@ApiBearerAuth()` and friends document the API (Swagger); they do not guard it.
  if (decorator.name.startsWith("Api") || !looksLikeAccessControl(decorator.name)) return [];
  return [{ ...named, allowsAll: false }];
}
