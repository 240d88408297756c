// Rails controllers: every public instance method is an action (`action Api::V1::OrdersController#show`),
// guarded by the class's filters and by Pundit/CanCanCan checks inside it, answering with literal statuses.
import type { Endpoint, Guard } from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, type SyntaxNode } from "../syntax-tree.js";
import { guardsByAction } from "./controller-filters.js";
import { railsStatusCodes } from "./rails-status-codes.js";
import { callName, isBareCall, literalName, positionalArguments } from "./ruby-calls.js";
import type { RubyClass } from "./ruby-classes.js";

const controllerBases = new Set([
  "ActionController::Base",
  "ActionController::API",
  "ActionController::Metal",
]);

export function isRailsController(declared: RubyClass): boolean {
  return (
    declared.name.endsWith("Controller") ||
    declared.superclass.endsWith("Controller") ||
    controllerBases.has(declared.superclass.replace(/^::/, ""))
  );
}

export function controllerActions(controller: RubyClass): Endpoint[] {
  const methods = publicMethods(controller.statements);
  const guards = guardsByAction(
    controller.statements,
    methods.map((method) => method.name),
  );
  return methods.map(({ name, node }) => {
    const key = `action ${controller.name}#${name}`;
    return {
      key,
      label: `${controller.name}#${name}`,
      framework: "rails",
      handler: `${controller.name}#${name}`,
      guards: [...(guards.get(name) ?? []), ...checksInside(node)],
      statusCodes: railsStatusCodes(node),
      line: lineOf(node),
      endLine: endLineOf(node),
    };
  });
}

/** Instance methods before any `private`/`protected`, minus those `private :name` hides later. */
function publicMethods(statements: readonly SyntaxNode[]): Array<{ name: string; node: SyntaxNode }> {
  const found: Array<{ name: string; node: SyntaxNode }> = [];
  const hidden = new Set<string>();
  let visible = true;
  for (const statement of statements) {
    const name = statement.type === "identifier" ? statement.text : callName(statement);
    if (statement.type === "method") {
      const methodName = statement.childForFieldName("name")?.text;
      if (visible && methodName !== undefined) found.push({ name: methodName, node: statement });
    } else if (name === "private" || name === "protected" || name === "public") {
      const targets = statement.type === "call" ? positionalArguments(statement) : [];
      if (targets.length === 0) visible = name === "public";
      for (const target of targets) {
        const targetName =
          target.type === "method" ? target.childForFieldName("name")?.text : literalName(target);
        if (targetName !== undefined && name !== "public") hidden.add(targetName);
        if (target.type === "method" && targetName !== undefined && name === "public")
          found.push({ name: targetName, node: target });
      }
    }
  }
  return found.filter((method) => !hidden.has(method.name));
}

/** Checks written inside an action, and whether each allows everyone. */
const inlineChecks = new Map([
  ["authorize", false],
  ["authorize!", false],
  ["policy_scope", false],
  ["skip_authorization", true],
]);

/** Pundit `authorize @order`, `policy_scope(Order)`, CanCanCan `authorize! :read, @order` in the action. */
function checksInside(method: SyntaxNode): Guard[] {
  return descendantsOfType(method, ["call", "identifier"]).flatMap((node) => {
    const name = node.type === "identifier" ? node.text : callName(node);
    const allowsAll = name === undefined ? undefined : inlineChecks.get(name);
    if (name === undefined || allowsAll === undefined) return [];
    if (node.type === "identifier" && node.parent?.type === "call") return [];
    if (node.type === "call" && !isBareCall(node)) return [];
    return [{ name, allowsAll, line: lineOf(node) }];
  });
}
