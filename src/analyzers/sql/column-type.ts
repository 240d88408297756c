// Column types as the migration rules need them: the D5 safe list and the D15 hygiene checks.
import type { TypeName } from "libpg-query";
import { namesOf } from "./migration-review.js";

export interface ColumnType {
  /** Postgres' internal name without `pg_catalog`: `int4`, `varchar`, `bpchar`, `timestamptz`, `serial`… */
  name: string;
  /** Type modifiers: `varchar(20)` → [20], `numeric(10,2)` → [10, 2]. */
  mods: number[];
  array: boolean;
}

export function columnTypeOf(typeName: TypeName | undefined): ColumnType | undefined {
  const name = namesOf(typeName?.names).at(-1);
  if (typeName === undefined || name === undefined) return undefined;
  const mods = (typeName.typmods ?? []).flatMap((mod) =>
    // Protobuf omits zeros, so `ival: {}` is 0.
    "A_Const" in mod && mod.A_Const.ival !== undefined ? [mod.A_Const.ival.ival ?? 0] : [],
  );
  return { name: serialAliases[name] ?? name, mods, array: (typeName.arrayBounds?.length ?? 0) > 0 };
}

const serialAliases: Record<string, string> = {
  serial4: "serial",
  serial8: "bigserial",
  serial2: "smallserial",
};

const displayNames: Record<string, string> = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  bpchar: "char",
  bool: "boolean",
  float4: "real",
  float8: "double precision",
};

/** How a reader would write the type: `integer`, `varchar(20)`, `numeric(10,2)[]`. */
export function formatColumnType(type: ColumnType): string {
  const mods = type.mods.length > 0 ? `(${type.mods.join(",")})` : "";
  return `${displayNames[type.name] ?? type.name}${mods}${type.array ? "[]" : ""}`;
}

/**
 * The catalogue's D5 safe list: changes Postgres makes without rewriting the table
 * (varchar→text, varchar(n)→varchar(m≥n), numeric precision increase at the same scale, cidr→inet).
 */
export function isSafeTypeChange(from: ColumnType, to: ColumnType): boolean {
  if (from.array || to.array) return false;
  if (formatColumnType(from) === formatColumnType(to)) return true;
  if (from.name === "varchar" && to.name === "text") return true;
  if (from.name === "varchar" && to.name === "varchar") {
    const [before] = from.mods;
    const [after] = to.mods;
    return after === undefined || (before !== undefined && after >= before);
  }
  if (from.name === "numeric" && to.name === "numeric") {
    const [precision, scale = 0] = from.mods;
    const [newPrecision, newScale = 0] = to.mods;
    return (
      precision !== undefined && newPrecision !== undefined && scale === newScale && newPrecision >= precision
    );
  }
  return from.name === "cidr" && to.name === "inet";
}

/**
 * For a change whose old type is unknown (defined in an earlier migration): the old type that would make it
 * safe, phrased for a message, or undefined when no old type would.
 */
export function safeSourceFor(to: ColumnType): string | undefined {
  if (to.array) return undefined;
  const [first, second = 0] = to.mods;
  if (to.name === "text") return "`varchar`";
  if (to.name === "varchar") return first === undefined ? "`varchar(n)`" : `\`varchar(n)\` with n ≤ ${first}`;
  if (to.name === "numeric" && first !== undefined)
    return `\`numeric\` with precision ≤ ${first} and scale ${second}`;
  if (to.name === "inet") return "`cidr`";
  return undefined;
}

const narrowIntegers = new Set(["int2", "int4", "serial", "smallserial"]);

/**
 * The D15 problem with a column's type, phrased for a message about `column` (e.g. `` `users.id` ``),
 * or undefined. `isKey` marks columns that are (or reference) a key.
 */
export function typeHygieneProblem(
  column: string,
  columnName: string,
  type: ColumnType,
  isKey: boolean,
): string | undefined {
  if (type.name === "timestamp") {
    return `${column} is \`timestamp\` without time zone, so its meaning depends on the session time zone: use \`timestamptz\``;
  }
  if (type.name === "json")
    return `${column} is \`json\`, which has no equality operator or GIN indexing: use \`jsonb\``;
  if (type.name === "bpchar")
    return `${column} is \`char(n)\`, which pads with blanks: use \`text\` or \`varchar\``;
  if (narrowIntegers.has(type.name) && !type.array && (isKey || looksLikeId(columnName))) {
    const limit = type.name === "int2" || type.name === "smallserial" ? "32,767" : "about 2.1 billion";
    const replacement = type.name.endsWith("serial") ? "`bigint GENERATED ALWAYS AS IDENTITY`" : "`bigint`";
    return `${column} is a key of type \`${formatColumnType(type)}\`, which runs out at ${limit} values: use ${replacement}`;
  }
  return undefined;
}

/** `id`, `user_id`, `userId`: columns that hold keys even without a declared constraint. */
function looksLikeId(columnName: string): boolean {
  return columnName.toLowerCase() === "id" || /_id$/i.test(columnName) || /[a-z0-9]Id$/.test(columnName);
}
