// A complete proposal for the social-sharing issue (test/fixtures/proposals/detailed-issue.md), as the model
// would return it: every fragment valid.
import type { Proposal } from "../../src/proposals/proposal-schema.js";

export const openApiFragment = `paths:
  /v1/shares:
    post:
      summary: Share a post to a channel
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/NewShare"
      responses:
        "201":
          description: Created
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Share"
    get:
      summary: The caller's shares, newest first
      parameters:
        - name: cursor
          in: query
          schema:
            type: string
      responses:
        "200":
          description: A page of shares
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    type: array
                    items:
                      $ref: "#/components/schemas/Share"
                  next_cursor:
                    type: string
components:
  schemas:
    NewShare:
      type: object
      required: [post_id, channel]
      properties:
        post_id:
          type: integer
        channel:
          type: string
          enum: [facebook, x, linkedin]
    Share:
      type: object
      properties:
        id:
          type: integer
        post_id:
          type: integer
        channel:
          type: string
        status:
          type: string
        created_at:
          type: string
          format: date-time
`;

export const ddl = `CREATE TABLE shares (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  post_id bigint NOT NULL,
  channel text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shares_user_created ON shares (user_id, created_at DESC);`;

export const componentsDiagram = `flowchart LR
  client[Mobile app] -->|POST /v1/shares| api[Shares API]
  api --> db[(Postgres)]
  api --> queue[[Share queue]]
  queue --> worker[Share worker]
  worker -->|share API| channels{{Facebook / X / LinkedIn}}`;

export const sequenceDiagram = `sequenceDiagram
  participant App
  participant API as Shares API
  participant W as Worker
  App->>API: POST /v1/shares
  API-->>App: 201 pending
  API-)W: share.created
  loop up to 3 retries
    W->>W: call the channel API
  end`;

export const sampleProposal: Proposal = {
  requirements: [
    "50,000 daily active users, 300 reads/s and 30 writes/s at peak",
    "p95 under 200 ms for reads; 99.9% monthly availability",
    "Shares kept 2 years",
  ],
  options: [
    {
      name: "Synchronous call to each channel",
      tradeoffs: "Simple, but a slow channel makes POST slow and a failure loses the share",
      chosen: false,
    },
    {
      name: "Postgres row + queue + worker",
      tradeoffs: "One more moving part | retries and backoff without holding the request",
      chosen: true,
    },
  ],
  rationale: "The 200 ms p95 cannot include three third-party calls; a queue lets the worker retry.",
  apiFragment: { kind: "openapi", text: openApiFragment },
  ddl,
  diagrams: [
    { kind: "components", title: "Services and stores", mermaid: componentsDiagram },
    { kind: "sequence", title: "Sharing a post", mermaid: sequenceDiagram },
  ],
  scaling: {
    caching: "None at first; reads hit the (user_id, created_at) index.",
    queues: "One queue of share jobs; one worker per channel.",
    indexes: "shares (user_id, created_at DESC) for the list.",
    limits: "Page size 50; 10 shares per minute per user.",
    retries: "3 retries with exponential backoff; the job id is the share id, so a retry never posts twice.",
  },
  security: {
    authn: "The existing session cookie.",
    authz: "Only the owner lists or deletes their shares.",
    validation: "channel is one of facebook, x, linkedin; post_id must exist.",
    rateLimits: "10 shares per minute per user, 429 with Retry-After.",
  },
  milestones: [
    { id: "M1", title: "Storage", deliverables: ["table shares"] },
    { id: "M2", title: "API", deliverables: ["POST /v1/shares", "GET /v1/shares"] },
  ],
  validation: [
    { criterion: "p95 latency of GET /v1/shares", target: "< 200 ms at 300 req/s" },
    { criterion: "Shares delivered within 10 s", target: ">= 95%" },
  ],
  questions: [],
};
