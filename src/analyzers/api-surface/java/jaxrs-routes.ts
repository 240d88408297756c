// JAX-RS / Jakarta REST resources: a `@Path("/orders")` class with `@GET`/`@POST`… methods, each with an
// optional `@Path("{id}")` → one endpoint per method. Sub-resource locators (a `@Path` without a verb) are skipped.
import { type Endpoint, endpointKey, joinRoutePath } from "../api-surface.js";
import { lineOf, type SyntaxNode } from "../syntax-tree.js";
import { type Annotation, annotationArgument, annotationsOf, findAnnotation } from "./annotations.js";
import { headerEndLineOf, methodsOf, nameOf } from "./declarations.js";
import { guardsOf } from "./guards.js";
import { annotatedStatusCodes, bodyStatusCodes, sortedCodes } from "./status-codes.js";
import { javaString, type StringConstants } from "./string-constants.js";

const verbs = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
/** MicroProfile REST clients use the same annotations to call an API, not to serve one. */
const clientAnnotations = ["RegisterRestClient", "RegisterClientHeaders"];

export function jaxrsEndpointsOf(type: SyntaxNode, constants: StringConstants): Endpoint[] {
  const annotations = annotationsOf(type);
  const classPath = findAnnotation(annotations, ["Path"]);
  if (classPath === undefined || findAnnotation(annotations, clientAnnotations) !== undefined) return [];
  const prefix = pathOf(classPath, constants);
  if (prefix === undefined) return [];
  const classGuards = guardsOf(annotations);
  const endpoints: Endpoint[] = [];
  for (const method of methodsOf(type)) {
    const methodAnnotations = annotationsOf(method);
    const verb = methodAnnotations.find((annotation) => verbs.has(annotation.name))?.name;
    if (verb === undefined) continue;
    const methodPath = findAnnotation(methodAnnotations, ["Path"]);
    const path = methodPath === undefined ? "" : pathOf(methodPath, constants);
    if (path === undefined) continue;
    const fullPath = joinRoutePath(prefix, path);
    endpoints.push({
      key: endpointKey(verb, fullPath),
      label: `${verb} ${fullPath}`,
      framework: "jaxrs",
      method: verb,
      path: fullPath,
      handler: `${nameOf(type)}#${nameOf(method)}`,
      guards: [...classGuards, ...guardsOf(methodAnnotations)],
      // Quarkus REST's `@ResponseStatus(201)` reads like Spring's.
      statusCodes: sortedCodes([
        ...annotatedStatusCodes(methodAnnotations),
        ...bodyStatusCodes(method.childForFieldName("body")),
      ]),
      line: lineOf(method),
      endLine: headerEndLineOf(method),
    });
  }
  return endpoints;
}

function pathOf(annotation: Annotation, constants: StringConstants): string | undefined {
  const value = annotationArgument(annotation, ["value"]);
  return value === undefined ? undefined : javaString(value, constants);
}
