// Checks every fragment of a proposal before it is posted, with the real parser of each language where one
// runs under Node: swagger-parser for OpenAPI, graphql-js for SDL, libpg-query (Postgres' parser) for DDL;
// Mermaid gets a structural check (see check-mermaid.ts for why). A fragment that fails is removed and
// reported: the caller can ask the model for one repair round with the problems, or post without it and a note.
import SwaggerParser from "@apidevtools/swagger-parser";
import { buildASTSchema, type DocumentNode, GraphQLError, Kind, parse } from "graphql";
import { parseSql } from "../analyzers/sql/parse-sql.js";
import { errorMessage } from "../domain/error-message.js";
import { checkMermaid } from "./check-mermaid.js";
import { openApiDocumentOf } from "./openapi-fragment.js";
import type { Diagram, Proposal } from "./proposal-schema.js";

/** swagger-parser's document type (from `openapi-types`), named through the API that takes it. */
type SwaggerDocument = Parameters<typeof SwaggerParser.validate>[0];

export type FragmentKind = "openapi" | "graphql" | "ddl" | "diagram";

export interface FragmentProblem {
  fragment: FragmentKind;
  /** For diagrams: the 1-based position in the proposal's `diagrams`. */
  index?: number;
  /** How the fragment is named to people: `OpenAPI fragment`, `diagram 2 (sequence)`. */
  label: string;
  /** The parser's message (or the structural check's), one line or a few. */
  message: string;
}

export interface CheckedProposal {
  /** The proposal without the fragments that failed. */
  proposal: Proposal;
  problems: FragmentProblem[];
}

const maxMessageLength = 600;

export async function checkFragments(proposal: Proposal): Promise<CheckedProposal> {
  const problems: FragmentProblem[] = [];
  const checked: Proposal = { ...proposal };

  if (proposal.apiFragment !== null) {
    const { kind, text } = proposal.apiFragment;
    const message = kind === "openapi" ? await checkOpenApi(text) : checkGraphql(text);
    if (message !== undefined) {
      problems.push({ fragment: kind, label: `${labelOf(kind)} fragment`, message: bounded(message) });
      checked.apiFragment = null;
    }
  }

  if (proposal.ddl !== null) {
    const message = await checkDdl(proposal.ddl);
    if (message !== undefined) {
      problems.push({ fragment: "ddl", label: "DDL", message: bounded(message) });
      checked.ddl = null;
    }
  }

  const diagrams: Diagram[] = [];
  proposal.diagrams.forEach((diagram, position) => {
    const message = checkMermaid(diagram);
    if (message === undefined) {
      diagrams.push(diagram);
      return;
    }
    const index = position + 1;
    problems.push({
      fragment: "diagram",
      index,
      label: `diagram ${index} (${diagram.kind})`,
      message: bounded(message),
    });
  });
  checked.diagrams = diagrams;
  return { proposal: checked, problems };
}

/** One line per problem: for the repair prompt and for the notes on omitted fragments. */
export function describeFragmentProblem(problem: FragmentProblem): string {
  return `${problem.label}: ${problem.message}`;
}

/**
 * The user turn of the one repair round: what failed, with the parsers' messages, and what to return.
 * The caller sends it with the previous proposal and checks the answer again; what still fails is omitted.
 */
export function repairRequest(problems: readonly FragmentProblem[]): string {
  const lines = problems.map((problem) => `- ${describeFragmentProblem(problem)}`);
  return [
    "These fragments of your proposal failed their checks:",
    ...lines,
    "Return the whole proposal again with these fragments fixed (same structure; leave the others unchanged). A fragment you cannot fix: set it to null (apiFragment, ddl) or leave the diagram out.",
  ].join("\n");
}

function labelOf(kind: "openapi" | "graphql"): string {
  return kind === "openapi" ? "OpenAPI" : "GraphQL";
}

async function checkOpenApi(text: string): Promise<string | undefined> {
  const fragment = openApiDocumentOf(text);
  if (!fragment.ok) return fragment.message;
  try {
    // Nothing outside the fragment is fetched or read: it is model output grounded in untrusted text.
    await SwaggerParser.validate(structuredClone(fragment.document) as unknown as SwaggerDocument, {
      resolve: { external: false, file: false, http: false },
    });
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

const rootTypes = ["Query", "Mutation", "Subscription"];

function checkGraphql(text: string): string | undefined {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    return graphqlMessage(error);
  }
  try {
    // A fragment may `extend type Query` of the repository's schema: the root types it extends without
    // declaring get an empty declaration. Any other type it uses must be declared (the schema says so).
    buildASTSchema(withRootStubs(document));
    return undefined;
  } catch (error) {
    return graphqlMessage(error);
  }
}

function withRootStubs(document: DocumentNode): DocumentNode {
  const declared = new Set<string>();
  const extended = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) declared.add(definition.name.value);
    if (definition.kind === Kind.OBJECT_TYPE_EXTENSION) extended.add(definition.name.value);
  }
  const stubs = rootTypes.filter((name) => extended.has(name) && !declared.has(name));
  if (stubs.length === 0) return document;
  const stubDocument = parse(stubs.map((name) => `type ${name}`).join("\n"));
  return { ...document, definitions: [...stubDocument.definitions, ...document.definitions] };
}

function graphqlMessage(error: unknown): string {
  if (error instanceof GraphQLError) {
    const where = error.locations?.[0];
    return where === undefined ? error.message : `${error.message} (line ${where.line})`;
  }
  return errorMessage(error);
}

async function checkDdl(ddl: string): Promise<string | undefined> {
  const parsed = await parseSql(ddl);
  if (parsed.ok) {
    return parsed.statements.length === 0 ? "has no SQL statement" : undefined;
  }
  const where = parsed.error.line === undefined ? "" : ` (line ${parsed.error.line})`;
  return `${parsed.error.message}${where}`;
}

function bounded(message: string): string {
  const trimmed = message.trim();
  return trimmed.length <= maxMessageLength ? trimmed : `${trimmed.slice(0, maxMessageLength - 1)}…`;
}
