// Guards as Python frameworks write them: DRF permission class lists (`[IsAuthenticated & IsOwner]`),
// access-control decorators (`@login_required`, `@jwt_required()`), Django auth mixins.
import { type Guard, looksLikeAccessControl } from "../api-surface.js";
import { lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import {
  calleeName,
  decoratorExpression,
  decoratorName,
  dottedName,
  lastSegment,
  sequenceElements,
} from "./python-syntax.js";

const allowAllNames = new Set([
  "AllowAny",
  "login_not_required",
  "permission_classes([])",
  "authentication_classes([])",
]);

/** Each permission class of `[IsAuthenticated & IsOwner, HasScope("x")]` as a guard; every one is access control. */
export function permissionClassGuards(value: SyntaxNode | undefined, written: string): Guard[] {
  if (value === undefined) return [];
  const elements = sequenceElements(value);
  if (elements === undefined) return [{ name: oneLine(value.text), allowsAll: false, line: lineOf(value) }];
  if (elements.length === 0) return [{ name: `${written} = []`, allowsAll: true, line: lineOf(value) }];
  return elements.flatMap(permissionOperands);
}

/** `A & B`, `A | ~B` → A, B: each class named in a composed permission. */
function permissionOperands(node: SyntaxNode): Guard[] {
  if (node.type === "binary_operator" || node.type === "boolean_operator") {
    return namedChildrenOf(node).flatMap(permissionOperands);
  }
  if (
    node.type === "unary_operator" ||
    node.type === "parenthesized_expression" ||
    node.type === "not_operator"
  ) {
    return namedChildrenOf(node).flatMap(permissionOperands);
  }
  const name = node.type === "call" ? (calleeName(node) ?? oneLine(node.text)) : oneLine(node.text);
  return [
    {
      name: node.type === "call" ? oneLine(node.text) : name,
      allowsAll: lastSegment(name) === "AllowAny",
      line: lineOf(node),
    },
  ];
}

/** `authentication_classes = []`: no way to authenticate, so everyone is anonymous and allowed. */
export function emptyAuthenticationGuard(value: SyntaxNode | undefined, written: string): Guard[] {
  const elements = sequenceElements(value);
  if (value === undefined || elements === undefined || elements.length > 0) return [];
  return [{ name: `${written} = []`, allowsAll: true, line: lineOf(value) }];
}

/** DRF and Django decorators on a view: `@permission_classes([...])`, `@login_required`, `@login_not_required`. */
export function decoratorGuards(decorators: readonly SyntaxNode[]): Guard[] {
  const guards: Guard[] = [];
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    const expression = decoratorExpression(decorator);
    if (name === undefined || expression === undefined) continue;
    const short = lastSegment(name);
    const firstArgument =
      expression.type === "call"
        ? namedChildrenOf(expression.childForFieldName("arguments") ?? expression)[0]
        : undefined;
    if (short === "permission_classes")
      guards.push(...permissionClassGuards(firstArgument, "permission_classes"));
    else if (short === "authentication_classes")
      guards.push(...emptyAuthenticationGuard(firstArgument, "authentication_classes"));
    else if (short === "method_decorator") guards.push(...methodDecoratorGuards(expression, decorator));
    else if (looksLikeGuardName(short)) {
      guards.push({
        name: oneLine(expression.text),
        allowsAll: allowAllNames.has(short),
        line: lineOf(decorator),
      });
    }
  }
  return guards;
}

/** `@method_decorator(login_required, name="dispatch")` on a class-based view. */
function methodDecoratorGuards(call: SyntaxNode, decorator: SyntaxNode): Guard[] {
  const wrapped = namedChildrenOf(call.childForFieldName("arguments") ?? call)[0];
  if (wrapped === undefined || wrapped.type === "keyword_argument") return [];
  const wrappedName = wrapped.type === "call" ? calleeName(wrapped) : dottedName(wrapped);
  if (wrappedName === undefined || !looksLikeGuardName(lastSegment(wrappedName))) return [];
  return [
    {
      name: oneLine(wrapped.text),
      allowsAll: allowAllNames.has(lastSegment(wrappedName)),
      line: lineOf(decorator),
    },
  ];
}

/** Django auth mixins among a class's bases (`LoginRequiredMixin`, `PermissionRequiredMixin`). */
export function mixinGuards(classNode: SyntaxNode): Guard[] {
  const list = classNode.childForFieldName("superclasses");
  if (list === null) return [];
  return namedChildrenOf(list)
    .filter((base) => {
      const name = dottedName(base);
      return name !== undefined && /Mixin$/.test(name) && looksLikeGuardName(lastSegment(name));
    })
    .map((base) => ({ name: base.text, allowsAll: false, line: lineOf(base) }));
}

/** Decorator and dependency names that are about access control (not `csrf_exempt`, `cache_page`). */
export function looksLikeGuardName(name: string): boolean {
  return looksLikeAccessControl(name) && name !== "csrf_exempt";
}
