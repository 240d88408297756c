// Go struct tags (`json:"id" gorm:"column:id;primaryKey" db:"id"`), read the way reflect.StructTag does.

/** The tag's key → value pairs; stops at the first malformed pair, as `reflect.StructTag.Lookup` does. */
export function structTags(tag: string): Map<string, string> {
  const values = new Map<string, string>();
  let rest = tag;
  for (;;) {
    rest = rest.trimStart();
    const colon = rest.indexOf(':"');
    if (colon <= 0 || /[\s"]/.test(rest.slice(0, colon))) return values;
    let end = colon + 2;
    while (end < rest.length && rest[end] !== '"') end += rest[end] === "\\" ? 2 : 1;
    if (end >= rest.length) return values;
    values.set(rest.slice(0, colon), rest.slice(colon + 2, end));
    rest = rest.slice(end + 1);
  }
}

/** GORM's `column:name` setting in a `gorm:"…"` tag. */
export function gormSetting(tag: string, setting: string): string | undefined {
  for (const part of tag.split(";")) {
    const [key, value] = part.split(":", 2);
    if (key?.trim().toLowerCase() === setting.toLowerCase()) return value?.trim() ?? "";
  }
  return undefined;
}
