import { describe, expect, it } from "vitest";
import { compareApiSurfaces } from "../../../../src/analyzers/api-surface/compare-api-surfaces.js";
import { extractApiSurface } from "../../../../src/analyzers/api-surface/extract-api-surface.js";

describe("extracting NestJS, Next.js and tRPC endpoints", () => {
  it("reads a NestJS controller: prefix, class and method guards, @Public, @HttpCode", async () => {
    const source = `import { Controller, Get, Post, HttpCode, UseGuards } from "@nestjs/common";

@Controller("orders")
@UseGuards(JwtAuthGuard, RolesGuard)
export class OrdersController {
  @Get(":id")
  @ApiBearerAuth()
  find(@Param("id") id: string) {
    return this.orders.find(id);
  }

  @Post()
  @HttpCode(201)
  @Roles("admin")
  create(@Body() dto: CreateOrderDto) {}

  @Public()
  @Get()
  list() {}
}
`;
    const surface = await extractApiSurface("src/orders/orders.controller.ts", source);
    const classGuards = [
      { name: "JwtAuthGuard", allowsAll: false, line: 4 },
      { name: "RolesGuard", allowsAll: false, line: 4 },
    ];
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.label,
        endpoint.framework,
        endpoint.handler,
        endpoint.guards,
        endpoint.statusCodes,
        endpoint.line,
        endpoint.endLine,
      ]),
    ).toEqual([
      ["GET /orders/{}", "GET /orders/:id", "nestjs", "OrdersController.find", classGuards, [], 6, 10],
      [
        "POST /orders",
        "POST /orders",
        "nestjs",
        "OrdersController.create",
        [...classGuards, { name: '@Roles("admin")', allowsAll: false, line: 14 }],
        [201],
        12,
        15,
      ],
      [
        "GET /orders",
        "GET /orders",
        "nestjs",
        "OrdersController.list",
        [...classGuards, { name: "@Public()", allowsAll: true, line: 17 }],
        [],
        17,
        19,
      ],
    ]);
  });

  it("keys a Next.js app route handler by its folder path, without route groups", async () => {
    const source = `import { NextResponse } from "next/server";
export async function GET(req: Request) {
  const session = await getServerSession(authOptions);
  if (!session) return NextResponse.json({ error: "unauthorised" }, { status: 401 });
  return NextResponse.json({ ok: true });
}
export const DELETE = withAuth(async () => new Response(null, { status: 204 }));
`;
    const surface = await extractApiSurface("src/app/(shop)/api/orders/[id]/route.ts", source);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.label,
        endpoint.framework,
        endpoint.guards.map((guard) => [guard.name, guard.line]),
        endpoint.statusCodes,
        endpoint.line,
        endpoint.endLine,
      ]),
    ).toEqual([
      [
        "GET /api/orders/{}",
        "GET /api/orders/[id]",
        "nextjs",
        [["getServerSession(authOptions)", 3]],
        [401],
        2,
        6,
      ],
      ["DELETE /api/orders/{}", "DELETE /api/orders/[id]", "nextjs", [["withAuth", 7]], [204], 7, 7],
    ]);
  });

  it("keys a pages/api default export as ANY", async () => {
    const source = `export default async function handler(req, res) {
  res.status(200).json([]);
}
`;
    const surface = await extractApiSurface("pages/api/users/index.ts", source);
    expect(surface.endpoints.map((endpoint) => [endpoint.key, endpoint.statusCodes])).toEqual([
      ["ANY /api/users", [200]],
    ]);
  });

  const trpcRouter = `import { z } from "zod";
import { router, publicProcedure, protectedProcedure } from "../trpc";

const ordersRouter = router({
  list: publicProcedure.query(() => []),
  create: protectedProcedure
    .input(z.object({ name: z.string(), note: z.string().optional() }))
    .mutation(({ input }) => input),
  remove: publicProcedure.use(isAdmin).mutation(() => 1),
});

export const appRouter = router({
  orders: ordersRouter,
  health: publicProcedure.query(() => "ok"),
});
`;

  it("reads tRPC procedures with nested routers, procedure guards and input shapes", async () => {
    const surface = await extractApiSurface("src/server/routers/app.ts", trpcRouter);
    expect(
      surface.endpoints.map((endpoint) => [
        endpoint.key,
        endpoint.framework,
        endpoint.guards.map((guard) => [guard.name, guard.line]),
        endpoint.line,
      ]),
    ).toEqual([
      ["trpc orders.list", "trpc", [], 5],
      ["trpc orders.create", "trpc", [["protectedProcedure", 6]], 6],
      ["trpc orders.remove", "trpc", [["isAdmin", 9]], 9],
      ["trpc health", "trpc", [], 14],
    ]);
    expect(
      surface.shapes.map((shape) => [
        shape.name,
        shape.role,
        shape.fields.map((field) => [field.name, field.required]),
      ]),
    ).toEqual([
      [
        "trpc orders.create input",
        "request",
        [
          ["name", true],
          ["note", false],
        ],
      ],
    ]);
  });

  it("reports auth weakened when a tRPC procedure moves from protectedProcedure to publicProcedure", async () => {
    const path = "src/server/routers/app.ts";
    const head = trpcRouter.replace("create: protectedProcedure", "create: publicProcedure");
    const changes = compareApiSurfaces([
      { path, base: await extractApiSurface(path, trpcRouter), head: await extractApiSurface(path, head) },
    ]);
    expect(
      changes.map((change) =>
        change.kind === "auth-weakened"
          ? [change.kind, change.base.key, change.removed.map((guard) => guard.name)]
          : [change.kind],
      ),
    ).toEqual([["auth-weakened", "trpc orders.create", ["protectedProcedure"]]]);
  });
});
