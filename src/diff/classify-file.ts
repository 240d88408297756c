// Sorts a changed file into what a backend reviewer cares about: API contract, schema/migration, infra, other.
import picomatch from "picomatch";
import type { Category } from "../domain/model.js";
import { classifyCode } from "./classify-code.js";

// Most rules match case-insensitively (`Chart.YAML`, `V2__Init.SQL`); `dot` so `.github/…` matches.
const options = { dot: true };
const nocase = { dot: true, nocase: true };
const glob = (patterns: string | string[], caseless = false) =>
  picomatch(patterns, caseless ? nocase : options);

/** Prose never defines a contract, whatever its code blocks say. */
const isDocument = glob("**/*.{md,markdown,mdx,txt,rst,adoc,asciidoc,org}", true);

const isGraphql = glob("**/*.{graphql,gql,graphqls}", true);
const isProtobuf = glob("**/*.proto", true);
const isOpenapiByName = glob("**/{openapi,swagger}*.{yml,yaml,json}", true);
/** Tool configuration that happens to be named after OpenAPI (openapi-generator). */
const isOpenapiToolConfig = glob(["**/openapitools.json", "**/*generator*", "**/.openapi-generator*"], true);

const isSqlOrPrisma = glob(["**/*.sql", "**/*.prisma", "**/db/schema.rb"], true);
const isMigrationPath = glob(
  [
    "**/migrations/**",
    "**/migrate/**",
    "**/db/migration/**",
    "**/alembic/**/versions/**/*.py",
    "**/db/changelog/**",
    "**/db.changelog*.{xml,yaml,yml,json,sql}",
  ],
  true,
);
/**
 * A migration by its path alone (`db/migrate/…`, `…/migrations/…`, Liquibase changelogs, Alembic
 * `versions/`, any `.sql` file): what a model change needs next to it.
 */
export function isMigrationFile(path: string): boolean {
  return isMigrationPath(path) || isSqlFile(path);
}
const isSqlFile = glob("**/*.sql", true);
/** Alembic's `versions/` folder can live under any name; its revision files say `down_revision`. */
const isVersionsPython = glob("**/versions/*.py");
/** Liquibase changelogs outside `db/changelog/`: recognised by their root key. */
const isChangelogData = glob("**/*changelog*.{xml,yaml,yml,json}", true);

/**
 * `Dockerfile`, `Dockerfile.prod`, `Dockerfile-dev`, `api.dockerfile`. Case-sensitive on purpose so that
 * `dockerfile-parser.ts`-style source files are not taken for one; source extensions are excluded too.
 */
const isDockerfileName = glob([
  "**/{Dockerfile,Containerfile}{,.*,-*,_*}",
  "**/{dockerfile,containerfile}",
  "**/*.{dockerfile,Dockerfile,containerfile,Containerfile}",
]);
const isSourceCode = glob(
  "**/*.{py,rb,ts,tsx,mts,cts,js,jsx,mjs,cjs,go,java,kt,kts,scala,cs,php,rs,sh}",
  true,
);

const isInfraByName = glob(
  [
    "**/docker-compose*.{yml,yaml}",
    "**/compose{,.*}.{yml,yaml}",
    "**/*.{tf,tf.json,tfvars,hcl}",
    ".github/workflows/*.{yml,yaml}",
    "**/Chart.yaml",
    "**/values*.{yaml,yml}",
    "**/kustomization.{yaml,yml}",
    "**/{k8s,kubernetes,kustomize}/**/*.{yaml,yml}",
  ],
  true,
);
/**
 * Helm templates. A chart's `templates/` is only recognisable from the path when it sits at the repo root
 * (a chart repository) or under a folder named for charts; elsewhere `templates/` usually holds HTML or
 * e-mails, so a YAML file there needs Helm syntax in the sniff.
 */
const isChartTemplate = glob(
  ["templates/**/*.{yaml,yml,tpl}", "**/{charts,chart,helm}/**/templates/**/*.{yaml,yml,tpl}"],
  true,
);
const isTemplateYaml = glob("**/templates/**/*.{yaml,yml,tpl}", true);
const isYaml = glob("**/*.{yaml,yml}", true);
const isYamlOrJson = glob("**/*.{yaml,yml,json}", true);

/** Files whose content may legitimately carry DDL (code and config), excluding prose, data and markup. */
const isCodeLike = glob(
  "**/*.{py,rb,ts,mts,cts,js,mjs,cjs,go,java,kt,kts,scala,groovy,cs,php,rs,ex,exs,clj,sh,yaml,yml,xml}",
  true,
);
/** A test that creates a table is a fixture, not a schema change. */
const isTest = glob(
  [
    "**/{test,tests,__tests__,spec,testdata,fixtures}/**",
    "**/*.{test,spec}.*",
    "**/*_test.*",
    "**/test_*.py",
    "**/*Test.{java,kt}",
  ],
  true,
);
/** An extension a Dockerfile would not have: content sniffing is reserved for extension-less/unusual names. */
const hasKnownExtension = /\.(?:[a-z]{1,4}|json|yaml|toml|scala|swift|graphql)$/i;

const openapiMarker = /^(?:openapi|swagger)\s*:\s*["']?\d|^\s*"(?:openapi|swagger)"\s*:\s*"\d/m;
const ddlMarker =
  /\b(?:CREATE|ALTER)\s+TABLE\b|\b(?:create|alter)\s+table\s+(?:if\s+(?:not\s+)?exists\s+)?[\w."`[\]]+\s*\(/;
const liquibaseMarker = /databaseChangeLog/;
const alembicMarker = /^down_revision\s*(?::[^=]*)?=/m;
const kubernetesMarker = /^apiVersion\s*:\s*\S/m;
const kubernetesKind = /^kind\s*:\s*\S/m;
const helmMarker = /\{\{-?\s*(?:\.Values|\.Release|\.Chart|include\s+"|template\s+"|define\s+")/;
/** GraphQL type-system definitions (SDL), as opposed to client operations. */
/** Both are top-level definitions, so they start at column 0 (an indented `type` is a selected field). */
const sdlMarker =
  /^(?:extend\s+)?(?:(?:type|input|enum|interface|union|scalar)\s+[_A-Za-z]|schema\s*[{@]|directive\s+@)/m;
const operationMarker = /^(?:(?:query|mutation|subscription|fragment)\b|\{)/m;

/**
 * `sniff` is what is known of the content: the added lines of the patch, or the head content when given.
 * Path rules come first (they hold for a modified file whose added lines show no marker); content sniffing
 * only widens the net for files whose names say nothing.
 */
export function classifyFile(path: string, sniff: string): Category {
  if (isDocument(path)) return "other";
  const text = sniff.includes("\r") ? sniff.replace(/\r\n?/g, "\n") : sniff;

  // Names that say what the file is.
  if (isProtobuf(path)) return "api";
  if (isGraphql(path)) return isExecutableGraphql(text) ? "other" : "api";
  if (isOpenapiByName(path) && !isOpenapiToolConfig(path)) return "api";
  if (isSqlOrPrisma(path)) return "schema";
  if (isDockerfileName(path) && !isSourceCode(path)) return "infra";
  if (isInfraByName(path) || isChartTemplate(path)) return "infra";
  if (isMigrationPath(path)) return "schema";

  // Names that need the content to confirm.
  if (isYamlOrJson(path) && openapiMarker.test(text)) return "api";
  if (isVersionsPython(path) && alembicMarker.test(text)) return "schema";
  if (isChangelogData(path) && liquibaseMarker.test(text)) return "schema";
  if (isTemplateYaml(path) && helmMarker.test(text)) return "infra";
  if (isYaml(path) && kubernetesMarker.test(text) && kubernetesKind.test(text)) return "infra";
  const code = classifyCode(path, text);
  if (code !== undefined) return code;
  if (isCodeLike(path) && !isTest(path) && ddlMarker.test(text)) return "schema";
  if (!hasKnownExtension.test(basename(path)) && startsLikeDockerfile(text)) return "infra";
  return "other";
}

/** Client operations (`query { … }`) in a `.graphql` file are not a contract; an SDL is. */
function isExecutableGraphql(text: string): boolean {
  return operationMarker.test(text) && !sdlMarker.test(text);
}

/** First instruction is `FROM image` (after comments, parser directives and build `ARG`s, as Docker allows). */
function startsLikeDockerfile(text: string): boolean {
  for (const line of text.split("\n", 50)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || /^ARG\s/i.test(trimmed)) continue;
    return /^FROM\s+(?:--platform=\S+\s+)?[\w${}./:@-]+(?:\s+AS\s+[\w.-]+)?$/i.test(trimmed);
  }
  return false;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
