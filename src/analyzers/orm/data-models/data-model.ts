// The schema-relevant shape of ORM model classes, whatever the ORM: the declarations that make columns and
// table options, each normalised so that two declarations are the same when their texts are equal.
import { endLineOf, lineOf, type SyntaxNode } from "../../api-surface/syntax-tree.js";

/** The ORM family a model belongs to: decides which migrations answer its change and which tool makes one. */
export type ModelFamily = "sqlalchemy" | "typeorm" | "sequelize" | "gorm" | "rails";

export interface ModelDeclaration {
  /** Source without comments or layout: equal texts mean the same declaration. */
  text: string;
  /** 1-based lines the declaration spans (decorators included). */
  start: number;
  end: number;
}

export interface DataModel {
  family: ModelFamily;
  /** The class or struct name (`Order`), or the name given to `sequelize.define`. */
  name: string;
  /** Lines of the whole declaration (class with its decorators, struct, `init` call): where a new model is. */
  lines: { start: number; end: number };
  /** Column-making declarations by column or attribute name. */
  columns: Map<string, ModelDeclaration>;
  /** Table-level declarations (`__table_args__`, `@Entity(…)`, `@Table(…)`, index options) by label. */
  options: Map<string, ModelDeclaration>;
}

export function newModel(family: ModelFamily, name: string, nodes: readonly SyntaxNode[]): DataModel {
  const { start, end } = declarationOf(nodes, "");
  return { family, name, lines: { start, end }, columns: new Map(), options: new Map() };
}

/** A declaration from the nodes that make it (all of them, e.g. decorators and the field they decorate). */
export function declarationOf(nodes: readonly SyntaxNode[], text = nodes.map(normalisedText).join(" ")) {
  const declaration: ModelDeclaration = {
    text,
    start: Math.min(...nodes.map(lineOf)),
    end: Math.max(...nodes.map(endLineOf)),
  };
  return declaration;
}

/**
 * The node's tokens without comments, joined by one space, without a trailing comma before a closing
 * bracket: re-indenting, re-wrapping or commenting a declaration leaves its text unchanged.
 */
export function normalisedText(node: SyntaxNode): string {
  const tokens: string[] = [];
  collectTokens(node, tokens);
  const kept = tokens.filter((token, index) => !(token === "," && /^[)\]}]$/.test(tokens[index + 1] ?? "")));
  return kept.join(" ");
}

function collectTokens(node: SyntaxNode, tokens: string[]): void {
  if (node.type === "comment") return;
  // Strings are one token: their content is kept exactly.
  if (
    node.childCount === 0 ||
    /^(?:string|template_string|raw_string_literal|interpreted_string_literal)$/.test(node.type)
  ) {
    tokens.push(node.text);
    return;
  }
  for (const child of node.children) if (child !== null) collectTokens(child, tokens);
}

/** The last identifier of a dotted name: `sa.Column` → `Column`, `db.Model` → `Model`. */
export function lastName(node: SyntaxNode | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  const text = node.text;
  return text.slice(text.lastIndexOf(".") + 1);
}
