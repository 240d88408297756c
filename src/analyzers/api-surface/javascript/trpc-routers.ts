// tRPC routers: `router({ list: publicProcedure.query(…), orders: router({ create: protectedProcedure
// .input(z.object({…})).mutation(…) }) })` → `trpc list`, `trpc orders.create`. The procedure a chain starts
// from (`protectedProcedure`, `adminProcedure`) and `.use(isAuthed)` are guards; `publicProcedure` is none.
import { type Endpoint, type Guard, looksLikeAccessControl, type Shape } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import {
  argumentsOf,
  calleeName,
  memberCall,
  propertyKeyName,
  topLevelDeclarations,
  unwrapExpression,
} from "./js-syntax.js";
import { guardsOfMiddleware } from "./middleware-guards.js";
import { evaluateSchema } from "./schema-shapes.js";

const routerBuilders = /^(?:router|createTRPCRouter|createRouter|mergeRouters)$|Router$/;
const procedureKinds = new Set(["query", "mutation", "subscription"]);

interface TrpcContext {
  declarations: Map<string, SyntaxNode>;
  endpoints: Endpoint[];
  shapes: Shape[];
}

export function extractTrpcRouters(root: SyntaxNode): { endpoints: Endpoint[]; shapes: Shape[] } {
  const context: TrpcContext = { declarations: topLevelDeclarations(root), endpoints: [], shapes: [] };
  const routers = root
    .descendantsOfType("call_expression")
    .filter((call): call is SyntaxNode => call !== null && routerLiteral(call) !== undefined);
  const nested = new Set<number>();
  for (const call of routers) {
    for (const child of childRouters(context, call)) nested.add(child.id);
  }
  for (const call of routers) {
    if (!nested.has(call.id)) readRouter(context, call, "", new Set());
  }
  return { endpoints: context.endpoints, shapes: context.shapes };
}

/** The object literal of `router({…})`, `t.router({…})`, `createTRPCRouter({…})`. */
function routerLiteral(call: SyntaxNode): SyntaxNode | undefined {
  const name = calleeName(call);
  const literal = argumentsOf(call)[0];
  if (name === undefined || !routerBuilders.test(name) || literal?.type !== "object") return undefined;
  return literal;
}

/** Routers a router's entries hand over: inline `router({…})` or a local const holding one. */
function childRouters(context: TrpcContext, call: SyntaxNode): SyntaxNode[] {
  const literal = routerLiteral(call);
  if (literal === undefined) return [];
  return namedChildrenOf(literal).flatMap((entry) => {
    const value = entryValue(entry);
    const router = value === undefined ? undefined : routerCall(context, value);
    return router === undefined ? [] : [router];
  });
}

function entryValue(entry: SyntaxNode): SyntaxNode | undefined {
  if (entry.type === "pair") return entry.childForFieldName("value") ?? undefined;
  if (entry.type === "shorthand_property_identifier") return entry;
  return undefined;
}

function routerCall(context: TrpcContext, value: SyntaxNode): SyntaxNode | undefined {
  const expression = unwrapExpression(value);
  if (expression.type === "call_expression")
    return routerLiteral(expression) === undefined ? undefined : expression;
  if (expression.type === "identifier" || expression.type === "shorthand_property_identifier") {
    const declared = context.declarations.get(expression.text)?.childForFieldName("value");
    return declared === null || declared === undefined ? undefined : routerCall(context, declared);
  }
  return undefined;
}

function readRouter(context: TrpcContext, call: SyntaxNode, prefix: string, seen: Set<number>): void {
  const literal = routerLiteral(call);
  if (literal === undefined || seen.has(call.id)) return;
  const within = new Set([...seen, call.id]);
  for (const entry of namedChildrenOf(literal)) {
    const value = entryValue(entry);
    const key = entry.type === "pair" ? propertyKeyName(entry.childForFieldName("key")) : entry.text;
    if (value === undefined || key === undefined || entry.type === "spread_element") continue;
    const name = prefix === "" ? key : `${prefix}.${key}`;
    const child = routerCall(context, value);
    if (child !== undefined) readRouter(context, child, name, within);
    else readProcedure(context, entry, unwrapExpression(value), name);
  }
}

/** `protectedProcedure.use(isAdmin).input(schema).mutation(fn)` → guards and the input shape. */
function readProcedure(context: TrpcContext, entry: SyntaxNode, value: SyntaxNode, name: string): void {
  const kind = memberCall(value);
  if (kind === undefined || !procedureKinds.has(kind.method)) return;
  const guards: Guard[] = [];
  let current: SyntaxNode = unwrapExpression(kind.receiver);
  for (let call = memberCall(current); call !== undefined; call = memberCall(current)) {
    const args = argumentsOf(current);
    if (call.method === "use") guards.unshift(...guardsOfMiddleware(args));
    if (call.method === "input" && args[0] !== undefined) addInputShape(context, name, args[0]);
    current = unwrapExpression(call.receiver);
  }
  const base = current.type === "member_expression" ? current.childForFieldName("property") : current;
  if (base !== null && looksLikeAccessControl(base.text) && !/^public/i.test(base.text)) {
    guards.unshift({ name: oneLine(base.text), allowsAll: false, line: lineOf(base) });
  }
  context.endpoints.push({
    key: `trpc ${name}`,
    label: name,
    framework: "trpc",
    handler: name,
    guards,
    statusCodes: [],
    line: lineOf(entry),
    endLine: endLineOf(entry),
  });
}

function addInputShape(context: TrpcContext, name: string, schemaNode: SyntaxNode): void {
  const schema = evaluateSchema(schemaNode, context.declarations, new Set());
  if (schema === undefined) return;
  context.shapes.push({
    name: `trpc ${name} input`,
    role: "request",
    fields: schema.fields.map((entry) => entry.field),
    open: schema.open,
    line: lineOf(schemaNode),
    endLine: endLineOf(schemaNode),
  });
}
