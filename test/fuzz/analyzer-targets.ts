// Generated files for each analyzer: fragments of its language mixed with arbitrary text (binary, NUL, lone
// surrogates), joined in several ways; shared by the analyzer fuzz suites.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fragments are workflow, Terraform and Dockerfile text, not templates.
import fc from "fast-check";
import { expect } from "vitest";
import { workflowAnalyzer } from "../../src/analyzers/actions/workflow-analyzer.js";
import type { AnalysisResult, Analyzer } from "../../src/analyzers/analyzer.js";
import { apiSurfaceAnalyzer } from "../../src/analyzers/api-surface/api-surface-analyzer.js";
import { dockerfileAnalyzer } from "../../src/analyzers/docker/dockerfile-analyzer.js";
import { graphqlAnalyzer } from "../../src/analyzers/graphql/graphql-analyzer.js";
import { manifestAnalyzer } from "../../src/analyzers/kubernetes/manifest-analyzer.js";
import { openapiAnalyzer } from "../../src/analyzers/openapi/openapi-analyzer.js";
import { djangoModelAnalyzer } from "../../src/analyzers/orm/django-model-analyzer.js";
import { ormMigrationAnalyzer } from "../../src/analyzers/orm/orm-migration-analyzer.js";
import { ormModelAnalyzer } from "../../src/analyzers/orm/orm-model-analyzer.js";
import { prismaSchemaAnalyzer } from "../../src/analyzers/prisma/prisma-schema-analyzer.js";
import { knownRuleIds } from "../../src/analyzers/registry.js";
import { secretAnalyzer } from "../../src/analyzers/secrets/secret-analyzer.js";
import { sqlAnalyzer } from "../../src/analyzers/sql/sql-analyzer.js";
import { terraformAnalyzer } from "../../src/analyzers/terraform/terraform-analyzer.js";
import type { Category, ChangedFile } from "../../src/domain/model.js";
import { changedFile } from "../helpers/changed-file.js";
import { fuzz, fuzzRunsFor } from "./fuzz-run.js";

/** Lines of a language, mixed with arbitrary text (binary, NUL, lone surrogates) and joined in several ways. */
export function soup(fragments: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...fragments) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 16 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("\u0000", "\uD800", "\uDFFF", "\uFEFF", "\r\n", "\t", "  ", "    "),
    },
  );
  return fc
    .tuple(fc.array(piece, { maxLength: 30 }), fc.constantFrom("\n", "\n  ", " ", "", "\r\n"))
    .map(([pieces, separator]) => pieces.join(separator));
}

const sql = soup([
  "CREATE TABLE {{ .Schema }}.users (id bigint PRIMARY KEY, email text NOT NULL);",
  'CREATE INDEX idx_users_email ON {{ index .Options "Namespace" }}.users (email);',
  "CREATE UNIQUE INDEX CONCURRENTLY i ON users (lower(email));",
  "ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;",
  "ALTER TABLE users ALTER COLUMN email TYPE varchar(10);",
  "ALTER TABLE users DROP COLUMN email;",
  "ALTER TABLE users RENAME COLUMN a TO b;",
  "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);",
  "DROP TABLE users;",
  "TRUNCATE users;",
  "UPDATE users SET a = 1;",
  "BEGIN;",
  "COMMIT;",
  "SET lock_timeout = '5s';",
  "{{",
  "}}",
  "{{ .Schema }}",
  "{{- if .X }}",
  "$$ BEGIN RAISE NOTICE 'x'; END $$;",
  "-- comment",
  "/* unterminated",
  "'",
  '"',
  ";",
  "(",
]);

const openapiYaml = soup([
  "openapi: 3.0.3",
  "openapi: 3.1.0",
  "swagger: '2.0'",
  "info: {title: t, version: '1'}",
  "paths:",
  "  /users/{id}:",
  "    get:",
  "      parameters:",
  "        - {name: id, in: path, required: true, schema: {type: string}}",
  "      responses: {'200': {description: ok}}",
  "    delete: {responses: {'204': {description: gone}}}",
  "components: {schemas: {User: {type: object, required: [id], properties: {id: {type: integer}}}}}",
  "$ref: '#/components/schemas/User'",
  "$ref: '#/a/b/c'",
  "$ref: 'http://example.com/x.yaml'",
  "&a [*a, *a]",
  "*a",
  "<<: *a",
  "- ",
  ": :",
  "{",
  "[",
  "!!binary x",
  "%YAML 1.2",
  "---",
]);

const openapiJson = fc
  .record({
    openapi: fc.constantFrom("3.0.3", "3.1.0", "2.0", "x"),
    info: fc.oneof(fc.constant({ title: "t", version: "1" }), fc.jsonValue({ maxDepth: 2 })),
    paths: fc.dictionary(
      fc.oneof(fc.constantFrom("/users", "/users/{id}", "/", "x"), fc.string({ maxLength: 6 })),
      fc.oneof(
        fc.dictionary(
          fc.constantFrom("get", "post", "delete", "parameters", "x"),
          fc.oneof(
            fc.constant({ responses: { "200": { description: "ok" } } }),
            fc.constant({ $ref: "#/components/schemas/User" }),
            fc.jsonValue({ maxDepth: 3 }),
          ),
          { maxKeys: 3 },
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      { maxKeys: 4 },
    ),
    components: fc.jsonValue({ maxDepth: 3 }),
  })
  .map((doc) => JSON.stringify(doc, null, 2));

const graphql = soup([
  "type Query { user(id: ID!): User users(first: Int = 10): [User!]! }",
  'type User @key(fields: "id") { id: ID! email: String @deprecated(reason: "x") }',
  "input NewUser { email: String! }",
  "enum Role { ADMIN USER }",
  "union Result = User | Error",
  "interface Node { id: ID! }",
  "scalar DateTime",
  "schema { query: Query }",
  "extend type Query { me: User }",
  "directive @auth(role: Role) on FIELD_DEFINITION",
  '"""',
  "{",
  "}",
  "#",
  "query { user { id } }",
  "fragment F on User { id }",
]);

const dockerfile = soup([
  "FROM node:20 AS build",
  "FROM --platform=$BUILDPLATFORM alpine:3.19",
  "FROM scratch",
  "ARG VERSION=1",
  "ENV SECRET_KEY=abc",
  "RUN apt-get update && apt-get install -y curl",
  "RUN curl https://x | sh",
  "COPY --from=build /app /app",
  "ADD https://example.com/x.tgz /",
  "USER root",
  "EXPOSE 22",
  "HEALTHCHECK NONE",
  'CMD ["node", "server.js"]',
  "ENTRYPOINT node",
  "\\",
  "# syntax=docker/dockerfile:1",
  "ONBUILD RUN x",
  "RUN <<EOF",
  "EOF",
]);

const terraform = soup([
  'resource "aws_db_instance" "main" {',
  'resource "aws_s3_bucket" "b" {',
  'resource "aws_security_group_rule" "r" {',
  'data "aws_iam_policy_document" "p" {',
  "}",
  "{",
  "  storage_encrypted = false",
  '  cidr_blocks = ["0.0.0.0/0"]',
  "  publicly_accessible = true",
  '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })',
  "  deletion_protection = false",
  "  lifecycle { prevent_destroy = true }",
  '  name = "${var.x}"',
  "  count = 0",
  'module "m" { source = "./m" }',
  'variable "v" {}',
  "<<EOT",
  "EOT",
  "/*",
  "#",
]);

const workflow = soup([
  "on: pull_request_target",
  "on: [push, pull_request]",
  "permissions: write-all",
  "jobs:",
  "  build:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: actions/checkout@v4",
  "      - uses: actions/checkout@main",
  "        with: {ref: '${{ github.event.pull_request.head.sha }}'}",
  '      - run: echo "${{ github.event.pull_request.title }}"',
  "      - run: |",
  "          curl ${{ github.head_ref }}",
  "    secrets: inherit",
  "${{",
  "}}",
  "&a x",
  "*a",
]);

const manifest = soup([
  "apiVersion: apps/v1",
  "kind: Deployment",
  "kind: Service",
  "metadata: {name: api}",
  "spec:",
  "  replicas: 1",
  "  template:",
  "    spec:",
  "      hostNetwork: true",
  "      containers:",
  "        - image: nginx:latest",
  "          securityContext: {privileged: true}",
  "      volumes: [{name: v, hostPath: {path: /var/run/docker.sock}}]",
  "ports: ['5432:5432']",
  "services:",
  "  db:",
  "    image: postgres",
  "---",
  "{{ .Values.x }}",
]);

export const javascript = soup([
  "import express from 'express';",
  "const router = express.Router();",
  "router.get('/users/:id', auth, async (req, res) => { res.json({ id: 1 }) });",
  "app.post(`/v1/${x}`, handler);",
  "export const appRouter = t.router({ user: t.procedure.query(() => 1) });",
  "@Controller('users') export class UsersController { @Get(':id') find() {} }",
  "interface User { id: string; email?: string }",
  "export type Shape = { a: number };",
  "module.exports = { up(q) { return q.addColumn('users', 'age', { allowNull: false }) } }",
  "exports.up = (knex) => knex.schema.dropTable('users');",
  "@Entity() class User { @Column() email: string }",
  "{",
  "}",
  "(",
  "`",
  "/*",
  "//",
  "<div>",
]);

export const python = soup([
  "from fastapi import APIRouter",
  "router = APIRouter()",
  "@router.get('/users/{id}')",
  "@app.route('/x', methods=['POST'])",
  "def get_user(id: int) -> User:",
  "    return User(id=id)",
  "class User(models.Model):",
  "    email = models.CharField(max_length=10)",
  "class Migration(migrations.Migration):",
  "    operations = [migrations.RemoveField('user', 'email'), migrations.AlterField('user', 'a', models.IntegerField())]",
  "urlpatterns = [path('users/<int:pk>', views.user)]",
  "class UserSerializer(serializers.ModelSerializer):",
  "    permission_classes = []",
  "class Meta:",
  '"""',
  "'''",
  "\\",
  "    ",
  ":",
]);

export const ruby = soup([
  "Rails.application.routes.draw do",
  "  resources :users, only: [:show]",
  "  get '/health', to: 'health#show'",
  "end",
  "class UsersController < ApplicationController",
  "  before_action :authenticate_user!",
  "  def show; render json: User.find(params[:id]); end",
  "class AddAge < ActiveRecord::Migration[7.1]",
  "  def change",
  "    remove_column :users, :email",
  "    add_index :users, :email",
  "    change_column_null :users, :age, false",
  "<<~SQL",
  "SQL",
  "=begin",
  "do |x|",
  "#{",
]);

export const go = soup([
  "package main",
  'import "net/http"',
  'r.HandleFunc("/users/{id}", getUser).Methods("GET")',
  'e.GET("/users/:id", h)',
  'mux.Handle("/x", http.HandlerFunc(f))',
  'type User struct { ID int `json:"id"` }',
  "func getUser(w http.ResponseWriter, r *http.Request) {",
  "}",
  "{",
  "`",
  "/*",
]);

export const java = soup([
  "package x;",
  '@RestController @RequestMapping("/users")',
  "public class UsersController {",
  '  @GetMapping("/{id}") public User get(@PathVariable long id) { return null; }',
  "  @PreAuthorize(\"hasRole('ADMIN')\")",
  "  @DeleteMapping void delete() {}",
  '@Entity @Table(name = "users") public class User { @Column(nullable = false) String email; }',
  "public record Shape(int a) {}",
  "}",
  "{",
  "@",
  '"""',
]);

const prisma = soup([
  'datasource db { provider = "postgresql" url = env("DATABASE_URL") }',
  "model User {",
  "  id    Int    @id @default(autoincrement())",
  "  email String @unique",
  "  posts Post[]",
  "}",
  "enum Role { ADMIN }",
  "@@index([email])",
  "{",
  "//",
]);

const secrets = soup([
  "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "ghp_0123456789abcdefghijABCDEFGHIJ012345",
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEpAIBAAKCAQEA",
  "-----END RSA PRIVATE KEY-----",
  'password = "hunter2hunter2"',
  "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxx",
  "xoxb-1234-5678-abcdef",
  "token: ${TOKEN}",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
]);

interface Target {
  analyzer: Analyzer;
  paths: readonly string[];
  category: Category;
  text: fc.Arbitrary<string>;
  /** Runs in `npm test` (parsers that load Spectral or WASM are slower per input). */
  runs?: number;
}

export const targets: Record<string, Target> = {
  "sql (templated SQL)": {
    analyzer: sqlAnalyzer,
    paths: ["db/migrations/001_init.sql", "V2__add.sql"],
    category: "schema",
    text: sql,
  },
  "openapi (YAML)": {
    analyzer: openapiAnalyzer,
    paths: ["api/openapi.yaml"],
    category: "api",
    text: openapiYaml,
    runs: fuzzRunsFor(0.15),
  },
  "openapi (JSON)": {
    analyzer: openapiAnalyzer,
    paths: ["openapi.json"],
    category: "api",
    text: openapiJson,
    runs: fuzzRunsFor(0.15),
  },
  "graphql SDL": { analyzer: graphqlAnalyzer, paths: ["schema.graphql"], category: "api", text: graphql },
  dockerfile: {
    analyzer: dockerfileAnalyzer,
    paths: ["Dockerfile", "api.dockerfile"],
    category: "infra",
    text: dockerfile,
  },
  "terraform (HCL)": {
    analyzer: terraformAnalyzer,
    paths: ["infra/main.tf"],
    category: "infra",
    text: terraform,
    runs: fuzzRunsFor(0.25),
  },
  "workflow YAML": {
    analyzer: workflowAnalyzer,
    paths: [".github/workflows/ci.yml"],
    category: "infra",
    text: workflow,
  },
  "kubernetes / compose manifests": {
    analyzer: manifestAnalyzer,
    paths: ["k8s/deploy.yaml", "docker-compose.yml", "chart/values.yaml"],
    category: "infra",
    text: manifest,
  },
  "api surface: javascript/typescript": {
    analyzer: apiSurfaceAnalyzer,
    paths: ["src/routes/users.ts", "server/app.js", "api/router.tsx"],
    category: "api",
    text: javascript,
  },
  "api surface: python": {
    analyzer: apiSurfaceAnalyzer,
    paths: ["app/api/users.py", "app/urls.py"],
    category: "api",
    text: python,
  },
  "api surface: ruby": {
    analyzer: apiSurfaceAnalyzer,
    paths: ["config/routes.rb", "app/controllers/users_controller.rb"],
    category: "api",
    text: ruby,
  },
  "api surface: go": {
    analyzer: apiSurfaceAnalyzer,
    paths: ["internal/http/routes.go"],
    category: "api",
    text: go,
  },
  "api surface: java": {
    analyzer: apiSurfaceAnalyzer,
    paths: ["src/main/java/UsersController.java"],
    category: "api",
    text: java,
  },
  "orm migrations (rails/django/js)": {
    analyzer: ormMigrationAnalyzer,
    paths: ["db/migrate/20240101_add_age.rb", "users/migrations/0002_x.py", "migrations/20240101-add.js"],
    category: "schema",
    text: fc.oneof(ruby, python, javascript),
  },
  "django models": {
    analyzer: djangoModelAnalyzer,
    paths: ["users/models.py"],
    category: "schema",
    text: python,
  },
  "orm models (entities)": {
    analyzer: ormModelAnalyzer,
    paths: ["src/models/user.ts", "app/models/user.rb", "app/db/models.py", "internal/models/user.go"],
    category: "schema",
    text: fc.oneof(javascript, ruby, python, go),
  },
  prisma: {
    analyzer: prismaSchemaAnalyzer,
    paths: ["prisma/schema.prisma"],
    category: "schema",
    text: prisma,
  },
  secrets: {
    analyzer: secretAnalyzer,
    paths: ["config/.env", "src/config.ts"],
    category: "other",
    text: secrets,
  },
};

const severities = new Set(["blocker", "major", "minor", "info"]);

/** A typed result: arrays of findings with known rule ids and severities, notes naming a path. */
function expectTyped(result: AnalysisResult): void {
  expect(Array.isArray(result.findings)).toBe(true);
  expect(Array.isArray(result.notes)).toBe(true);
  for (const finding of result.findings) {
    expect(knownRuleIds.has(finding.ruleId), finding.ruleId).toBe(true);
    expect(severities.has(finding.severity)).toBe(true);
    expect(typeof finding.title).toBe("string");
    expect(typeof finding.message).toBe("string");
  }
  for (const note of result.notes) {
    expect(typeof note.path).toBe("string");
    expect(typeof note.message).toBe("string");
  }
}

/** A changed file as the pipeline hands it to an analyzer: real hunks from base → head, contents attached. */
function analyzedFile(
  path: string,
  category: Category,
  base: string | undefined,
  head: string | undefined,
): ChangedFile {
  return { ...changedFile(path, base, head), category };
}

/** Runs the analyzer of `name` over generated files: a base and a head version, either of them absent. */
export async function fuzzAnalyzer(name: string): Promise<void> {
  const target = targets[name];
  if (target === undefined) throw new Error(`no target ${name}`);
  const input = fc.record({
    path: fc.constantFrom(...target.paths),
    base: fc.option(target.text, { nil: undefined, freq: 3 }),
    head: fc.option(target.text, { nil: undefined, freq: 8 }),
  });
  await fuzz(
    `analyzer ${name}: never throws, typed result`,
    input,
    async ({ path, base, head }) => {
      const file = analyzedFile(path, target.category, base, head ?? (base === undefined ? "" : undefined));
      expect(target.analyzer.appliesTo(file) || file.status === "removed").toBe(true);
      const result = await target.analyzer.analyze(file, { files: [file] });
      expectTyped(result);
    },
    target.runs ?? fuzzRunsFor(0.25),
  );
}
