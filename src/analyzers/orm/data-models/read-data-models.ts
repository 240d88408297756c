// The ORM models a source file declares, by its language: one reader per ORM family.
import {
  type SourceLanguage,
  type SyntaxNode,
  sourceLanguageOf,
  withSyntaxTree,
} from "../../api-surface/syntax-tree.js";
import type { DataModel } from "./data-model.js";
import { decoratedModels } from "./decorated-models.js";
import { goStructModels } from "./go-struct-models.js";
import { railsModels } from "./rails-models.js";
import { sequelizeCallModels } from "./sequelize-models.js";
import { sqlalchemyModels } from "./sqlalchemy-models.js";

// Mongoose is left out on purpose: its schemas are schemaless documents in MongoDB, so a changed schema
// needs no migration file.
const readers: Partial<Record<SourceLanguage, (root: SyntaxNode) => DataModel[]>> = {
  python: sqlalchemyModels,
  typescript: (root) => [...decoratedModels(root), ...sequelizeCallModels(root)],
  tsx: (root) => [...decoratedModels(root), ...sequelizeCallModels(root)],
  javascript: sequelizeCallModels,
  go: goStructModels,
  ruby: railsModels,
};

/** True for files whose language has a model reader here. */
export function readsModelsOf(path: string): boolean {
  const language = sourceLanguageOf(path);
  return language !== undefined && readers[language] !== undefined;
}

/** Throws only when parsing is cut off (see `withSyntaxTree`); malformed code yields what is intact. */
export async function readDataModels(path: string, text: string): Promise<DataModel[]> {
  const language = sourceLanguageOf(path);
  const read = language === undefined ? undefined : readers[language];
  if (language === undefined || read === undefined || text === "") return [];
  return withSyntaxTree(language, text, read);
}
