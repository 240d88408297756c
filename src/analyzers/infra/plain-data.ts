// Narrowing parsed YAML/JSON (plain `unknown` data) without casts at every use.

/** A plain-object view of a mapping, or `undefined` for anything else. */
export function asMap(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The items of a sequence; anything else is an empty list. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
