// Which schema element a graphql-js change is about. graphql@16 reports only `{ type, description }`; its
// descriptions follow fixed templates (utilities/findBreakingChanges.js), read back here per change type.
import type { BreakingChange, DangerousChange } from "graphql";

export interface SchemaChangeSite {
  /** What the finding is about: `Query.user(org)`, `Status.ACTIVE`, `SearchResult (Photo)`, `@key`. */
  subject: string;
  /** Element key (see sdlElements) of the changed element itself. */
  element: string;
  /** Key of the closest enclosing element, when the element itself may be gone from both sides. */
  parent?: string;
}

const name = "([_A-Za-z][_0-9A-Za-z]*)";

type Reader = (match: RegExpMatchArray) => SchemaChangeSite;

/** Description pattern and reader per change type (the same types appear in both functions' results). */
const readers: Record<string, Array<[RegExp, Reader]>> = {
  TYPE_REMOVED: [
    [
      new RegExp(`^Standard scalar ${name} was removed`),
      ([, type = ""]) => ({ subject: type, element: type }),
    ],
    [new RegExp(`^${name} was removed\\.$`), ([, type = ""]) => ({ subject: type, element: type })],
  ],
  TYPE_CHANGED_KIND: [
    [new RegExp(`^${name} changed from `), ([, type = ""]) => ({ subject: type, element: type })],
  ],
  TYPE_REMOVED_FROM_UNION: [
    [
      new RegExp(`^${name} was removed from union type ${name}\\.$`),
      ([, member = "", union = ""]) => ({ subject: `${union} (${member})`, element: union }),
    ],
  ],
  TYPE_ADDED_TO_UNION: [
    [
      new RegExp(`^${name} was added to union type ${name}\\.$`),
      ([, member = "", union = ""]) => ({ subject: `${union} (${member})`, element: union }),
    ],
  ],
  VALUE_REMOVED_FROM_ENUM: [
    [
      new RegExp(`^${name} was removed from enum type ${name}\\.$`),
      ([, value = "", type = ""]) => ({
        subject: `${type}.${value}`,
        element: `${type}.${value}`,
        parent: type,
      }),
    ],
  ],
  VALUE_ADDED_TO_ENUM: [
    [
      new RegExp(`^${name} was added to enum type ${name}\\.$`),
      ([, value = "", type = ""]) => ({
        subject: `${type}.${value}`,
        element: `${type}.${value}`,
        parent: type,
      }),
    ],
  ],
  REQUIRED_INPUT_FIELD_ADDED: [[new RegExp(`field ${name} on input type ${name} was added`), inputField]],
  OPTIONAL_INPUT_FIELD_ADDED: [[new RegExp(`field ${name} on input type ${name} was added`), inputField]],
  IMPLEMENTED_INTERFACE_REMOVED: [
    [
      new RegExp(`^${name} no longer implements interface ${name}\\.$`),
      ([, type = "", iface = ""]) => ({ subject: `${type} (implements ${iface})`, element: type }),
    ],
  ],
  IMPLEMENTED_INTERFACE_ADDED: [
    [
      new RegExp(`^${name} added to interfaces implemented by ${name}\\.$`),
      ([, iface = "", type = ""]) => ({ subject: `${type} (implements ${iface})`, element: type }),
    ],
  ],
  FIELD_REMOVED: [[new RegExp(`^${name}\\.${name} was removed\\.$`), field]],
  FIELD_CHANGED_KIND: [[new RegExp(`^${name}\\.${name} changed type from `), field]],
  REQUIRED_ARG_ADDED: [[new RegExp(`arg ${name} on ${name}\\.${name} was added`), argAdded]],
  OPTIONAL_ARG_ADDED: [[new RegExp(`arg ${name} on ${name}\\.${name} was added`), argAdded]],
  ARG_REMOVED: [[new RegExp(`^${name}\\.${name} arg ${name} `), argOf]],
  ARG_CHANGED_KIND: [[new RegExp(`^${name}\\.${name} arg ${name} `), argOf]],
  ARG_DEFAULT_VALUE_CHANGE: [[new RegExp(`^${name}\\.${name} arg ${name} `), argOf]],
  DIRECTIVE_REMOVED: [
    [
      new RegExp(`^${name} was removed\\.$`),
      ([, directive = ""]) => ({ subject: `@${directive}`, element: `@${directive}` }),
    ],
  ],
  DIRECTIVE_ARG_REMOVED: [
    [
      new RegExp(`^${name} was removed from ${name}\\.$`),
      ([, arg = "", directive = ""]) => ({
        subject: `@${directive}(${arg})`,
        element: `@${directive}(${arg})`,
        parent: `@${directive}`,
      }),
    ],
  ],
  REQUIRED_DIRECTIVE_ARG_ADDED: [
    [
      new RegExp(`arg ${name} on directive ${name} was added`),
      ([, arg = "", directive = ""]) => ({
        subject: `@${directive}(${arg})`,
        element: `@${directive}(${arg})`,
        parent: `@${directive}`,
      }),
    ],
  ],
  DIRECTIVE_REPEATABLE_REMOVED: [
    [
      new RegExp(`^Repeatable flag was removed from ${name}\\.$`),
      ([, directive = ""]) => ({ subject: `@${directive} (repeatable)`, element: `@${directive}` }),
    ],
  ],
  DIRECTIVE_LOCATION_REMOVED: [
    [
      new RegExp(`^${name} was removed from ${name}\\.$`),
      ([, location = "", directive = ""]) => ({
        subject: `@${directive} (${location})`,
        element: `@${directive}`,
      }),
    ],
  ],
};

function inputField([, fieldName = "", type = ""]: RegExpMatchArray): SchemaChangeSite {
  return { subject: `${type}.${fieldName}`, element: `${type}.${fieldName}`, parent: type };
}

function field([, type = "", fieldName = ""]: RegExpMatchArray): SchemaChangeSite {
  return { subject: `${type}.${fieldName}`, element: `${type}.${fieldName}`, parent: type };
}

function argAdded([, arg = "", type = "", fieldName = ""]: RegExpMatchArray): SchemaChangeSite {
  return argSite(type, fieldName, arg);
}

function argOf([, type = "", fieldName = "", arg = ""]: RegExpMatchArray): SchemaChangeSite {
  return argSite(type, fieldName, arg);
}

function argSite(type: string, fieldName: string, arg: string): SchemaChangeSite {
  return {
    subject: `${type}.${fieldName}(${arg})`,
    element: `${type}.${fieldName}(${arg})`,
    parent: `${type}.${fieldName}`,
  };
}

/** The element a change is about; an unknown description (a future graphql) falls back to its type. */
export function schemaChangeSite(change: BreakingChange | DangerousChange): SchemaChangeSite {
  for (const [pattern, read] of readers[change.type] ?? []) {
    const match = change.description.match(pattern);
    if (match !== null) return read(match);
  }
  return { subject: change.description, element: "" };
}
