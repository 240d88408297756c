import { describe, expect, it } from "vitest";
import { classifyFile } from "../../src/diff/classify-file.js";

// Each sample is what the classifier may see of a file: its whole content, or only the lines of its diff.
describe("classifying code that defines an API or a data model", () => {
  describe("API surface, by framework family", () => {
    it.each([
      // Node.js routers
      ["src/orders.js", 'const express = require("express");\nconst router = express.Router();', "Express"],
      [
        "lib/http/orders.ts",
        'router.get("/v1/orders", requireAuth, listOrders);',
        "an Express route in a diff",
      ],
      ["src/api.ts", 'import Router from "@koa/router";\nconst router = new Router();', "Koa"],
      [
        "server/routes/api/groups/groups.ts",
        'router.post("groups.list", auth(), pagination(), handler);',
        "Koa RPC-style",
      ],
      ["src/app.ts", 'import { Hono } from "hono";\nconst app = new Hono();', "Hono"],
      ["src/server.ts", 'fastify.get("/health", async () => ({ ok: true }));', "Fastify"],
      ["src/orders/orders.controller.ts", "export class OrdersController {}", "a NestJS controller by name"],
      [
        "src/orders/api.ts",
        '@Controller("orders")\nexport class Orders {',
        "a NestJS controller by decorator",
      ],
      ["src/orders/orders.guard-free.ts", '  @Get(":id")\n  findOne() {}', "a NestJS route in a diff"],
      [
        "app/api/orders/[id]/route.ts",
        "export async function GET(req: Request) {}",
        "a Next.js route handler",
      ],
      [
        "src/app/(shop)/cart/route.js",
        "export const POST = withAuth(handler);",
        "a Next.js route in a route group",
      ],
      ["pages/api/orders.ts", "export default function handler(req, res) {}", "a Next.js API route"],
      ["src/server/routers/order.ts", "export const orderRouter = createTRPCRouter({", "a tRPC router"],
      [
        "src/server/trpc/orders.ts",
        "  list: protectedProcedure.query(() => []),",
        "a tRPC procedure in a diff",
      ],
      [
        "server/routes/api/documents/schema.ts",
        "export const schema = z.object({ id: z.string() });",
        "a zod request schema next to routes",
      ],
      [
        "src/api/dto.ts",
        'import { IsString } from "class-validator";',
        "class-validator DTOs in an api folder",
      ],
      ["server/presenters/group.ts", "    description: group.description,", "a presenter (by folder)"],
      // Python
      ["app/main.py", "from fastapi import FastAPI\napp = FastAPI()", "FastAPI"],
      [
        "svc/endpoints.py",
        '@router.get("/orders/{order_id}")\nasync def get_order(order_id: int):',
        "a FastAPI route in a diff",
      ],
      ["svc/web.py", "from flask import Blueprint\nbp = Blueprint('orders', __name__)", "Flask"],
      ["shop/urls.py", "", "Django urls.py"],
      ["shop/views.py", "", "Django views.py"],
      ["shop/api/endpoints.py", "class OrderViewSet(viewsets.ModelViewSet):", "a DRF viewset"],
      ["shop/api/serializers/orders.py", "", "DRF serializers by folder"],
      ["netbox/ipam/api/serializers_/ip.py", "", "DRF serializers in a serializers_ package"],
      ["shop/permissions.py", "from rest_framework import permissions", "DRF permissions"],
      ["saleor/graphql/order/mutations/note.py", "class OrderNoteAdd(BaseMutation):", "a Graphene mutation"],
      ["app/graphql/types.py", "import strawberry\n@strawberry.type\nclass Prefix:", "Strawberry types"],
      [
        "app/schemas/order.py",
        "class OrderOut(BaseModel):\n    id: int",
        "pydantic schemas in a schemas folder",
      ],
      // Ruby
      ["config/routes.rb", "", "Rails routes"],
      ["app/controllers/api/v1/orders_controller.rb", "", "a Rails controller by path"],
      [
        "lib/api/orders.rb",
        "class OrdersController < ApplicationController",
        "a Rails controller by content",
      ],
      ["app/serializers/order_serializer.rb", "", "an ActiveModel serializer by path"],
      ["app/blueprints/order.rb", "class OrderBlueprint < Blueprinter::Base", "a Blueprinter serializer"],
      // Go
      [
        "internal/api/token.go",
        "func (a *API) Token(w http.ResponseWriter, r *http.Request) error {",
        "a net/http handler",
      ],
      ["cmd/server/routes.go", "func orders(c *gin.Context) {", "a Gin handler"],
      ["pkg/web/router.go", "r := chi.NewRouter()\nvar _ chi.Router = r", "a chi router"],
      ["internal/grpc/server.go", "pb.RegisterOrderServiceServer(s, &server{})", "a gRPC server"],
      [
        "internal/api/types.go",
        'type TokenResponse struct {\n\tToken string `json:"access_token"`\n}',
        "a JSON response struct in an api package",
      ],
      // JVM, PHP, C#
      ["src/main/java/shop/OrderApi.java", "@RestController\npublic class OrderApi {", "a Spring controller"],
      ["src/main/kotlin/shop/Orders.kt", '@GetMapping("/orders")', "a Spring route in Kotlin"],
      [
        "src/main/java/shop/SecurityConfig.java",
        "SecurityFilterChain filterChain(HttpSecurity http)",
        "Spring Security rules",
      ],
      ["routes/api.php", "", "Laravel API routes"],
      ["src/Orders/OrdersEndpoints.cs", 'app.MapGet("/orders", () => Results.Ok());', "ASP.NET minimal APIs"],
    ])("%s is api (%s)", (path, sniff) => {
      expect(classifyFile(path, sniff)).toBe("api");
    });
  });

  describe("data models, by ORM family", () => {
    it.each([
      ["shop/models.py", "", "Django models.py"],
      ["netbox/ipam/models/ip.py", "", "a Django models package"],
      ["core/records.py", "class Order(models.Model):", "a Django model elsewhere"],
      [
        "app/db/tables.py",
        "class User(Base):\n    id = Column(Integer, primary_key=True)",
        "SQLAlchemy Column",
      ],
      ["app/db/user.py", "    email: Mapped[str] = mapped_column(String(255))", "SQLAlchemy 2 mapped_column"],
      ["app/records.py", "class Hero(SQLModel, table=True):", "SQLModel"],
      ["app/models/order.rb", "", "a Rails model by path"],
      ["lib/billing/invoice.rb", "class Invoice < ApplicationRecord", "an ActiveRecord model by content"],
      ["src/orders/order.entity.ts", "", "a TypeORM entity by name"],
      ["src/domain/order.ts", '@Entity("orders")\nexport class Order {', "a TypeORM entity by decorator"],
      [
        "server/models/Group.ts",
        'import { Column, Table } from "sequelize-typescript";',
        "a sequelize-typescript model",
      ],
      ["db/user.js", "User.init({ email: DataTypes.STRING }, { sequelize });", "a Sequelize model"],
      [
        "src/schemas/user.js",
        "const userSchema = new mongoose.Schema({ email: String });",
        "a Mongoose schema",
      ],
      ["src/db/schema.ts", 'export const users = pgTable("users", {', "a Drizzle table"],
      ["models/user.go", 'type User struct {\n\tID uuid.UUID `json:"id" db:"id"`\n}', "a pop/sqlx struct"],
      [
        "internal/store/order.go",
        'type Order struct {\n\tgorm.Model\n\tTotal int `gorm:"not null"`\n}',
        "a GORM model",
      ],
      ["src/main/java/shop/Order.java", '@Entity\n@Table(name = "orders")', "a JPA entity"],
      ["app/Models/Order.php", "", "an Eloquent model by path"],
      ["Data/ShopContext.cs", "public DbSet<Order> Orders { get; set; }", "an EF Core context"],
    ])("%s is schema (%s)", (path, sniff) => {
      expect(classifyFile(path, sniff)).toBe("schema");
    });
  });

  describe("code that is neither", () => {
    it.each([
      [
        "app/models/Group.ts",
        'import { observable } from "mobx";\nclass Group extends Model {',
        "a MobX store on the frontend",
      ],
      [
        "app/components/Orders.tsx",
        'const res = await fetch("/api/orders");',
        "a React component calling the API",
      ],
      ["src/client/orders.ts", 'return api.get("/orders", { params });', "an HTTP client"],
      ["src/pages/orders.tsx", 'router.push("/orders");', "client-side navigation"],
      [
        "server/queues/tasks/ExportTask.ts",
        'import { Op } from "sequelize";',
        "a task that queries with sequelize",
      ],
      ["server/routes/api/orders.test.ts", 'router.get("/v1/orders", h);', "a route test"],
      ["test/api/orders.py", "from fastapi.testclient import TestClient", "a FastAPI test"],
      ["shop/tests/test_views.py", "class OrderViewSet(viewsets.ModelViewSet):", "a test module"],
      ["spec/requests/orders_spec.rb", "class OrdersController < ApplicationController", "an RSpec file"],
      [
        "internal/api/token_test.go",
        "func TestToken(w http.ResponseWriter, r *http.Request) {}",
        "a Go test",
      ],
      ["netbox/ipam/tables/ip.py", "    name = tables.Column(linkify=True)", "a django-tables2 table"],
      [
        "netbox/ipam/forms/bulk_edit.py",
        "class PrefixBulkEditForm(NetBoxModelBulkEditForm):",
        "a Django form",
      ],
      [
        "src/forms/signup.ts",
        "const schema = z.object({ email: z.string() });",
        "a zod form schema on the frontend",
      ],
      ["crypto/crypto.go", "func Encrypt(data []byte) ([]byte, error) {", "a crypto helper"],
      ["types/express.d.ts", 'declare module "express" {}', "a type declaration"],
      ["src/stories/Orders.stories.tsx", 'router.get("/v1/orders", h);', "a story"],
      [
        "saleor/graphql/query_cost_map.py",
        'COST_MAP = {"Query": {"orders": {"complexity": 1}}}',
        "a cost table",
      ],
    ])("%s is other (%s)", (path, sniff) => {
      expect(classifyFile(path, sniff)).toBe("other");
    });
  });
});
