// Spring Security URL rules: `.requestMatchers("/api/admin/**").hasRole("ADMIN")` (and the older
// `antMatchers`/`mvcMatchers`, WebFlux `pathMatchers`, `anyRequest()`) → one endpoint per pattern, keyed
// `security <pattern>` (`security POST <pattern>` for a method-specific matcher), guarded by the rule.
import type { Endpoint, Guard } from "../api-surface.js";
import { endLineOf, lineOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { codeChildrenOf, simpleName } from "./annotations.js";
import { callsInSourceOrder } from "./declarations.js";
import { javaString, type StringConstants } from "./string-constants.js";

const matcherNames = new Set([
  "requestMatchers",
  "antMatchers",
  "mvcMatchers",
  "regexMatchers",
  "pathMatchers",
]);
const anyNames = new Set(["anyRequest", "anyExchange"]);
const ruleNames = new Set([
  "permitAll",
  "denyAll",
  "authenticated",
  "fullyAuthenticated",
  "anonymous",
  "rememberMe",
  "hasRole",
  "hasAnyRole",
  "hasAuthority",
  "hasAnyAuthority",
  "hasIpAddress",
  "access",
]);
const allowAllRules = new Set(["permitAll", "anonymous"]);
/** Factories wrapping a pattern: `antMatcher("/x")`, `new AntPathRequestMatcher("/x", "POST")`, `mvc.pattern("/x")`. */
const wrapperNames = new Set([
  "antMatcher",
  "regexMatcher",
  "pattern",
  "AntPathRequestMatcher",
  "RegexRequestMatcher",
  "PathPatternRequestMatcher",
]);

interface Pattern {
  method?: string;
  pattern: string;
}

export function securityEndpointsOf(root: SyntaxNode, constants: StringConstants): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const rule of callsInSourceOrder(root)) {
    const ruleName = rule.childForFieldName("name");
    const matcher = rule.childForFieldName("object");
    if (ruleName === null || matcher?.type !== "method_invocation" || !ruleNames.has(ruleName.text)) continue;
    const guard: Guard = {
      name: oneLine(source(ruleName, rule), 200),
      allowsAll: allowAllRules.has(ruleName.text),
      line: lineOf(ruleName),
    };
    const matcherName = matcher.childForFieldName("name");
    if (matcherName === null) continue;
    const line = lineOf(matcherName);
    for (const { method, pattern } of patternsOf(matcher, constants)) {
      endpoints.push({
        key: method === undefined ? `security ${pattern}` : `security ${method} ${pattern}`,
        label: method === undefined ? pattern : `${method} ${pattern}`,
        framework: "spring",
        ...(method === undefined ? {} : { method }),
        ...(pattern.startsWith("/") ? { path: pattern } : {}),
        guards: [{ ...guard }],
        statusCodes: [],
        line,
        endLine: endLineOf(rule),
      });
    }
  }
  return endpoints;
}

/** The patterns a matcher call covers; none when one of them is not literal (never guessed). */
function patternsOf(matcher: SyntaxNode, constants: StringConstants): Pattern[] {
  const name = matcher.childForFieldName("name")?.text ?? "";
  if (anyNames.has(name)) return [{ pattern: `${name}()` }];
  if (!matcherNames.has(name)) return [];
  let method: string | undefined;
  const patterns: Pattern[] = [];
  for (const argument of argumentsOf(matcher)) {
    if (
      argument.type === "field_access" &&
      simpleName(argument.childForFieldName("object")?.text ?? "") === "HttpMethod"
    ) {
      method = argument.childForFieldName("field")?.text;
      continue;
    }
    const pattern = patternOf(argument, constants);
    if (pattern === undefined) return [];
    patterns.push(pattern);
  }
  return patterns.map((found) => ({ ...found, method: found.method ?? method }));
}

function patternOf(argument: SyntaxNode, constants: StringConstants): Pattern | undefined {
  const literal = javaString(argument, constants);
  if (literal !== undefined) return { pattern: literal };
  const isCall = argument.type === "method_invocation" || argument.type === "object_creation_expression";
  const callee =
    argument.childForFieldName(argument.type === "method_invocation" ? "name" : "type")?.text ?? "";
  if (!isCall || !wrapperNames.has(simpleName(callee))) return undefined;
  const [first, second] = argumentsOf(argument);
  const pattern = first === undefined ? undefined : javaString(first, constants);
  if (pattern === undefined) return undefined;
  const method = second === undefined ? undefined : (javaString(second, constants) ?? httpMethodOf(second));
  return method === undefined ? { pattern } : { pattern, method: method.toUpperCase() };
}

function httpMethodOf(node: SyntaxNode): string | undefined {
  if (node.type !== "field_access") return undefined;
  return simpleName(node.childForFieldName("object")?.text ?? "") === "HttpMethod"
    ? node.childForFieldName("field")?.text
    : undefined;
}

/** The rule as written from its name on: `hasRole("ADMIN")`, not the whole chain before it. */
function source(name: SyntaxNode, call: SyntaxNode): string {
  return `${name.text}${call.childForFieldName("arguments")?.text ?? "()"}`;
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName("arguments");
  return list === null ? [] : codeChildrenOf(list);
}
