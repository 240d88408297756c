// Source code that defines the API surface (routes, handlers, controllers, serializers, resolvers, request and
// response schemas) or the data model (ORM models and entities). Path conventions decide where they are
// unambiguous; elsewhere content markers of the frameworks do, so unusual layouts work and a frontend
// `app/models/Group.ts` (a MobX store) is not taken for a Sequelize model.
import picomatch from "picomatch";
import type { Category } from "../domain/model.js";

type CodeFamily = "js" | "python" | "ruby" | "go" | "jvm" | "php" | "csharp";

const nocase = { dot: true, nocase: true };
const glob = (patterns: string | string[]) => picomatch(patterns, nocase);

const familyOf: Array<[CodeFamily, (path: string) => boolean]> = [
  ["js", glob("**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}")],
  ["python", glob("**/*.py")],
  ["ruby", glob("**/*.{rb,rake}")],
  ["go", glob("**/*.go")],
  ["jvm", glob("**/*.{java,kt,kts,scala,groovy}")],
  ["php", glob("**/*.php")],
  ["csharp", glob("**/*.cs")],
];

/** Tests, fixtures, mocks, stories, type declarations and client code define no server contract. */
const notServerCode = glob([
  "**/{test,tests,__tests__,spec,specs,testdata,fixtures,__fixtures__,__mocks__,mocks,e2e,cypress,playwright,stories,storybook}/**",
  "**/*.{test,spec,stories,story,e2e,cy,mock}.*",
  "**/*_test.*",
  "**/*_spec.rb",
  "**/test_*.py",
  "**/conftest.py",
  "**/*{Test,Tests,IT,Spec}.{java,kt,groovy,scala,cs}",
  "**/*.d.{ts,mts,cts}",
]);

/** Paths whose convention alone says the file is API surface. */
const apiByPath = glob([
  "**/config/routes.rb",
  "**/config/routes/**/*.rb",
  "**/app/controllers/**/*.rb",
  "**/*_controller.rb",
  "**/app/serializers/**/*.rb",
  "**/*_serializer.rb",
  "**/urls.py",
  "**/serializers.py",
  "**/serializers{,_}/**/*.py",
  "**/views.py",
  "**/*.controller.{ts,js}",
  "**/*.resolver.{ts,js}",
  "**/*.dto.{ts,js}",
  "**/pages/api/**/*.{ts,js,tsx,jsx}",
  "**/app/**/route.{ts,js,tsx,jsx}",
  "**/presenters/**/*.{ts,js,py,rb}",
  "**/routes/**/schema{,s}.{ts,js}",
  "**/*Controller.{java,kt}",
  "**/routes/{api,web}.php",
  "**/Http/Controllers/**/*.php",
  "**/Controllers/**/*Controller.cs",
]);

/** Paths whose convention alone says the file is a data model. */
const schemaByPath = glob([
  "**/models.py",
  "**/models/**/*.py",
  "**/app/models/**/*.rb",
  "**/*.entity.{ts,js}",
  "**/entities/**/*.{java,kt}",
  "**/app/Models/**/*.php",
]);

/**
 * A file in a folder (or with a name) that suggests API surface or data model: worth reading whole when its
 * diff carries no marker. A small `__init__.py` or `index.ts` is excluded by the markers, not the path.
 */
export const suggestsBackendCode =
  /(^|[/_-])(routes?|routers?|handlers?|controllers?|endpoints?|api|apis|rest|http|graphql|gql|resolvers?|views?|presenters?|serializers?|schemas?|dtos?|models?|entities|entity|db|database|persistence|store|storage|mutations?|queries|types?|grpc|rpc)([/._-]|$)/i;

/** Route registrations, handlers and schemas, per language family; matched on code, not prose. */
const apiMarkers: Record<CodeFamily, RegExp[]> = {
  js: [
    /\bfrom\s+["'](?:express|@koa\/router|koa-router|hono|fastify|@nestjs\/common|@trpc\/server|next\/server|@hapi\/hapi|restify|polka)["']/,
    /\brequire\(\s*["'](?:express|@koa\/router|koa-router|hono|fastify|@hapi\/hapi|restify)["']\s*\)/,
    /\b(?:express\.Router|Router)\(\s*(?:\{[^}]*\})?\s*\)/,
    /\bnew\s+(?:Hono|KoaRouter)\s*\(|\bnew\s+Router\(\s*\{\s*prefix\s*:/,
    /\b(?:router|app|server|fastify|routes|route|api[A-Z]\w*|\w+Router)\.(?:get|post|put|patch|delete|all|route)\(\s*["'`][^"'`]*["'`]\s*,/,
    /@(?:Controller|Resolver|Get|Post|Put|Patch|Delete|Query|Mutation)\(/,
    /\b(?:public|protected|admin|authed)Procedure\b|\bcreateTRPCRouter\b/,
    /\bexport\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE)\s*\(|\bexport\s+const\s+(?:GET|POST|PUT|PATCH|DELETE)\s*=/,
  ],
  python: [
    /^\s*(?:from|import)\s+(?:fastapi|flask|rest_framework|graphene|strawberry|strawberry_django|ninja|falcon|sanic|aiohttp\.web|starlette\.routing|django\.urls|django\.views|django\.http)\b/m,
    /^\s*@\w+(?:\.\w+)*\.(?:get|post|put|patch|delete|route|api_route|websocket)\(\s*["'f]/m,
    /\b(?:APIRouter|Blueprint|Namespace)\(/,
    /^\s*urlpatterns\s*[+]?=/m,
    /\bclass\s+\w+\([^)]*(?:Serializer|ViewSet|APIView|View|ObjectType|InputObjectType|Mutation|BaseMutation|ModelMutation|Resource|MethodView)\b[^)]*\)\s*:/,
    /^\s*@(?:api_view|strawberry\.(?:type|input|mutation|field)|strawberry_django\.\w+|action)\b/m,
  ],
  ruby: [
    /\bRails\.application\.routes\.draw\b/,
    /<\s*(?:ActionController::(?:Base|API)|Application(?:Api)?Controller|Api::\w*Controller|\w+Controller)\b/,
    /<\s*(?:ActiveModel::Serializer|Blueprinter::Base|Grape::API|Sinatra::Base)\b/,
    /\binclude\s+(?:JSONAPI::Serializer|FastJsonapi::ObjectSerializer|Alba::Resource)\b/,
  ],
  go: [
    /\bhttp\.ResponseWriter\b|\*http\.Request\b/,
    /\*gin\.Context\b|\becho\.Context\b|\*fiber\.Ctx\b|\bchi\.Router\b|\bmux\.NewRouter\(/,
    /\.Register\w+Server\(|\bgrpc\.NewServer\(|\bUnimplemented\w+Server\b/,
  ],
  jvm: [
    /@(?:RestController|Controller|RequestMapping|GetMapping|PostMapping|PutMapping|PatchMapping|DeleteMapping|GrpcService)\b/,
    /^\s*@Path\(|\bSecurityFilterChain\b|\bHttpSecurity\b/m,
    /\bextends\s+\w+ImplBase\b/,
  ],
  php: [
    /\bRoute::(?:get|post|put|patch|delete|resource|apiResource|middleware|prefix|group)\(/,
    /\bextends\s+(?:Controller|JsonResource|ResourceCollection|FormRequest)\b/,
  ],
  csharp: [
    /\[(?:ApiController|Route|HttpGet|HttpPost|HttpPut|HttpPatch|HttpDelete)\b/,
    /\.Map(?:Get|Post|Put|Patch|Delete|Group)\(/,
    /:\s*(?:ControllerBase|Controller)\b/,
  ],
};

/** Request/response schema libraries: API surface when the path suggests it (not a form on the frontend). */
const schemaLibraryMarkers: Record<CodeFamily, RegExp[]> = {
  js: [/\bz\.object\(|\bJoi\.object\(|\bt\.Object\(|\bType\.Object\(|\bfrom\s+["']class-validator["']/],
  python: [/\bclass\s+\w+\([^)]*\b(?:BaseModel|Schema)\b[^)]*\)\s*:/],
  ruby: [],
  go: [/`[^`\n]*\bjson:"[^"]+"[^`\n]*`/],
  jvm: [/@(?:NotNull|NotBlank|JsonProperty)\b/],
  php: [],
  csharp: [],
};

/** ORM models and entities, per language family. */
const modelMarkers: Record<CodeFamily, RegExp[]> = {
  js: [
    // Definitions, not queries: a route that imports `Op` from "sequelize" defines no model.
    /@Entity\(|@Table\b|\bfrom\s+["'](?:sequelize-typescript|mongoose|@mikro-orm\/core)["']/,
    /\bsequelize\.define\(|\.init\(\s*\{[^}]*\bDataTypes\.|\bnew\s+(?:mongoose\.)?Schema\(|\bmongoose\.model\(/,
    /\b(?:pgTable|mysqlTable|sqliteTable)\(|\bextends\s+(?:Model<|BaseEntity\b)/,
  ],
  python: [
    /\bclass\s+\w+\([^)]*\bmodels\.Model\b[^)]*\)\s*:/,
    /^\s*from\s+django\.db\s+import\s+models\b/m,
    // `tables.Column(` (django-tables2) is a table on a web page, not a database column.
    /(?<![\w.])Column\(|\b(?:db|sa|sqlalchemy)\.Column\(|\bmapped_column\(|\bDeclarativeBase\b|\bdeclarative_base\(|\bdb\.Model\b|\btable\s*=\s*True\b/,
  ],
  ruby: [/<\s*(?:ApplicationRecord|ActiveRecord::Base)\b|\binclude\s+Mongoid::Document\b/],
  go: [
    /`[^`\n]*\b(?:gorm|db|bun|pg|bson):"[^"]+"[^`\n]*`/,
    /\bgorm\.Model\b|\bfunc\s*\(\s*\w*\s*\*?\w+\s*\)\s*TableName\(\)\s*string\b/,
  ],
  jvm: [/@(?:Entity|Table|MappedSuperclass|Embeddable|Document)\b/],
  php: [/\bextends\s+(?:Model|Authenticatable)\b|\bIlluminate\\Database\\Eloquent\b/],
  csharp: [/\bDbSet<|:\s*DbContext\b|\[Table\(/],
};

/**
 * The category of a source file, or undefined when it is not one (or is not code). `text` is what is known
 * of its content: the whole file when it was read, else the lines its diff shows.
 */
export function classifyCode(path: string, text: string): Category | undefined {
  const family = familyOf.find(([, matches]) => matches(path))?.[0];
  if (family === undefined || notServerCode(path)) return undefined;
  if (apiByPath(path)) return "api";
  if (schemaByPath(path)) return "schema";
  if (apiMarkers[family].some((marker) => marker.test(text))) return "api";
  if (modelMarkers[family].some((marker) => marker.test(text))) return "schema";
  if (suggestsBackendCode.test(path) && schemaLibraryMarkers[family].some((marker) => marker.test(text)))
    return "api";
  return undefined;
}

/** True for source code that could define API surface or models (used to decide what to read whole). */
export function isServerCodeCandidate(path: string): boolean {
  return familyOf.some(([, matches]) => matches(path)) && !notServerCode(path);
}
