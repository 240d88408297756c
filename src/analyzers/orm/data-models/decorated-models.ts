// Decorated entity classes in TypeScript: TypeORM (`@Entity` with `@Column`, `@PrimaryGeneratedColumn`,
// `@ManyToOne`/`@JoinColumn`, `@Index` …) and sequelize-typescript (`@Table` with `@Column`, `@ForeignKey` …).
// Validation decorators (`@Length`, `@IsEmail`), scopes, hooks and inverse-side relations make no column.
import {
  descendantsOfType,
  namedChildrenOf,
  type SyntaxNode,
  stringValue,
} from "../../api-surface/syntax-tree.js";
import {
  type DataModel,
  declarationOf,
  lastName,
  type ModelFamily,
  newModel,
  normalisedText,
} from "./data-model.js";

interface DecoratorFamily {
  family: ModelFamily;
  /** The package whose import makes an undecorated class with column fields (an abstract base) count. */
  module: string;
  /** Class decorators that make the class a model; their arguments name the table and its options. */
  classMarkers: ReadonlySet<string>;
  /** Other class decorators that change the table (indexes, checks). */
  classOptions: ReadonlySet<string>;
  /** Property decorators that make the property a column (or the owning side of a relation). */
  columnMakers: ReadonlySet<string>;
  /** Property decorators that are part of the column's definition. */
  columnParts: ReadonlySet<string>;
}

const typeormColumns = [
  "Column",
  "PrimaryColumn",
  "PrimaryGeneratedColumn",
  "CreateDateColumn",
  "UpdateDateColumn",
  "DeleteDateColumn",
  "VersionColumn",
  "ManyToOne",
  "JoinColumn",
  "JoinTable",
  "Index",
  "Unique",
];

const families: readonly DecoratorFamily[] = [
  {
    family: "typeorm",
    module: "typeorm",
    classMarkers: new Set(["Entity", "ChildEntity"]),
    classOptions: new Set(["Index", "Unique", "Check", "TableInheritance"]),
    columnMakers: new Set(typeormColumns),
    // A relation's own decorator matters only next to the join column it owns.
    columnParts: new Set([...typeormColumns, "Generated", "OneToOne", "ManyToMany"]),
  },
  {
    family: "sequelize",
    module: "sequelize-typescript",
    classMarkers: new Set(["Table"]),
    classOptions: new Set(),
    columnMakers: new Set(["Column", "CreatedAt", "UpdatedAt", "DeletedAt"]),
    columnParts: new Set([
      "Column",
      "CreatedAt",
      "UpdatedAt",
      "DeletedAt",
      "PrimaryKey",
      "AutoIncrement",
      "AllowNull",
      "Unique",
      "Index",
      "ForeignKey",
    ]),
  },
];

export function decoratedModels(root: SyntaxNode): DataModel[] {
  const imported: ReadonlySet<string | undefined> = new Set(
    descendantsOfType(root, "import_statement").map((statement) =>
      stringValue(statement.childForFieldName("source")),
    ),
  );
  return descendantsOfType(root, ["class_declaration", "abstract_class_declaration", "class"]).flatMap(
    (node) => {
      const model = readClass(node, imported);
      return model === undefined ? [] : [model];
    },
  );
}

function readClass(node: SyntaxNode, imported: ReadonlySet<string | undefined>): DataModel | undefined {
  // MikroORM also has `@Entity`, with `@Property` fields: not TypeORM's.
  if (!imported.has("typeorm") && [...imported].some((module) => module?.startsWith("@mikro-orm/")))
    return undefined;
  const decorators = classDecorators(node);
  const names = decorators.map(decoratorName);
  const body = node.childForFieldName("body");
  const fields =
    body === null ? [] : namedChildrenOf(body).filter((child) => child.type === "public_field_definition");
  const family =
    families.find((candidate) => names.some((name) => candidate.classMarkers.has(name))) ??
    families.find(
      (candidate) =>
        imported.has(candidate.module) &&
        fields.some((field) =>
          fieldDecorators(field).some((d) => candidate.columnMakers.has(decoratorName(d))),
        ),
    );
  if (family === undefined) return undefined;
  const model = newModel(family.family, node.childForFieldName("name")?.text ?? "", [...decorators, node]);
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    if (family.classMarkers.has(name) || family.classOptions.has(name)) {
      const label = `@${name}`;
      const previous = model.options.get(label);
      const declaration = declarationOf([decorator]);
      model.options.set(
        label,
        previous === undefined
          ? declaration
          : { ...declaration, text: `${previous.text} ${declaration.text}` },
      );
    }
  }
  for (const field of fields) readField(field, family, model);
  return model;
}

function readField(field: SyntaxNode, family: DecoratorFamily, model: DataModel): void {
  const decorators = fieldDecorators(field);
  const makers = decorators.filter((decorator) => family.columnMakers.has(decoratorName(decorator)));
  const name = field.childForFieldName("name");
  if (makers.length === 0 || name === null) return;
  const parts = decorators.filter((decorator) => family.columnParts.has(decoratorName(decorator)));
  // `@Column name: string`: the column type comes from the TypeScript type, which then belongs to it.
  const inferred = makers.some((decorator) => argumentsOf(decorator).length === 0);
  const type = field.childForFieldName("type");
  const text = [
    ...parts.map(normalisedText),
    name.text,
    ...(inferred && type !== null ? [normalisedText(type)] : []),
  ].join(" ");
  model.columns.set(stringValue(name) ?? name.text, declarationOf([...decorators, field], text));
}

/** Decorators written on the class, or on the `export` statement that wraps it. */
function classDecorators(node: SyntaxNode): SyntaxNode[] {
  const own = namedChildrenOf(node).filter((child) => child.type === "decorator");
  const wrapper = node.parent?.type === "export_statement" ? node.parent : undefined;
  const outer =
    wrapper === undefined ? [] : namedChildrenOf(wrapper).filter((child) => child.type === "decorator");
  return [...outer, ...own];
}

function fieldDecorators(field: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(field).filter((child) => child.type === "decorator");
}

/** `@Column` → `Column`; `@Column({…})` → `Column`; `@typeorm.Column()` → `Column`. */
function decoratorName(decorator: SyntaxNode): string {
  const expression = decorator.namedChild(0);
  const callee =
    expression?.type === "call_expression" ? expression.childForFieldName("function") : expression;
  return lastName(callee) ?? "";
}

function argumentsOf(decorator: SyntaxNode): SyntaxNode[] {
  const expression = decorator.namedChild(0);
  if (expression?.type !== "call_expression") return [];
  const args = expression.childForFieldName("arguments");
  return args === null ? [] : namedChildrenOf(args).filter((arg) => arg.type !== "comment");
}
