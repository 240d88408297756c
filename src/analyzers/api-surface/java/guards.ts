// Access-control annotations on a class or method: Spring Security (`@PreAuthorize`, `@Secured`),
// Jakarta/JSR-250 (`@RolesAllowed`, `@PermitAll`, `@DenyAll`) and custom ones named like access control.
import { type Guard, looksLikeAccessControl } from "../api-surface.js";
import { lineOf, oneLine } from "../syntax-tree.js";
import { type Annotation, annotationArgument } from "./annotations.js";
import { javaString } from "./string-constants.js";

/** Access control by definition, whatever their arguments. */
const securityAnnotations = new Set([
  "PreAuthorize",
  "PostAuthorize",
  "Secured",
  "RolesAllowed",
  "PermitAll",
  "DenyAll",
]);
/** Allow everyone: JSR-250's `@PermitAll`, Vaadin's `@AnonymousAllowed`, custom `@Public`/`@AllowAnonymous`. */
const allowAllAnnotations = new Set(["PermitAll", "AnonymousAllowed", "AllowAnonymous", "Public"]);
/** Named like access control but documentation or parameter binding, not a guard. */
const notGuards = new Set([
  "SecurityRequirement",
  "SecurityRequirements",
  "SecurityScheme",
  "AuthenticationPrincipal",
  "CurrentSecurityContext",
  "RequestHeader",
  "SessionAttributes",
  "SessionAttribute",
  "Scope",
  "RequestScope",
  "SessionScope",
  "ApplicationScope",
]);
/** Spring Security expressions that let anyone in. */
const allowAllExpressions = new Set(["permitAll", "permitAll()", "isAnonymous()", "anonymous"]);

export function guardsOf(annotations: readonly Annotation[]): Guard[] {
  return annotations.filter(isGuard).map((annotation) => ({
    name: oneLine(annotation.node.text, 200),
    allowsAll: allowsAll(annotation),
    line: lineOf(annotation.node),
  }));
}

function isGuard(annotation: Annotation): boolean {
  if (securityAnnotations.has(annotation.name) || allowAllAnnotations.has(annotation.name)) return true;
  return !notGuards.has(annotation.name) && looksLikeAccessControl(annotation.name);
}

function allowsAll(annotation: Annotation): boolean {
  if (allowAllAnnotations.has(annotation.name)) return true;
  if (annotation.name !== "PreAuthorize") return false;
  const value = annotationArgument(annotation, ["value"]);
  const expression = value === undefined ? undefined : javaString(value, new Map());
  return expression !== undefined && allowAllExpressions.has(expression.trim());
}
