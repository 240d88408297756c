// Where each schema element is written in an SDL file, keyed the way findings name them:
// `User`, `Query.user`, `Query.user(org)`, `Status.ACTIVE`, `@key`, `@key(fields)`.
import { type ASTNode, type ConstDirectiveNode, type DocumentNode, Kind, type NameNode } from "graphql";

export interface SdlElement {
  /** Line of the element's name, 1-based. */
  line: number;
  /** First and last line of the whole element (description and body included). */
  startLine: number;
  endLine: number;
  /** `@deprecated(reason:)` on the element, when deprecated ("No longer supported" when no reason is given). */
  deprecation?: string;
}

export function sdlElements(document: DocumentNode): Map<string, SdlElement> {
  const elements = new Map<string, SdlElement>();
  const add = (
    key: string,
    node: ASTNode & { name: NameNode; directives?: readonly ConstDirectiveNode[] },
  ) => {
    if (elements.has(key)) return;
    const element: SdlElement = {
      line: node.name.loc?.startToken.line ?? node.loc?.startToken.line ?? 1,
      startLine: node.loc?.startToken.line ?? 1,
      endLine: node.loc?.endToken.line ?? node.loc?.startToken.line ?? 1,
    };
    const deprecation = deprecationOf(node.directives);
    if (deprecation !== undefined) element.deprecation = deprecation;
    elements.set(key, element);
  };

  // Definitions first, so a type's own definition wins over its extensions; then the first occurrence.
  const ordered = [
    ...document.definitions.filter((definition) => !definition.kind.endsWith("Extension")),
    ...document.definitions.filter((definition) => definition.kind.endsWith("Extension")),
  ];
  for (const definition of ordered) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const type = definition.name.value;
        add(type, definition);
        for (const field of definition.fields ?? []) {
          add(`${type}.${field.name.value}`, field);
          for (const arg of field.arguments ?? []) add(`${type}.${field.name.value}(${arg.name.value})`, arg);
        }
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        add(definition.name.value, definition);
        for (const field of definition.fields ?? [])
          add(`${definition.name.value}.${field.name.value}`, field);
        break;
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        add(definition.name.value, definition);
        for (const value of definition.values ?? [])
          add(`${definition.name.value}.${value.name.value}`, value);
        break;
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
        add(definition.name.value, definition);
        break;
      case Kind.DIRECTIVE_DEFINITION:
        add(`@${definition.name.value}`, definition);
        for (const arg of definition.arguments ?? [])
          add(`@${definition.name.value}(${arg.name.value})`, arg);
        break;
      default:
        break;
    }
  }
  return elements;
}

function deprecationOf(directives: readonly ConstDirectiveNode[] | undefined): string | undefined {
  const deprecated = directives?.find((directive) => directive.name.value === "deprecated");
  if (deprecated === undefined) return undefined;
  const reason = deprecated.arguments?.find((argument) => argument.name.value === "reason")?.value;
  return reason?.kind === Kind.STRING ? reason.value : "No longer supported";
}
