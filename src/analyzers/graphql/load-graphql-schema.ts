// Builds a GraphQLSchema from one SDL file, leniently: federation and custom directives, types defined in
// other files of a modular schema, and `extend type` of a type this file does not define (analyzers.md §2).

import type { GraphQLSchema } from "graphql";
import {
  buildASTSchema,
  type DefinitionNode,
  type DocumentNode,
  GraphQLError,
  isTypeSystemDefinitionNode,
  isTypeSystemExtensionNode,
  Kind,
  type NamedTypeNode,
  parse,
  specifiedScalarTypes,
  type TypeDefinitionNode,
  type TypeExtensionNode,
  visit,
} from "graphql";

export type SchemaLoad =
  | { kind: "schema"; document: DocumentNode; schema: GraphQLSchema }
  /** Client operations (queries, fragments) and nothing else: a consumer of a contract, not a contract. */
  | { kind: "not-a-schema" }
  | { kind: "invalid"; reason: string };

/** The definition kind an orphan `extend …` stands for. */
const definitionOf: Record<TypeExtensionNode["kind"], TypeDefinitionNode["kind"]> = {
  [Kind.SCALAR_TYPE_EXTENSION]: Kind.SCALAR_TYPE_DEFINITION,
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INTERFACE_TYPE_EXTENSION]: Kind.INTERFACE_TYPE_DEFINITION,
  [Kind.UNION_TYPE_EXTENSION]: Kind.UNION_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
};

export function loadGraphqlSchema(sdl: string): SchemaLoad {
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (error) {
    if (error instanceof GraphQLError) {
      const where = error.locations?.[0] === undefined ? "" : ` at line ${error.locations[0].line}`;
      return { kind: "invalid", reason: `not valid GraphQL${where} (${error.message})` };
    }
    return { kind: "invalid", reason: `not valid GraphQL (${String(error)})` };
  }
  const typeSystem = document.definitions.filter(
    (definition) => isTypeSystemDefinitionNode(definition) || isTypeSystemExtensionNode(definition),
  );
  if (typeSystem.length === 0) return { kind: "not-a-schema" };
  try {
    // assumeValidSDL: federation directives (`@key`) and other custom ones are not defined in the file.
    const schema = buildASTSchema(completed(typeSystem), { assumeValidSDL: true });
    return { kind: "schema", document, schema };
  } catch (error) {
    return { kind: "invalid", reason: `its schema could not be built (${(error as Error).message})` };
  }
}

/**
 * The file's definitions, made buildable on their own: an `extend type X` whose `X` lives in another file
 * becomes the definition of `X`, and every type named but defined elsewhere becomes a stub scalar. Both sides
 * of a diff get the same treatment, so stubs never show up as changes by themselves.
 */
function completed(definitions: readonly DefinitionNode[]): DocumentNode {
  const defined = new Set<string>(specifiedScalarTypes.map((type) => type.name));
  for (const definition of definitions) {
    if ("name" in definition && definition.name !== undefined && !isTypeSystemExtensionNode(definition)) {
      if (definition.kind !== Kind.DIRECTIVE_DEFINITION) defined.add(definition.name.value);
    }
  }
  const result: DefinitionNode[] = [];
  for (const definition of definitions) {
    if (definition.kind in definitionOf && !defined.has((definition as TypeExtensionNode).name.value)) {
      const extension = definition as TypeExtensionNode;
      defined.add(extension.name.value);
      result.push({ ...extension, kind: definitionOf[extension.kind] } as TypeDefinitionNode);
    } else {
      result.push(definition);
    }
  }
  // A stub must have the kind its position demands, or building the schema fails on it.
  const missing = new Map<string, StubKind>();
  const need = (node: NamedTypeNode, kind: StubKind) => {
    const name = node.name.value;
    if (defined.has(name)) return;
    // Parents are visited before their named types: a plain reference never downgrades a contextual kind.
    const known = missing.get(name);
    if (
      known === undefined ||
      (kind !== Kind.SCALAR_TYPE_DEFINITION && known !== Kind.INTERFACE_TYPE_DEFINITION)
    ) {
      missing.set(name, kind);
    }
  };
  // Visitors return nothing: a returned value would replace the node.
  const implemented = (node: { interfaces?: readonly NamedTypeNode[] }) => {
    for (const name of node.interfaces ?? []) need(name, Kind.INTERFACE_TYPE_DEFINITION);
  };
  const members = (node: { types?: readonly NamedTypeNode[] }) => {
    for (const name of node.types ?? []) need(name, Kind.OBJECT_TYPE_DEFINITION);
  };
  visit(
    { kind: Kind.DOCUMENT, definitions: result },
    {
      NamedType(node) {
        need(node, Kind.SCALAR_TYPE_DEFINITION);
      },
      ObjectTypeDefinition: implemented,
      ObjectTypeExtension: implemented,
      InterfaceTypeDefinition: implemented,
      UnionTypeDefinition: members,
      UnionTypeExtension: members,
      OperationTypeDefinition(node) {
        need(node.type, Kind.OBJECT_TYPE_DEFINITION);
      },
    },
  );
  for (const [name, kind] of missing) {
    result.push({ kind, name: { kind: Kind.NAME, value: name } } as TypeDefinitionNode);
  }
  return { kind: Kind.DOCUMENT, definitions: result };
}

type StubKind =
  | typeof Kind.SCALAR_TYPE_DEFINITION
  | typeof Kind.OBJECT_TYPE_DEFINITION
  | typeof Kind.INTERFACE_TYPE_DEFINITION;
