// Go model structs: GORM (`gorm.Model` embedded or `gorm:"…"` tags) and pop/soda or sqlx (`db:"…"` tags).
// Each column field's type and ORM tag make its declaration, so re-aligning a struct or changing a `json`
// tag is no schema change. GORM associations (slices, `foreignKey`/`many2many` tags, other models) make
// no column on this table.
import { descendantsOfType, namedChildrenOf, type SyntaxNode } from "../../api-surface/syntax-tree.js";
import { type DataModel, declarationOf, newModel, normalisedText } from "./data-model.js";
import { gormSetting, structTags } from "./struct-tags.js";

/** Types an untagged field of a GORM model can be a column of (a named struct is usually an association). */
const scalarType =
  /^(?:string|bool|byte|rune|u?int(?:8|16|32|64)?|float(?:32|64)|time\.Time|\[\]byte|sql\.Null\w+|uuid\.UUID|decimal\.Decimal|datatypes\.\w+|gorm\.DeletedAt|json\.RawMessage|pq\.\w+)$/;
const associationSettings = ["foreignKey", "references", "many2many", "polymorphic", "joinForeignKey"];

export function goStructModels(root: SyntaxNode): DataModel[] {
  return descendantsOfType(root, "type_spec").flatMap((spec) => {
    const struct = spec.childForFieldName("type");
    const fields = struct?.type === "struct_type" ? descendantsOfType(struct, "field_declaration") : [];
    // Only the struct's own fields: a nested anonymous struct's are descendants of one of them.
    const own = fields.filter((field) => field.parent?.parent?.id === struct?.id);
    const model = readStruct(spec, own);
    return model === undefined ? [] : [model];
  });
}

function readStruct(spec: SyntaxNode, fields: readonly SyntaxNode[]): DataModel | undefined {
  const tagsOf = (field: SyntaxNode) => structTags(rawTag(field));
  const embedsGorm = fields.some(
    (field) =>
      field.childForFieldName("name") === null && field.childForFieldName("type")?.text === "gorm.Model",
  );
  const gorm = embedsGorm || fields.some((field) => tagsOf(field).has("gorm"));
  const pop = !gorm && fields.some((field) => tagsOf(field).has("db"));
  if (!gorm && !pop) return undefined;
  const model = newModel("gorm", spec.childForFieldName("name")?.text ?? "", [spec]);
  for (const field of fields) {
    const names = namedChildrenOf(field).filter((child) => child.type === "field_identifier");
    const type = field.childForFieldName("type");
    if (names.length === 0 || type === null) continue;
    const tags = tagsOf(field);
    const ormTag = tags.get(gorm ? "gorm" : "db");
    const column = gorm ? gormColumn(type, ormTag) : popColumn(ormTag);
    if (column === undefined) continue;
    for (const fieldName of names) {
      if (!/^[A-Z]/.test(fieldName.text)) continue;
      const label = column === "" ? fieldName.text : column;
      model.columns.set(
        label,
        declarationOf([field], `${fieldName.text} ${normalisedText(type)} ${ormTag ?? ""}`),
      );
    }
  }
  return model;
}

/**
 * The column a GORM field makes (`""`: named after the field), or undefined when it makes none: a `-` tag,
 * an association, or a field of another type that no tag makes a column (a slice, a related model).
 */
function gormColumn(type: SyntaxNode, tag: string | undefined): string | undefined {
  if (tag === undefined) return scalarType.test(type.text.replace(/^\*/, "")) ? "" : undefined;
  if (tag === "-" || tag.startsWith("-:")) return undefined;
  if (associationSettings.some((setting) => gormSetting(tag, setting) !== undefined)) return undefined;
  const typed = gormSetting(tag, "type") !== undefined || gormSetting(tag, "serializer") !== undefined;
  if (type.type === "slice_type" && type.text !== "[]byte" && !typed) return undefined;
  return gormSetting(tag, "column") ?? "";
}

/** pop and sqlx map only tagged fields; `db:"-"` is none. */
function popColumn(tag: string | undefined): string | undefined {
  if (tag === undefined || tag === "-" || tag === "") return undefined;
  return tag.split(",")[0];
}

function rawTag(field: SyntaxNode): string {
  const tag = field.childForFieldName("tag");
  if (tag === null) return "";
  return tag.text.slice(1, -1);
}
