import { describe, expect, it } from "vitest";
import { checkFragments } from "../../src/proposals/check-fragments.js";
import { planContracts } from "../../src/proposals/plan-contracts.js";
import { parseProposalMarker } from "../../src/proposals/proposal-state.js";
import {
  agentHaltQuestions,
  agentQuestionId,
  planCheckpoint,
  renderHalt,
  renderProposal,
  renderSkeleton,
} from "../../src/proposals/render-proposal.js";
import { analyseRequirements } from "../../src/proposals/requirements-gap.js";
import { maxBodyLength } from "../../src/review/render-review.js";
import { sampleProposal } from "./sample-proposal.js";

const vague = analyseRequirements({
  title: "Social sharing",
  body: "We need an API for our social sharing feature. It must be fast!",
  answers: [],
});

describe("renderHalt", () => {
  it("renders numbered Cannot-proceed questions, how to answer, and what was understood", () => {
    const { body, state } = renderHalt(vague, { answers: [] });
    expect(body).toMatchInlineSnapshot(`
      "<!-- backend-architect:proposal {"v":1,"kind":"halt","requirements":[],"questions":["req/scale","req/latency","req/consistency","req/data","req/auth"],"numbered":[["req/scale"],["req/latency"],["req/consistency"],["req/data"],["req/auth"]],"answers":[],"milestones":[],"contracts":{"endpoints":[],"tables":[],"types":[]},"criteria":[]} -->
      ### Backend Architect — design proposal: 5 questions to answer

      Cannot proceed without the answers below: each one changes the design, and the architect does not guess them. No design is proposed until they are answered.

      #### Questions

      1. Cannot proceed without the expected scale. How many users (daily active), how many requests per second at peak (reads and writes separately), how much data, and how fast it grows? For example: 50,000 daily active users; 300 reads/s and 30 writes/s at peak; 20 GB today, growing 2 GB a month.
         _Why it blocks:_ Scale decides the storage, the caching and whether writes go through a queue.
      2. Cannot proceed without latency and availability targets. What response time must the main operations meet (p95 and p99), and what availability (monthly uptime) is required? For example: p95 under 200 ms and p99 under 500 ms for reads; 99.9% monthly availability.
         The issue says “It must be fast!”, without numbers.
         _Why it blocks:_ Latency and availability targets decide synchronous versus asynchronous processing, caching and redundancy.
      3. Cannot proceed without the consistency and ordering requirements. After a write, how soon must readers see it, must events be processed in order (and per what key), and may a write be applied twice? For example: a user sees their own share immediately, followers within 5 seconds (eventual consistency); ordered per user; at-least-once delivery with idempotent writes.
         _Why it blocks:_ Consistency and ordering decide transactions, the use of queues and how retries are made safe.
      4. Cannot proceed without the data model and its retention. What is stored for each record (the fields and who owns them), how the records relate, and how long they are kept before deletion or archiving? For example: a share has id, user_id, target_url, channel and created_at; a user has many shares; shares are kept 2 years, then deleted.
         _Why it blocks:_ The data model and retention decide the schema, its indexes, partitioning and the deletion jobs.
      5. Cannot proceed without the authentication and authorization rules. Who calls this API and how they authenticate, and who may read, create, change and delete each resource? For example: users authenticate with the existing session cookie, services with OAuth2 client credentials; only the owner may delete a share; anyone may read public shares.
         _Why it blocks:_ Authentication and authorization decide the API's guards, the ownership columns and the rate-limit keys.

      #### How to answer

      - Comment \`/architect answer 1: <your answer>\` (one line per question; an answer may run over several lines), or
      - edit the issue so that it states the numbers, then comment \`/architect propose\`.

      Each answer runs the planning again; the \`needs-clarification\` label is removed when nothing blocks.

      #### Understood so far

      - **Users and scale** — not stated
      - **Latency and availability targets** — mentioned without numbers: “It must be fast!”
      - **Consistency and ordering** — not stated
      - **Data model and retention** — not stated
      - **Authentication and authorization** — not stated
      - **Integrations** — not stated
      - **Failure handling** — not stated
      - **Success criteria** — not stated"
    `);
    expect(parseProposalMarker(body)).toEqual(state);
  });

  it("keeps question numbers when one is answered, and lists the answer", () => {
    const first = renderHalt(vague, { answers: [] });
    const answers = [
      { n: 1, questionIds: ["req/scale"], by: "alice", text: "50,000 DAU, 300 reads/s at peak" },
    ];
    const analysis = analyseRequirements({
      title: "Social sharing",
      body: "We need an API for our social sharing feature. It must be fast!",
      answers,
    });
    const second = renderHalt(analysis, { answers, previous: first.state });
    expect(second.body).toContain("### Backend Architect — design proposal: 4 questions to answer");
    expect(second.body).toContain("\n2. Cannot proceed without latency and availability targets.");
    expect(second.body).toContain("\n5. Cannot proceed without the authentication and authorization rules.");
    expect(second.body).not.toContain("\n1. ");
    expect(second.body).toContain("- Comment `/architect answer 2: <your answer>`");
    expect(second.body).toContain(
      "#### Answers\n\n- Question 1, answered by @\u200dalice: “50,000 DAU, 300 reads/s at peak”",
    );
    expect(second.body).toContain(
      "- **Users and scale** — stated (answer 1): “50,000 DAU, 300 reads/s at peak”",
    );
    expect(second.state.questions).toEqual(["req/latency", "req/consistency", "req/data", "req/auth"]);
    expect(second.state.numbered).toEqual(first.state.numbered);
  });

  it("numbers the model's own questions after the ones asked before", () => {
    const first = renderHalt(vague, { answers: [] });
    const question = "Cannot proceed without the channels to support: which social networks?";
    const { body, state } = renderHalt(vague, {
      answers: [],
      previous: first.state,
      questions: [{ id: agentQuestionId(question), question, why: "Each channel is an integration." }],
    });
    expect(body).toContain(`6. ${question}\n   _Why it blocks:_ Each channel is an integration.`);
    expect(state.numbered[5]).toEqual(["agent/cannot-proceed-without-the-channels-to-support-which"]);
  });

  it("neutralises mentions and hidden comments from the issue and the answers", () => {
    const answers = [
      { n: 1, questionIds: ["req/scale"], by: "bob", text: "cc @octocat <!-- hidden --> 50 users" },
    ];
    const analysis = analyseRequirements({
      title: "Sharing",
      body: "Ping @octocat <!-- 1,000 users --> it must be fast",
      answers,
    });
    const { body } = renderHalt(analysis, { answers });
    // Hidden text is not analysed, so it is not quoted either.
    expect(body).toContain("The issue says “Ping @\u200doctocat it must be fast”, without numbers.");
    expect(body).toContain(
      "- Question 1, answered by @\u200dbob: “cc @\u200doctocat &lt;!-- hidden --> 50 users”",
    );
    const shown = body.slice(body.indexOf("\n"));
    expect(shown).not.toContain("@octocat");
    expect(shown).not.toContain("<!--");
    expect(body).toContain("- **Users and scale** — stated (answer 1): “cc @\u200doctocat 50 users”");
  });
});

describe("renderProposal", () => {
  it("renders every section, a note for an omitted fragment, and ends with the checkpoint", async () => {
    const checked = await checkFragments({ ...sampleProposal, ddl: "CREATE TABL shares (id int);" });
    const contracts = await planContracts(checked.proposal);
    const detailed = analyseRequirements({
      title: "Social sharing",
      body: "50,000 daily active users. p95 under 200 ms. Eventual consistency. Shares are kept 2 years. Session cookie auth.",
      answers: [],
    });
    const { body, state } = renderProposal({
      proposal: checked.proposal,
      analysis: detailed,
      problems: checked.problems,
      contracts,
      model: "claude-sonnet-4-5",
      answers: [],
    });
    expect(body).toMatchInlineSnapshot(`
      "<!-- backend-architect:proposal {"v":1,"kind":"proposal","requirements":["50,000 daily active users, 300 reads/s and 30 writes/s at peak","p95 under 200 ms for reads; 99.9% monthly availability","Shares kept 2 years"],"questions":[],"numbered":[],"answers":[],"milestones":[{"id":"M1","title":"Storage","deliverables":["table shares"],"done":false,"prs":[]},{"id":"M2","title":"API","deliverables":["POST /v1/shares","GET /v1/shares"],"done":false,"prs":[]}],"contracts":{"endpoints":[{"method":"POST","path":"/v1/shares","fields":["post_id","channel","id","status","created_at"]},{"method":"GET","path":"/v1/shares","fields":["items","next_cursor"]}],"tables":[],"types":[]},"criteria":[{"criterion":"p95 latency of GET /v1/shares","target":"\\u003c 200 ms at 300 req/s"},{"criterion":"Shares delivered within 10 s","target":"\\u003e= 95%"}]} -->
      ### Backend Architect — design proposal

      #### Requirements as understood

      - 50,000 daily active users, 300 reads/s and 30 writes/s at peak
      - p95 under 200 ms for reads; 99.9% monthly availability
      - Shares kept 2 years

      #### Open points (they do not block this plan)

      - **Integrations** (missing): Which other systems does it call or notify (names, protocols, rate limits)? For example: posts to the Facebook and X share APIs; publishes share.created to Kafka.
      - **Failure handling** (missing): What happens when a dependency is down: retry (how often), queue for later, or fail the request; and how much data loss is acceptable? For example: retry 3 times with exponential backoff, then a dead-letter queue; no share may be lost.
      - **Success criteria** (missing): How will we know the feature works: which measurable outcomes, with what numbers? For example: 95% of shares delivered within 10 seconds; error rate under 0.1%.

      #### Options considered

      | Option | Trade-offs | Chosen |
      | --- | --- | --- |
      | Synchronous call to each channel | Simple, but a slow channel makes POST slow and a failure loses the share |  |
      | Postgres row + queue + worker | One more moving part \\| retries and backoff without holding the request | ✅ |

      **Why:** The 200 ms p95 cannot include three third-party calls; a queue lets the worker retry.

      #### API sketch

      \`\`\`yaml
      paths:
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
      \`\`\`

      #### Diagrams

      **Components** — Services and stores

      \`\`\`mermaid
      flowchart LR
        client[Mobile app] -->|POST /v1/shares| api[Shares API]
        api --> db[(Postgres)]
        api --> queue[[Share queue]]
        queue --> worker[Share worker]
        worker -->|share API| channels{{Facebook / X / LinkedIn}}
      \`\`\`

      **Main flow** — Sharing a post

      \`\`\`mermaid
      sequenceDiagram
        participant App
        participant API as Shares API
        participant W as Worker
        App->>API: POST /v1/shares
        API-->>App: 201 pending
        API-)W: share.created
        loop up to 3 retries
          W->>W: call the channel API
        end
      \`\`\`

      #### Scaling and failure

      - **Caching:** None at first; reads hit the (user_id, created_at) index.
      - **Queues:** One queue of share jobs; one worker per channel.
      - **Indexes:** shares (user_id, created_at DESC) for the list.
      - **Limits:** Page size 50; 10 shares per minute per user.
      - **Retries and idempotency:** 3 retries with exponential backoff; the job id is the share id, so a retry never posts twice.

      #### Security

      - **Authentication:** The existing session cookie.
      - **Authorization:** Only the owner lists or deletes their shares.
      - **Input validation:** channel is one of facebook, x, linkedin; post_id must exist.
      - **Rate limits:** 10 shares per minute per user, 429 with Retry-After.

      #### Milestones

      - [ ] **M1** Storage
        - table shares
      - [ ] **M2** API
        - POST /v1/shares
        - GET /v1/shares

      #### Validation criteria

      | Criterion | Target |
      | --- | --- |
      | p95 latency of GET /v1/shares | < 200 ms at 300 req/s |
      | Shares delivered within 10 s | >= 95% |

      #### Notes

      - DDL: syntax error at or near "TABL" (line 1) — left out of this proposal.

      <sub>Proposed by \`claude-sonnet-4-5\` from the issue and the repository's default branch. Comment \`/architect propose\` to plan again after the issue changes. PRs that reference this issue are reviewed against this plan.</sub>

      **Backend architecture plan ready — proceed with implementation?**"
    `);
    expect(body.split("\n").at(-1)).toBe(planCheckpoint);
    expect(parseProposalMarker(body)).toEqual(state);
  });

  it("keeps milestone progress from the previous state and ticks the done ones", async () => {
    const contracts = await planContracts(sampleProposal);
    const input = {
      proposal: sampleProposal,
      analysis: vague,
      problems: [],
      contracts,
      model: "m",
      answers: [],
    };
    const first = renderProposal(input);
    const previous = {
      ...first.state,
      milestones: first.state.milestones.map((milestone) =>
        milestone.id === "M1" ? { ...milestone, done: true, prs: [12] } : milestone,
      ),
    };
    const { body } = renderProposal({ ...input, previous });
    expect(body).toContain("- [x] **M1** Storage (#12)\n  - table shares\n- [ ] **M2** API\n");
  });

  it("fences a fragment with more backticks than it contains, so it cannot close the fence", async () => {
    const ddl = "-- ```\n-- </details> @admin\nCREATE TABLE t (id int);";
    const contracts = await planContracts({ apiFragment: null, ddl });
    const { body } = renderProposal({
      proposal: { ...sampleProposal, ddl, apiFragment: null, diagrams: [] },
      analysis: vague,
      problems: [],
      contracts,
      model: "m",
      answers: [],
    });
    expect(body).toContain(`#### Data model\n\n\`\`\`\`sql\n${ddl}\n\`\`\`\`\n\n#### Scaling`);
  });

  it("stays under GitHub's body limit, keeping the marker and the checkpoint", async () => {
    const requirements = Array.from({ length: 40 }, (_, i) => `${i} ${"x".repeat(2000)}`);
    const { body, state } = renderProposal({
      proposal: { ...sampleProposal, requirements, rationale: "y".repeat(70_000) },
      analysis: vague,
      problems: [],
      contracts: await planContracts(sampleProposal),
      model: "m",
      answers: [],
    });
    expect(body.length).toBeLessThanOrEqual(maxBodyLength);
    expect(body).toContain("_…the rest of this proposal was cut to stay under GitHub's size limit._");
    expect(body.endsWith(`\n\n${planCheckpoint}`)).toBe(true);
    expect(parseProposalMarker(body)).toEqual(state);
  });
});

describe("renderSkeleton", () => {
  it("lists the decisions to make with their usual options and what decides them", () => {
    const analysis = analyseRequirements({
      title: "Social sharing",
      body: "50,000 daily active users. p95 under 200 ms. Eventual consistency. Shares are kept 2 years. Session cookie auth.",
      answers: [],
    });
    const { body, state } = renderSkeleton(analysis, { answers: [] });
    expect(body).toMatchInlineSnapshot(`
      "<!-- backend-architect:proposal {"v":1,"kind":"skeleton","requirements":["Users and scale: 50,000 daily active users.","Latency and availability targets: p95 under 200 ms.","Consistency and ordering: Eventual consistency.","Data model and retention: Shares are kept 2 years.","Authentication and authorization: Session cookie auth."],"questions":[],"numbered":[],"answers":[],"milestones":[],"contracts":{"endpoints":[],"tables":[],"types":[]},"criteria":[]} -->
      ### Backend Architect — design proposal skeleton

      No model is configured for this app, so the architect lists the decisions this design needs and their usual options instead of making them.

      #### Requirements as understood

      - **Users and scale** — stated: “50,000 daily active users.”
      - **Latency and availability targets** — stated: “p95 under 200 ms.”
      - **Consistency and ordering** — stated: “Eventual consistency.”
      - **Data model and retention** — stated: “Shares are kept 2 years.”
      - **Authentication and authorization** — stated: “Session cookie auth.”
      - **Integrations** — not stated
      - **Failure handling** — not stated
      - **Success criteria** — not stated

      #### Decisions to make

      | Decision | Usual options | Decide with |
      | --- | --- | --- |
      | API style | REST described in OpenAPI · GraphQL (SDL) | Integrations (not stated) |
      | Storage | Postgres table(s) with foreign keys · document store (MongoDB, DynamoDB) | Data model and retention: “Shares are kept 2 years.”; Users and scale: “50,000 daily active users.” |
      | Delivery | synchronous REST call · queue + worker (SQS, RabbitMQ, Kafka) with retries | Latency and availability targets: “p95 under 200 ms.”; Failure handling (not stated); Integrations (not stated) |
      | Pagination | cursor (keyset) on a unique, indexed sort key · offset/limit | Users and scale: “50,000 daily active users.” |
      | Caching | none · read-through cache (Redis) with a TTL · HTTP caching (ETag, Cache-Control) | Latency and availability targets: “p95 under 200 ms.”; Consistency and ordering: “Eventual consistency.” |
      | Consistency | one transaction in the primary database · eventual, with an outbox and events | Consistency and ordering: “Eventual consistency.” |
      | Authentication and authorization | session cookie · JWT bearer tokens · OAuth2 client credentials for services · owner checks · RBAC roles | Authentication and authorization: “Session cookie auth.” |
      | Idempotency of writes | \`Idempotency-Key\` header · natural unique key with \`ON CONFLICT\` | Failure handling (not stated); Consistency and ordering: “Eventual consistency.” |
      | Retention | scheduled delete job · time partitions dropped when expired · keep forever | Data model and retention: “Shares are kept 2 years.” |

      #### What the plan will contain

      - An API sketch (OpenAPI or GraphQL fragment) and the data model as Postgres DDL
      - A components diagram and a sequence or ER diagram
      - Scaling and failure plan, security, milestones as a task list, and validation criteria with numbers

      <sub>Offline skeleton (deterministic, no model). Decide the rows above in this issue, or configure \`ANTHROPIC_API_KEY\` for the app and comment \`/architect propose\`.</sub>"
    `);
    expect(state.kind).toBe("skeleton");
    expect(parseProposalMarker(body)).toEqual(state);
  });
});

describe("agentHaltQuestions", () => {
  it("gives the model's questions ids that stay the same for the same wording", () => {
    expect(
      agentHaltQuestions([
        { question: "Cannot proceed without the channels: which ones?", why: "Integrations." },
      ]),
    ).toEqual([
      {
        id: "agent/cannot-proceed-without-the-channels-which-ones",
        question: "Cannot proceed without the channels: which ones?",
        why: "Integrations.",
      },
    ]);
  });
});
