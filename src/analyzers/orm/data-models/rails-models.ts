// Active Record models declare no columns: the one declaration that needs one is `belongs_to :author`
// (an `author_id` column, or its `foreign_key:`). Only those are read; everything else in a model
// (validations, scopes, `has_many`, callbacks) needs no migration.
import {
  descendantsOfType,
  namedChildrenOf,
  type SyntaxNode,
  stringValue,
} from "../../api-surface/syntax-tree.js";
import { type DataModel, declarationOf, newModel } from "./data-model.js";

export function railsModels(root: SyntaxNode): DataModel[] {
  return descendantsOfType(root, "class").flatMap((node) => {
    const model = newModel("rails", node.childForFieldName("name")?.text ?? "", [node]);
    const body = node.childForFieldName("body");
    for (const call of body === null ? [] : namedChildrenOf(body)) readBelongsTo(call, model);
    return model.columns.size > 0 ? [model] : [];
  });
}

function readBelongsTo(call: SyntaxNode, model: DataModel): void {
  if (call.type !== "call" || call.childForFieldName("receiver") !== null) return;
  if (call.childForFieldName("method")?.text !== "belongs_to") return;
  const args = namedChildrenOf(call.childForFieldName("arguments") ?? call);
  const association = stringValue(args[0]);
  if (association === undefined) return;
  const foreignKey = args
    .filter((arg) => arg.type === "pair")
    .find((pair) => pair.childForFieldName("key")?.text.replace(/:$/, "") === "foreign_key")
    ?.childForFieldName("value");
  const column = stringValue(foreignKey) ?? `${association}_id`;
  model.columns.set(column, declarationOf([call], column));
}
