// Sequelize models declared by call: `User.init({ attributes }, { tableName, indexes, … })` and
// `sequelize.define("user", { attributes }, { … })`. An attribute's `validate`, getters and setters, and
// `VIRTUAL` attributes make no column. (sequelize-typescript classes are read in decorated-models.ts.)
import {
  descendantsOfType,
  namedChildrenOf,
  type SyntaxNode,
  stringValue,
} from "../../api-surface/syntax-tree.js";
import { type DataModel, declarationOf, lastName, newModel, normalisedText } from "./data-model.js";

/** Model options that change the table; `sequelize`, `modelName`, `scopes`, `hooks` … do not. */
const tableOptions = new Set([
  "tableName",
  "schema",
  "indexes",
  "timestamps",
  "paranoid",
  "underscored",
  "freezeTableName",
  "createdAt",
  "updatedAt",
  "deletedAt",
  "version",
]);
const notInDatabase = new Set(["validate", "get", "set", "comment"]);

export function sequelizeCallModels(root: SyntaxNode): DataModel[] {
  return descendantsOfType(root, "call_expression").flatMap((call) => {
    const model = readCall(call);
    return model === undefined ? [] : [model];
  });
}

function readCall(call: SyntaxNode): DataModel | undefined {
  const callee = call.childForFieldName("function");
  const args = namedChildrenOf(call.childForFieldName("arguments") ?? call).filter(
    (arg) => arg.type !== "comment",
  );
  if (callee?.type !== "member_expression") return undefined;
  const method = callee.childForFieldName("property")?.text;
  let name: string | undefined;
  let rest: SyntaxNode[] = [];
  // `Model.init` needs the `sequelize` option; `define` is called on the Sequelize instance. Any other
  // `i18n.init({…})` or `customElements.define(…)` is not a model.
  if (method === "init" && args[0]?.type === "object" && pairsOf(args[1]).some(isSequelizeOption)) {
    name = callee.childForFieldName("object")?.text;
    rest = args;
  } else if (
    method === "define" &&
    args[1]?.type === "object" &&
    /sequelize|^db$/i.test(receiverName(callee))
  ) {
    name = stringValue(args[0]);
    rest = args.slice(1);
  }
  const [attributes, options] = rest;
  if (name === undefined || attributes === undefined) return undefined;
  const model = newModel("sequelize", name, [call]);
  for (const pair of pairsOf(attributes)) if (pair.type === "pair") readAttribute(pair, model);
  for (const pair of options === undefined ? [] : pairsOf(options)) {
    const key = keyOf(pair);
    if (key !== undefined && tableOptions.has(key)) model.options.set(key, declarationOf([pair]));
  }
  // `Foo.init(…)` of something that is not a model (no attribute made a column) is not one.
  return model.columns.size > 0 ? model : undefined;
}

function readAttribute(pair: SyntaxNode, model: DataModel): void {
  const key = keyOf(pair);
  const value = pair.childForFieldName("value");
  if (key === undefined || value === null) return;
  if (value.type !== "object") {
    model.columns.set(key, declarationOf([pair], `${key} : ${normalisedText(value)}`));
    return;
  }
  const parts = pairsOf(value).filter((part) => !notInDatabase.has(keyOf(part) ?? ""));
  const type = parts.find((part) => keyOf(part) === "type")?.childForFieldName("value");
  if (type !== undefined && type !== null && lastName(type) === "VIRTUAL") return;
  const text = parts.map(normalisedText).sort().join(" , ");
  model.columns.set(key, declarationOf([pair], `${key} : { ${text} }`));
}

function pairsOf(object: SyntaxNode | undefined): SyntaxNode[] {
  if (object?.type !== "object") return [];
  return namedChildrenOf(object).filter(
    (child) => child.type === "pair" || child.type === "shorthand_property_identifier",
  );
}

/** `{ sequelize }` or `{ sequelize: db }`. */
function isSequelizeOption(pair: SyntaxNode): boolean {
  return (pair.type === "shorthand_property_identifier" ? pair.text : keyOf(pair)) === "sequelize";
}

/** `sequelize.define` → `sequelize`; `this.sequelize.define` → `sequelize`. */
function receiverName(callee: SyntaxNode): string {
  return lastName(callee.childForFieldName("object")) ?? "";
}

function keyOf(pair: SyntaxNode): string | undefined {
  if (pair.type !== "pair") return undefined;
  const key = pair.childForFieldName("key");
  if (key === null) return undefined;
  return key.type === "property_identifier" ? key.text : stringValue(key);
}
