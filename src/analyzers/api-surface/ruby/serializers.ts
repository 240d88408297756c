// Response shapes from Ruby serializers: ActiveModel::Serializer (`attributes`, `attribute`, `has_many`,
// `has_one`, `belongs_to`, `key:`), Blueprinter (`identifier`, `fields`, `field`, `association`, `name:`,
// views), jsonapi-serializer / fast_jsonapi and Alba (`include JSONAPI::Serializer`, `attributes`).
import type { Shape, ShapeField } from "../api-surface.js";
import { endLineOf, lineOf, type SyntaxNode } from "../syntax-tree.js";
import {
  blockStatements,
  callName,
  isBareCall,
  literalName,
  optionValue,
  positionalArguments,
  statementsOf,
} from "./ruby-calls.js";
import type { RubyClass } from "./ruby-classes.js";

const serializerBases = ["ActiveModel::Serializer", "Blueprinter::Base", "Panko::Serializer"];
const serializerModules = ["JSONAPI::Serializer", "FastJsonapi::ObjectSerializer", "Alba::Resource"];
/** Declarations naming several fields at once. */
const listDeclarations = new Set(["attributes", "fields"]);
/** Declarations naming one field, whose wire name a `key:`/`name:` option may change. */
const singleDeclarations = new Set([
  "attribute",
  "field",
  "identifier",
  "has_many",
  "has_one",
  "belongs_to",
  "association",
  "many",
  "one",
]);

export function isSerializer(declared: RubyClass): boolean {
  const superclass = declared.superclass.replace(/^::/, "");
  return (
    serializerBases.includes(superclass) ||
    /(?:Serializer|Blueprint|Blueprinter)$/.test(superclass) ||
    declared.statements.some((statement) => includedModule(statement) !== undefined)
  );
}

function includedModule(statement: SyntaxNode): string | undefined {
  if (callName(statement) !== "include" || !isBareCall(statement)) return undefined;
  const included = positionalArguments(statement)[0]?.text.replace(/^::/, "");
  return included !== undefined && serializerModules.includes(included) ? included : undefined;
}

export function serializerShape(declared: RubyClass): Shape {
  const read = fieldsOf(declared.statements);
  return {
    name: declared.name,
    role: "response",
    fields: dedupe(read.fields),
    open: read.open,
    line: lineOf(declared.node),
    endLine: endLineOf(declared.node),
  };
}

interface ReadFields {
  fields: ShapeField[];
  open: boolean;
}

function fieldsOf(statements: readonly SyntaxNode[]): ReadFields {
  const fields: ShapeField[] = [];
  let open = false;
  for (const statement of statementsOf(statements)) {
    const name = callName(statement);
    if (name === undefined || !isBareCall(statement)) continue;
    if (name === "view") {
      // Blueprinter views add fields on top of the default view.
      const inner = fieldsOf(blockStatements(statement));
      fields.push(...inner.fields);
      open ||= inner.open;
    } else if (listDeclarations.has(name)) {
      for (const argument of positionalArguments(statement)) {
        const field = literalName(argument);
        if (field === undefined) open = true;
        else fields.push({ name: field, required: false, line: lineOf(argument) });
      }
    } else if (singleDeclarations.has(name)) {
      const written = literalName(positionalArguments(statement)[0]);
      const renamed = literalName(optionValue(statement, "key") ?? optionValue(statement, "name"));
      const field = renamed ?? written;
      if (field === undefined) open = true;
      else fields.push({ name: field, required: false, line: lineOf(statement) });
    }
  }
  return { fields, open };
}

function dedupe(fields: readonly ShapeField[]): ShapeField[] {
  const seen = new Set<string>();
  return fields.filter((field) => !seen.has(field.name) && seen.add(field.name) !== undefined);
}
