import { describe, expect, it } from "vitest";
import { classifyFile } from "../../src/diff/classify-file.js";

const k8sDeployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n";
const openapiSpec = 'openapi: "3.1.0"\ninfo:\n  title: Users\n';

describe("classifyFile", () => {
  describe("by path", () => {
    it.each([
      ["openapi.yaml", "api"],
      ["docs/openapi.v2.json", "api"],
      ["spec/swagger.yml", "api"],
      ["schema.graphql", "api"],
      ["services/users/users.graphqls", "api"],
      ["src/schema.gql", "api"],
      ["proto/users/v1/users.proto", "api"],
      ["db/migrations/001_init.sql", "schema"],
      ["queries/report.sql", "schema"],
      ["prisma/schema.prisma", "schema"],
      ["server/migrations/20240101-add-users.js", "schema"],
      ["db/migrate/20240101000000_add_email_to_users.rb", "schema"],
      ["app/users/migrations/0002_user_email.py", "schema"],
      ["app/alembic/versions/3a4b_add_email.py", "schema"],
      ["src/main/resources/db/migration/V2__add_email.java", "schema"],
      ["src/main/resources/db/changelog/db.changelog-master.xml", "schema"],
      ["db/schema.rb", "schema"],
      ["Dockerfile", "infra"],
      ["docker/Dockerfile.prod", "infra"],
      ["build/api.dockerfile", "infra"],
      ["docker-compose.yml", "infra"],
      ["docker-compose.override.yaml", "infra"],
      ["compose.yaml", "infra"],
      ["infra/main.tf", "infra"],
      ["infra/prod.tfvars", "infra"],
      ["infra/terragrunt.hcl", "infra"],
      [".github/workflows/ci.yml", "infra"],
      ["charts/api/Chart.yaml", "infra"],
      ["charts/api/values-prod.yaml", "infra"],
      ["charts/api/templates/deployment.yaml", "infra"],
      ["templates/_helpers.tpl", "infra"],
      ["deploy/k8s/service.yaml", "infra"],
      ["kustomization.yaml", "infra"],
    ])("%s is %s", (path, category) => {
      expect(classifyFile(path, "")).toBe(category);
    });
  });

  describe("by content", () => {
    it.each([
      ["api/v1/users.yaml", openapiSpec, "api"],
      ["spec/public.json", '{\n  "openapi": "3.0.0",\n  "info": {}\n}', "api"],
      ["deploy/api.yaml", k8sDeployment, "infra"],
      ["ops/all.yml", `---\n${k8sDeployment}---\napiVersion: v1\nkind: Service\n`, "infra"],
      ["ops/templates/job.yaml", "spec:\n  image: {{ .Values.image }}\n", "infra"],
      ["app/alembic_migrations/versions/3a4b.py", 'revision = "3a4b"\ndown_revision = "1f2e"\n', "schema"],
      ["config/changelog-2024.yaml", "databaseChangeLog:\n  - changeSet:\n", "schema"],
      ["internal/store/bootstrap.go", "const ddl = `CREATE TABLE IF NOT EXISTS users (id bigint)`", "schema"],
      [
        "src/migration/1700000000-AddEmail.ts",
        'await queryRunner.query(`ALTER TABLE "user" ADD "email" text`);',
        "schema",
      ],
      ["lib/db.py", 'cur.execute("create table if not exists jobs (id int)")', "schema"],
      [
        "ops/app-image",
        `# syntax=docker/dockerfile:1\nARG BASE=node:20\nFROM \${BASE} AS build\nRUN npm ci\n`,
        "infra",
      ],
    ])("%s is %s", (path, sniff, category) => {
      expect(classifyFile(path, sniff)).toBe(category);
    });
  });

  describe("tricky negatives", () => {
    it.each([
      ["README.md", "```sql\nCREATE TABLE users (id int);\n```", "a README with DDL in a code block"],
      ["db/migrations/README.md", "How to write migrations", "prose inside a migrations folder"],
      ["docs/schema.txt", "ALTER TABLE users ADD COLUMN x int", "a text file with DDL"],
      ["package.json", '{ "scripts": { "migrate": "knex migrate:latest" } }', "package.json"],
      ["tsconfig.json", '{ "compilerOptions": {} }', "JSON config"],
      ["internal/api/token.go", "func (a *API) Token() {}", "a handler in an api/ folder"],
      ["api/v1/config.yaml", "port: 8080\n", "YAML in an api/ folder without an OpenAPI root"],
      ["config/app.yaml", "  openapi: 3.0.0\n", "an indented (nested) openapi key"],
      ["store/users_test.go", 'db.Exec("CREATE TABLE users (id int)")', "a test that creates a table"],
      [
        "test/fixtures/setup.py",
        'cursor.execute("CREATE TABLE t (id int)")',
        "a fixture that creates a table",
      ],
      ["src/report.ts", "// we used to create table layouts by hand", "prose in a code comment"],
      [
        "app/queries/user.graphql",
        "query User($id: ID!) {\n  user(id: $id) {\n    type\n    name\n  }\n}",
        "a client query",
      ],
      ["app/templates/email.html", "{{ .Values.x }}", "an HTML template"],
      ["src/dockerfile-parser.ts", "export function parse() {}", "source named after Dockerfiles"],
      ["scripts/query.py", "FROM users\nWHERE id = 1", "SQL text starting with FROM"],
      ["openapitools.json", '{ "generator-cli": {} }', "openapi-generator config"],
      ["composer.yml", "name: x", "composer.yml is not a compose file"],
      ["Makefile", "build:\n\tgo build ./...", "a Makefile"],
    ])("%s is other (%s)", (path, sniff) => {
      expect(classifyFile(path, sniff)).toBe("other");
    });
  });

  it("keeps an SDL as api even when the added lines are only fields", () => {
    expect(classifyFile("schema.graphql", "  email: String")).toBe("api");
  });

  it("reads CRLF content", () => {
    expect(classifyFile("deploy/api.yaml", k8sDeployment.replaceAll("\n", "\r\n"))).toBe("infra");
  });
});
