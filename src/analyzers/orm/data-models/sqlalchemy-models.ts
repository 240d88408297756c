// SQLAlchemy and Flask-SQLAlchemy declarative models: classes with `__tablename__` or a declarative base,
// their `Column(…)`, `mapped_column(…)` and bare `Mapped[…]` attributes, and `__tablename__`/`__table_args__`.
// Relationships, column properties, methods and validators make no column and are not read.
import { descendantsOfType, namedChildrenOf, type SyntaxNode } from "../../api-surface/syntax-tree.js";
import { type DataModel, declarationOf, lastName, newModel } from "./data-model.js";

const declarativeBases = new Set(["Base", "DeclarativeBase", "db.Model", "Model", "DeclarativeBaseNoMeta"]);
const columnCalls = new Set(["Column", "mapped_column"]);
const tableOptions = new Set(["__tablename__", "__table_args__"]);

export function sqlalchemyModels(root: SyntaxNode): DataModel[] {
  // Django's models are the Django analyzer's: a module importing `django.db` is not read here.
  const importsDjango = descendantsOfType(root, "import_from_statement").some((statement) =>
    (statement.childForFieldName("module_name")?.text ?? "").startsWith("django"),
  );
  if (importsDjango) return [];
  return descendantsOfType(root, "class_definition").flatMap((node) => {
    const model = readClass(node);
    return model === undefined ? [] : [model];
  });
}

function readClass(node: SyntaxNode): DataModel | undefined {
  const model = newModel("sqlalchemy", node.childForFieldName("name")?.text ?? "", [node]);
  const body = node.childForFieldName("body");
  if (body === null) return undefined;
  for (const statement of namedChildrenOf(body)) {
    const assignment = statement.type === "expression_statement" ? statement.namedChild(0) : null;
    if (assignment?.type !== "assignment") continue;
    const target = assignment.childForFieldName("left");
    if (target?.type !== "identifier") continue;
    if (tableOptions.has(target.text)) model.options.set(target.text, declarationOf([statement]));
    else if (makesColumn(assignment)) model.columns.set(target.text, declarationOf([statement]));
  }
  const superclasses = namedChildrenOf(node.childForFieldName("superclasses") ?? node).map(
    (base) => base.text,
  );
  const declarative =
    model.options.has("__tablename__") || superclasses.some((base) => declarativeBases.has(base));
  // A mixin's columns land in every table that uses it, so columns alone make a class count too.
  return declarative || model.columns.size > 0 ? model : undefined;
}

/** `x = Column(…)`, `x: Mapped[int] = mapped_column(…)`, or a bare `x: Mapped[int]` annotation. */
function makesColumn(assignment: SyntaxNode): boolean {
  const value = assignment.childForFieldName("right");
  if (value === null) {
    const annotation = assignment.childForFieldName("type")?.namedChild(0);
    const generic = annotation?.type === "generic_type" ? annotation.namedChild(0) : null;
    return lastName(generic) === "Mapped";
  }
  return value.type === "call" && columnCalls.has(lastName(value.childForFieldName("function")) ?? "");
}
