import { describe, expect, it } from "vitest";
import type { Shape } from "../../../../src/analyzers/api-surface/api-surface.js";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

const summary = (shape: Shape) => ({
  name: shape.name,
  role: shape.role,
  open: shape.open,
  fields: shape.fields.map((field) => [field.name, field.required, field.line]),
  lines: [shape.line, shape.endLine],
});

describe("extracting request and response shapes from JavaScript/TypeScript", () => {
  it("reads zod request schemas: body and query fields, optional and default values, extended bases", async () => {
    const source = `import { z } from "zod";
import { BaseSchema } from "../schema";

const BaseIdSchema = z.object({
  id: z.string().uuid(),
});

export const GroupsCreateSchema = z.object({
  body: z.object({
    name: z.string(),
    externalId: z.string().optional(),
    disableMentions: z.boolean().default(false),
  }),
});

export const GroupsUpdateSchema = BaseSchema.extend({
  body: BaseIdSchema.extend({
    name: z.string().nullish(),
  }),
  query: z.object({ expand: z.string() }).strict(),
});

export const Loose = z.object({ a: z.string(), ...Other }).passthrough();
export type GroupsCreateReq = z.infer<typeof GroupsCreateSchema>;
`;
    const surface = await extractApiSurface("server/routes/api/groups/schema.ts", source);
    expect(surface.shapes.map(summary)).toEqual([
      { name: "BaseIdSchema", role: "request", open: false, fields: [["id", true, 5]], lines: [4, 6] },
      {
        name: "GroupsCreateSchema",
        role: "request",
        open: false,
        fields: [
          ["name", true, 10],
          ["externalId", false, 11],
          ["disableMentions", false, 12],
        ],
        lines: [8, 14],
      },
      {
        name: "GroupsUpdateSchema",
        role: "request",
        open: false,
        fields: [
          ["id", true, 5],
          ["name", false, 18],
          ["expand", true, 20],
        ],
        lines: [16, 21],
      },
      { name: "Loose", role: "request", open: true, fields: [["a", true, 23]], lines: [23, 23] },
    ]);
    expect(surface.endpoints).toEqual([]);
  });

  it("reads Joi schemas, where only .required() fields are required", async () => {
    const source = `const Joi = require("joi");
const createUser = Joi.object({
  email: Joi.string().email().required(),
  name: Joi.string(),
});
const updateUser = Joi.object().keys({ name: Joi.string().required() });
`;
    const surface = await extractApiSurface("src/validators.js", source);
    expect(surface.shapes.map(summary)).toEqual([
      {
        name: "createUser",
        role: "request",
        open: false,
        fields: [
          ["email", true, 3],
          ["name", false, 4],
        ],
        lines: [2, 5],
      },
      { name: "updateUser", role: "request", open: false, fields: [["name", true, 6]], lines: [6, 6] },
    ]);
  });

  it("reads presenters: keys of the returned objects, union of returns, spreads make them open", async () => {
    const source = `export default async function presentGroup(group: Group) {
  return {
    id: group.id,
    name: group.name,
    memberCount: await group.memberCount,
  };
}

export const serializeUser = (user) => (user.deleted ? { id: user.id } : null);

function presentShare(share, isAdmin) {
  const data = { id: share.id, url: share.url };
  if (isAdmin) data.createdBy = share.createdBy;
  return data;
}

const presentDocument = (doc) => ({ ...presentBase(doc), title: doc.title });
function helper() { return { a: 1 }; }
`;
    const surface = await extractApiSurface("server/presenters/group.ts", source);
    expect(surface.shapes.map(summary)).toEqual([
      {
        name: "presentGroup",
        role: "response",
        open: false,
        fields: [
          ["id", false, 3],
          ["name", false, 4],
          ["memberCount", false, 5],
        ],
        lines: [1, 7],
      },
      { name: "serializeUser", role: "response", open: false, fields: [["id", false, 9]], lines: [9, 9] },
      {
        name: "presentShare",
        role: "response",
        open: false,
        fields: [
          ["id", false, 12],
          ["url", false, 12],
          ["createdBy", false, 13],
        ],
        lines: [11, 15],
      },
      {
        name: "presentDocument",
        role: "response",
        open: true,
        fields: [["title", false, 17]],
        lines: [17, 17],
      },
    ]);
  });

  it("reports a field removed from a presenter", async () => {
    const base = `export default function presentGroup(group) {
  return { id: group.id, name: group.name, externalId: group.externalId };
}
`;
    const head = base.replace(", externalId: group.externalId", "");
    const path = "server/presenters/group.ts";
    const changes = compareApiSurfaces([
      { path, base: await extractApiSurface(path, base), head: await extractApiSurface(path, head) },
    ]);
    expect(
      changes.map((change) => [change.kind, "fields" in change ? change.fields.map((f) => f.name) : []]),
    ).toEqual([["fields-removed", ["externalId"]]]);
  });

  it("reports a zod field that became required", async () => {
    const base = `export const CreateSchema = z.object({ body: z.object({ name: z.string(), note: z.string().optional() }) });\n`;
    const head = base.replace("note: z.string().optional()", "note: z.string()");
    const path = "server/routes/api/x/schema.ts";
    const changes = compareApiSurfaces([
      { path, base: await extractApiSurface(path, base), head: await extractApiSurface(path, head) },
    ]);
    expect(
      changes.map((change) => [change.kind, "fields" in change ? change.fields.map((f) => f.name) : []]),
    ).toEqual([["fields-newly-required", ["note"]]]);
  });

  it("reads class-validator DTOs: optional marks, initialisers, private fields, response-named classes", async () => {
    const source = `export class CreateOrderDto {
  @IsString()
  name: string;

  @IsOptional()
  @IsString()
  note: string;

  coupon?: string;
  quantity: number = 1;
  private secret: string;
  static version = 2;
}

export class OrderResponseDto extends BaseDto {
  id: string;
}

class OrderService {
  total: number;
}
`;
    const surface = await extractApiSurface("src/orders/dto.ts", source);
    expect(surface.shapes.map(summary)).toEqual([
      {
        name: "CreateOrderDto",
        role: "request",
        open: false,
        fields: [
          ["name", true, 3],
          ["note", false, 7],
          ["coupon", false, 9],
          ["quantity", false, 10],
        ],
        lines: [1, 13],
      },
      {
        name: "OrderResponseDto",
        role: "response",
        open: true,
        fields: [["id", false, 16]],
        lines: [15, 17],
      },
    ]);
  });
});
