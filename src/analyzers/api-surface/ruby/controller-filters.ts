// Class-level access control of a Rails controller, resolved per action: `before_action :authenticate_user!`
// (narrowed by `only:`/`except:`), `skip_before_action` (removes it and allows everyone), Rails 8
// `allow_unauthenticated_access`, CanCanCan `load_and_authorize_resource`, `http_basic_authenticate_with`.
import { type Guard, looksLikeAccessControl } from "../api-surface.js";
import { lineOf, type SyntaxNode } from "../syntax-tree.js";
import {
  callName,
  isBareCall,
  literalName,
  optionValue,
  positionalArguments,
  symbolList,
} from "./ruby-calls.js";

/** One class-level declaration: the guard it adds or the allow-all it stands for, and what it applies to. */
interface Filter {
  guard: Guard;
  /** Callback names this declaration skips (`skip_before_action :authenticate_user!` skips `authenticate_user!`). */
  skips: string[];
  /** The callback this declaration installs, for a later skip to remove. */
  installs?: string;
  appliesTo: (action: string) => boolean;
}

const callbackKinds = new Set([
  "before_action",
  "prepend_before_action",
  "append_before_action",
  "before_filter",
  "after_action",
  "around_action",
]);
const skipKinds = new Set([
  "skip_before_action",
  "skip_after_action",
  "skip_around_action",
  "skip_before_filter",
]);
/** CanCanCan and friends: access control by definition, whatever they are called with. */
const namedGuards = new Set([
  "load_and_authorize_resource",
  "authorize_resource",
  "check_authorization",
  "http_basic_authenticate_with",
]);
const namedSkips: Record<string, string[]> = {
  allow_unauthenticated_access: ["require_authentication"],
  skip_authorize_resource: ["load_and_authorize_resource", "authorize_resource"],
  skip_load_and_authorize_resource: ["load_and_authorize_resource", "authorize_resource"],
  skip_authorization_check: ["check_authorization"],
};

/** The guards each public action ends up with, in declaration order. */
export function guardsByAction(
  statements: readonly SyntaxNode[],
  actions: readonly string[],
): Map<string, Guard[]> {
  const filters = statements.flatMap(filtersOf);
  const byAction = new Map<string, Guard[]>();
  for (const action of actions) {
    let guards: Array<{ guard: Guard; installs?: string }> = [];
    for (const filter of filters) {
      if (!filter.appliesTo(action)) continue;
      guards = guards.filter((held) => held.installs === undefined || !filter.skips.includes(held.installs));
      guards.push(filter);
    }
    byAction.set(
      action,
      guards.map((held) => held.guard),
    );
  }
  return byAction;
}

function filtersOf(statement: SyntaxNode): Filter[] {
  const name = statement.type === "identifier" ? statement.text : callName(statement);
  if (name === undefined || (statement.type === "call" && !isBareCall(statement))) return [];
  const line = lineOf(statement);
  const appliesTo = statement.type === "call" ? actionFilter(statement) : () => true;
  if (namedGuards.has(name))
    return [{ guard: { name, allowsAll: false, line }, skips: [], installs: name, appliesTo }];
  const skipped = namedSkips[name];
  if (skipped !== undefined) return [{ guard: { name, allowsAll: true, line }, skips: skipped, appliesTo }];
  if (statement.type !== "call" || !(callbackKinds.has(name) || skipKinds.has(name))) return [];
  const skip = skipKinds.has(name);
  return positionalArguments(statement).flatMap((argument) => {
    const callback = literalName(argument);
    if (callback === undefined || !looksLikeAccessControl(callback)) return [];
    const guard = { name: `${name} :${callback}`, allowsAll: skip, line };
    return skip
      ? [{ guard, skips: [callback], appliesTo }]
      : [{ guard, skips: [], installs: callback, appliesTo }];
  });
}

/** `only:` / `except:`; a list that is not literal applies nowhere (nothing is guessed). */
function actionFilter(call: SyntaxNode): (action: string) => boolean {
  const onlyNode = optionValue(call, "only");
  const exceptNode = optionValue(call, "except");
  const only = onlyNode === undefined ? undefined : symbolList(onlyNode);
  const except = exceptNode === undefined ? undefined : symbolList(exceptNode);
  if ((onlyNode !== undefined && only === undefined) || (exceptNode !== undefined && except === undefined))
    return () => false;
  return (action) => (only === undefined || only.includes(action)) && !(except ?? []).includes(action);
}
