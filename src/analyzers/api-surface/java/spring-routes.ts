// Spring MVC / WebFlux controllers: `@RestController`/`@Controller` classes (and API interfaces they
// implement) with `@RequestMapping` prefixes and `@GetMapping`… methods → one endpoint per method and path.
import { type Endpoint, endpointKey, type Guard, joinRoutePath } from "../api-surface.js";
import { lineOf, type SyntaxNode } from "../syntax-tree.js";
import {
  type Annotation,
  annotationArgument,
  annotationsOf,
  elementsOf,
  findAnnotation,
  simpleName,
} from "./annotations.js";
import { headerEndLineOf, methodsOf, nameOf } from "./declarations.js";
import { guardsOf } from "./guards.js";
import { annotatedStatusCodes, bodyStatusCodes, sortedCodes } from "./status-codes.js";
import { javaStrings, type StringConstants } from "./string-constants.js";

const methodOfShortcut: Record<string, string> = {
  GetMapping: "GET",
  PostMapping: "POST",
  PutMapping: "PUT",
  PatchMapping: "PATCH",
  DeleteMapping: "DELETE",
};
const controllerAnnotations = ["RestController", "Controller"];
/** Interfaces carrying mappings that describe a remote API called, not served. */
const clientAnnotations = ["FeignClient", "HttpExchange", "RegisterRestClient"];

interface Mapping {
  methods: string[];
  paths: string[];
}

export function springEndpointsOf(type: SyntaxNode, constants: StringConstants): Endpoint[] {
  const annotations = annotationsOf(type);
  if (!servesRoutes(type, annotations)) return [];
  const classMapping = findAnnotation(annotations, ["RequestMapping"]);
  const prefixes = classMapping === undefined ? [""] : pathsOf(classMapping, constants);
  if (prefixes === undefined) return [];
  const classGuards = guardsOf(annotations);
  const classCodes = annotatedStatusCodes(annotations);
  const endpoints: Endpoint[] = [];
  for (const method of methodsOf(type)) {
    endpoints.push(...methodEndpoints(method, nameOf(type), prefixes, classGuards, classCodes, constants));
  }
  return endpoints;
}

function servesRoutes(type: SyntaxNode, annotations: readonly Annotation[]): boolean {
  if (findAnnotation(annotations, clientAnnotations) !== undefined) return false;
  return (
    type.type === "interface_declaration" || findAnnotation(annotations, controllerAnnotations) !== undefined
  );
}

function methodEndpoints(
  method: SyntaxNode,
  typeName: string,
  prefixes: readonly string[],
  classGuards: readonly Guard[],
  classCodes: readonly number[],
  constants: StringConstants,
): Endpoint[] {
  const annotations = annotationsOf(method);
  const mapping = mappingOf(annotations, constants);
  if (mapping === undefined) return [];
  const handler = `${typeName}#${nameOf(method)}`;
  const guards = [...classGuards, ...guardsOf(annotations)];
  const statusCodes = sortedCodes([
    ...classCodes,
    ...annotatedStatusCodes(annotations),
    ...bodyStatusCodes(method.childForFieldName("body")),
  ]);
  const line = lineOf(method);
  const endLine = headerEndLineOf(method);
  return prefixes.flatMap((prefix) =>
    mapping.paths.flatMap((path) =>
      mapping.methods.map((verb) => {
        const fullPath = joinRoutePath(prefix, path);
        const key = endpointKey(verb, fullPath);
        return {
          key,
          label: `${verb} ${fullPath === "" ? "/" : fullPath}`,
          framework: "spring" as const,
          method: verb,
          path: fullPath,
          handler,
          guards: [...guards],
          statusCodes: [...statusCodes],
          line,
          endLine,
        };
      }),
    ),
  );
}

/** The HTTP methods and paths a method is mapped to; undefined when it is not a handler or a path is unknown. */
function mappingOf(annotations: readonly Annotation[], constants: StringConstants): Mapping | undefined {
  for (const annotation of annotations) {
    const shortcut = methodOfShortcut[annotation.name];
    if (shortcut === undefined && annotation.name !== "RequestMapping") continue;
    const paths = pathsOf(annotation, constants);
    if (paths === undefined) return undefined;
    const methods = shortcut === undefined ? requestMethodsOf(annotation) : [shortcut];
    return { methods, paths };
  }
  return undefined;
}

/** `value`/`path` of a mapping annotation; `[""]` when absent, undefined when not literal. */
function pathsOf(annotation: Annotation, constants: StringConstants): string[] | undefined {
  const value = annotationArgument(annotation, ["value", "path"]);
  if (value === undefined) return [""];
  const paths = javaStrings(value, constants);
  if (paths === undefined) return undefined;
  return paths.length === 0 ? [""] : paths;
}

/** `method = RequestMethod.POST` or `{GET, POST}`; `ANY` when not restricted. */
function requestMethodsOf(annotation: Annotation): string[] {
  const value = annotationArgument(annotation, ["method"]);
  if (value === undefined) return ["ANY"];
  const methods = elementsOf(value).map((element) => simpleName(element.text).toUpperCase());
  return methods.length === 0 ? ["ANY"] : methods;
}
