// What one source file declares about the API: its endpoints (with what guards them and the status codes
// they answer with) and the request/response shapes (serializers, DTOs, validators, presenters). Extracted
// from a real syntax tree per language (extract-api-surface.ts); compared base vs head by compare-api-surfaces.ts.

/** Frameworks the extractors recognise; shown in the endpoint table and used in messages. */
export type Framework =
  | "express"
  | "fastify"
  | "koa"
  | "hono"
  | "nestjs"
  | "nextjs"
  | "trpc"
  | "fastapi"
  | "flask"
  | "django"
  | "drf"
  | "graphene"
  | "strawberry"
  | "rails"
  | "grape"
  | "net/http"
  | "chi"
  | "gorilla"
  | "gin"
  | "echo"
  | "grpc"
  | "spring"
  | "jaxrs";

/** Something that decides who may call an endpoint: middleware, decorator, permission class, filter. */
export interface Guard {
  /** As written, shortened to one line: `requireAuth`, `IsAuthenticated`, `@PreAuthorize("hasRole('ADMIN')")`. */
  name: string;
  /**
   * Grants access to everyone: `AllowAny`, `@Public()`, `permitAll()`, `@PermitAll`, `@login_not_required`,
   * `skip_before_action :authenticate_user!`. An allow-all guard weakens rather than protects.
   */
  allowsAll: boolean;
  /** 1-based line of the guard in the file. */
  line: number;
}

/**
 * A unit a client can call: a route (`GET /v1/orders/:id`), or, where routes live elsewhere, the class or
 * function that serves them (a DRF viewset, a Rails controller action, a Go handler, a GraphQL mutation).
 */
export interface Endpoint {
  /**
   * Identity across base and head, independent of formatting: `GET /v1/orders/{}` (upper-case method, path
   * parameters normalised to `{}` by `endpointKey`), `view OrderViewSet`, `action OrdersController#show`,
   * `graphql Mutation.orderAddNote`, `rpc OrderService.GetOrder`.
   */
  key: string;
  /** How a reader names it: `GET /v1/orders/:id`, `OrderViewSet`, `OrdersController#show`. */
  label: string;
  framework: Framework;
  /** Upper-case HTTP method (`GET`), `ANY` when every method is routed; absent for non-route units. */
  method?: string;
  /** The path as declared, with prefixes known in the same file (router mounts, controller prefixes). */
  path?: string;
  /** Handler name when it has one: `listOrders`, `OrdersController#index`, `views.order_detail`. */
  handler?: string;
  /** Everything that guards it, including guards inherited from its router, controller or class. */
  guards: Guard[];
  /** Literal HTTP status codes it declares or answers with (`@HttpCode(204)`, `res.status(201)`), sorted. */
  statusCodes: number[];
  /** 1-based lines of the declaration (the route registration, decorator stack or class header). */
  line: number;
  endLine: number;
}

/** Whether clients send a shape, receive it, or both (a DRF serializer); `unknown` when nothing says. */
export type ShapeRole = "request" | "response" | "both" | "unknown";

export interface ShapeField {
  /** The name clients see on the wire (`expires_at` for a Go field tagged `json:"expires_at"`). */
  name: string;
  /** Clients must send it (request shapes): no default, not optional, not read-only. */
  required: boolean;
  /** 1-based line that declares it (for a field named in a list, the line of that list entry). */
  line: number;
}

/** A request or response body as code declares it: a serializer, DTO, zod/Joi schema, pydantic model, presenter. */
export interface Shape {
  /** Identity across base and head: the declared name (`OrderSerializer`, `presentGroup`, `GroupsCreateSchema`). */
  name: string;
  role: ShapeRole;
  fields: ShapeField[];
  /**
   * True when the field list is not fully known (`fields = "__all__"`, a spread of another object, a
   * computed key): a field missing from the head may still be sent, so removals are not reported.
   */
  open: boolean;
  line: number;
  endLine: number;
}

export interface ApiSurface {
  endpoints: Endpoint[];
  shapes: Shape[];
}

export const emptySurface: ApiSurface = { endpoints: [], shapes: [] };

/**
 * `GET /v1/orders/:id`, `/v1/orders/{order_id}`, `/v1/orders/<int:pk>`, `orders/(?P<pk>[^/.]+)/` and
 * Next.js's `/v1/orders/[id]` all become `GET /v1/orders/{}`: a renamed path parameter is not a new endpoint. A trailing slash and repeated
 * slashes do not count either.
 */
export function endpointKey(method: string, path: string): string {
  const normalised = path
    .replace(/\(\?P<[^>]+>[^)]*\)/g, "{}")
    .replace(/<(?:[^<>:]+:)?[^<>]+>/g, "{}")
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, "{}")
    .replace(/(^|\/):[A-Za-z_][\w-]*\??/g, "$1{}")
    .replace(/(^|\/)\*[A-Za-z_]\w*/g, "$1{}")
    .replace(/^\^|\$$/g, "")
    .replace(/\/{2,}/g, "/")
    .replace(/(.)\/$/, "$1");
  const withSlash = normalised.startsWith("/") ? normalised : `/${normalised}`;
  return `${method.toUpperCase()} ${withSlash}`;
}

/** Joins a prefix and a path the way routers do: `/v1` + `orders/:id` → `/v1/orders/:id`. */
export function joinRoutePath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return `${prefix.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * Whether a middleware, decorator or dependency name is about access control (`requireAuth`,
 * `IsAuthenticated`, `login_required`, `JwtAuthGuard`, `authenticate_user!`) rather than validation,
 * pagination or logging: only those count as guards.
 */
export function looksLikeAccessControl(name: string): boolean {
  return accessControlWords.test(name) && !notAccessControl.some((pattern) => pattern.test(name));
}

const accessControlWords =
  /auth|login|logged|sign(?:ed)?_?in|permission|permit|guard|role|admin|token|jwt|session|protect|secur|verif(?:y|ied)|access|owner|scope|polic|staff|member|acl|api_?key|public|anonymous|allow_?any|current_?user|require_?user|ensure_?user/i;

/**
 * Names that share a word with access control but decide nothing about who may call: bot checks, CSRF,
 * logging and auditing of access, session plumbing, feature switches (`requireOAuthServerEnabled`), CORS,
 * caching and rate limits. Removing one of these is not an authentication change.
 */
const notAccessControl = [
  /captcha|csrf|xsrf|cors|cache|rate_?limit|throttl|enabled\b|feature_?flag|(?:log|audit|metric|tracking|tracing)(?:ger|s)?(?:\(.*\))?$/i,
  // Verbs that do something with a session or an access record rather than check it: `set_session`,
  // `log_api_access`, `recordAccess` (case-sensitive, so `login_required` is not `log` + `in…`).
  /(?:^|[._])(?:set|log|track|record|audit|emit|clear|load|save|store)(?:_[a-z]|[A-Z])/,
];
