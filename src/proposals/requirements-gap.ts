// The PLANNING phase's first step: which needs of a design the issue states, states vaguely, or leaves out.
// Deterministic and offline. The input is prose, not source code, so keyword and number patterns over its
// sentences are the right tool here (there is no grammar to parse); each need names the numbers it wants.
import { sanitiseUntrusted } from "../agent/claude/sanitise-untrusted.js";

/** An answer to a proposal's question `n` (`/architect answer n: …` on the issue). */
export interface ProposalAnswer {
  n: number;
  /** Ids of the question(s) it answers, e.g. `req/scale`. */
  questionIds: string[];
  by: string;
  text: string;
}

export type NeedId =
  | "scale"
  | "latency"
  | "consistency"
  | "data"
  | "auth"
  | "integrations"
  | "failure"
  | "success";

export type NeedStatus = "stated" | "vague" | "missing";

export interface NeedAssessment {
  need: NeedId;
  /** What the need is, for people: "Users and scale". */
  label: string;
  status: NeedStatus;
  /** The sentence that states it (or mentions it vaguely), as written; absent when missing. */
  evidence?: string;
  /** Set when the evidence is an answer: its number. */
  answer?: number;
  /** True when the design changes with it: missing or vague ⇒ HALT. */
  blocking: boolean;
}

/** A HALT question of the requirements analysis. Ids are stable (`req/<need>`) so numbering survives runs. */
export interface RequirementQuestion {
  id: string;
  need: NeedId;
  question: string;
  why: string;
  /** The vague sentence the question is about, when the need was mentioned without numbers. */
  vagueEvidence?: string;
}

export interface RequirementsAnalysis {
  needs: NeedAssessment[];
  /** HALT questions, one per blocking need that is vague or missing, in the order of `needs`. */
  questions: RequirementQuestion[];
  halt: boolean;
}

export interface IssueText {
  title: string;
  body: string;
  answers: readonly ProposalAnswer[];
}

interface NeedRule {
  need: NeedId;
  label: string;
  blocking: boolean;
  /** A sentence matching this states the need with the precision a design needs. */
  stated: readonly RegExp[];
  /** A sentence matching this mentions the need without numbers. */
  mentioned: readonly RegExp[];
  /** "Cannot proceed without …": what is needed. */
  without: string;
  ask: string;
  example: string;
  why: string;
}

// A number, optionally with a thousands separator, decimals and a magnitude suffix: 200, 1,000, 2.5k, 3 million.
const amount = String.raw`\d[\d,.]*\s*(?:k|m|bn|thousand|million|billion)?\b`;

const needRules: readonly NeedRule[] = [
  {
    need: "scale",
    label: "Users and scale",
    blocking: true,
    stated: [
      new RegExp(
        String.raw`${amount}\s*(?:\+\s*)?(?:(?:daily|monthly|active|concurrent|registered)\s+)*(?:users|requests?|req|rps|qps|writes|reads|events|messages|calls|dau|mau|rows|records|items|shares|posts|orders|transactions|tps)\b`,
        "i",
      ),
      new RegExp(String.raw`${amount}\s*(?:kb|mb|gb|tb|pb)\b`, "i"),
      new RegExp(String.raw`${amount}\s*(?:/|per\s+)(?:s|sec|second|min|minute|h|hour|day|month)\b`, "i"),
      /\b\d+\s*%\s*(?:growth|per\s+(?:month|year|quarter))/i,
    ],
    mentioned: [
      /\bscal(?:e|able|ability|ing)\b/i,
      /\b(?:many|lots of|a lot of|millions of|thousands of|huge number of)\s+(?:users|requests|people|customers)/i,
      /\b(?:high|heavy|massive)\s+(?:traffic|load|volume)/i,
      /\b(?:traffic|load|throughput|growth|grow)\b/i,
    ],
    without: "the expected scale",
    ask: "How many users (daily active), how many requests per second at peak (reads and writes separately), how much data, and how fast it grows?",
    example:
      "50,000 daily active users; 300 reads/s and 30 writes/s at peak; 20 GB today, growing 2 GB a month",
    why: "Scale decides the storage, the caching and whether writes go through a queue.",
  },
  {
    need: "latency",
    label: "Latency and availability targets",
    blocking: true,
    stated: [
      /\bp(?:50|75|90|95|99|999)\b/i,
      /\b\d+(?:\.\d+)?\s*(?:ms|milliseconds?)\b/i,
      /\b\d+(?:\.\d+)?\s*(?:s|seconds?)\b.*\b(?:latency|respond|response|under|within)\b/i,
      /\b(?:latency|respond|response|under|within)\b.*\b\d+(?:\.\d+)?\s*(?:s|seconds?)\b/i,
      /\b9\d(?:\.9+)?\s*%/,
    ],
    mentioned: [
      /\b(?:fast|quick(?:ly)?|snappy|responsive|real[- ]?time|low[- ]latency|latency|performant|performance)\b/i,
      /\b(?:highly available|high availability|available|availability|uptime|downtime|always on|sla|slo)\b/i,
    ],
    without: "latency and availability targets",
    ask: "What response time must the main operations meet (p95 and p99), and what availability (monthly uptime) is required?",
    example: "p95 under 200 ms and p99 under 500 ms for reads; 99.9% monthly availability",
    why: "Latency and availability targets decide synchronous versus asynchronous processing, caching and redundancy.",
  },
  {
    need: "consistency",
    label: "Consistency and ordering",
    blocking: true,
    stated: [
      /\b(?:eventual(?:ly)?|strong(?:ly)?|causal(?:ly)?|immediate(?:ly)?)[- ]?consisten(?:t|cy)\b/i,
      /\bread[- ]your[- ]writes\b/i,
      /\b(?:linearizab|serializab)\w*/i,
      /\b(?:at[- ]least[- ]once|exactly[- ]once|at[- ]most[- ]once)\b/i,
      /\b(?:ordered|ordering|in order)\b.*\b(?:per|by|within|across)\b/i,
      /\b(?:visible|consistent|propagat\w*)\b.*\bwithin\s+\d+\s*(?:ms|s|seconds?|minutes?)\b/i,
      /\b(?:order|ordering)\s+(?:does not|doesn't)\s+matter\b/i,
    ],
    mentioned: [
      /\bconsisten(?:t|cy)\b/i,
      /\b(?:in order|ordering|ordered|sequence|duplicates?|accurate|up[- ]to[- ]date|stale|sync(?:ed|hroni[sz]ed)?)\b/i,
    ],
    without: "the consistency and ordering requirements",
    ask: "After a write, how soon must readers see it, must events be processed in order (and per what key), and may a write be applied twice?",
    example:
      "a user sees their own share immediately, followers within 5 seconds (eventual consistency); ordered per user; at-least-once delivery with idempotent writes",
    why: "Consistency and ordering decide transactions, the use of queues and how retries are made safe.",
  },
  {
    need: "data",
    label: "Data model and retention",
    blocking: true,
    stated: [
      /\b(?:retain\w*|retention|kept|keep|stored?|delete[ds]?|purge[ds]?|archived?|expire[sd]?|ttl)\b.*\b(?:\d+\s*(?:days?|weeks?|months?|years?|hours?)|forever|indefinitely)\b/i,
      /\b(?:\d+\s*(?:days?|weeks?|months?|years?)|forever|indefinitely)\b.*\b(?:retain\w*|retention|kept|keep|stored?|deleted?|purged?|archived?)\b/i,
    ],
    mentioned: [
      /\b(?:store|stored|storing|save[ds]?|persist\w*|database|table|schema|record|records|history|data|entity|entities|retention|retain|archive)\b/i,
    ],
    without: "the data model and its retention",
    ask: "What is stored for each record (the fields and who owns them), how the records relate, and how long they are kept before deletion or archiving?",
    example:
      "a share has id, user_id, target_url, channel and created_at; a user has many shares; shares are kept 2 years, then deleted",
    why: "The data model and retention decide the schema, its indexes, partitioning and the deletion jobs.",
  },
  {
    need: "auth",
    label: "Authentication and authorization",
    blocking: true,
    stated: [
      /\b(?:oauth\s*2?(?:\.0)?|openid|oidc|jwt|saml|sso|mtls|api[- ]keys?|bearer tokens?|session cookies?|cookie sessions?|basic auth)\b/i,
      // Not bare "role" or "scope": "the scope of this feature must…" says nothing about access.
      /\b(?:rbac|abac|role[- ]based|permissions?)\b.*\b(?:can|may|must|only|allowed)\b/i,
      /\bonly\s+(?:the\s+)?(?:owner|author|admins?|members?|authenticated users?|logged[- ]in users?)\b/i,
      /\b(?:public|anonymous|unauthenticated)\s+(?:access|endpoint|api|read)/i,
      /\bno\s+(?:auth|authentication)\b/i,
    ],
    mentioned: [
      /\b(?:auth|authenticat\w*|authori[sz]\w*|log(?:ged)?[- ]?in|sign(?:ed)?[- ]?in|secure|security|private|permission\w*|access control|protected)\b/i,
    ],
    without: "the authentication and authorization rules",
    ask: "Who calls this API and how they authenticate, and who may read, create, change and delete each resource?",
    example:
      "users authenticate with the existing session cookie, services with OAuth2 client credentials; only the owner may delete a share; anyone may read public shares",
    why: "Authentication and authorization decide the API's guards, the ownership columns and the rate-limit keys.",
  },
  {
    need: "integrations",
    label: "Integrations",
    blocking: false,
    stated: [
      /\b(?:kafka|rabbitmq|sqs|sns|pub\/?sub|redis|s3|stripe|slack|twilio|sendgrid|webhooks?|graphql|grpc|elasticsearch|opensearch|facebook|twitter|linkedin|x\.com|mastodon|bluesky)\b/i,
      /\b(?:no|without)\s+(?:external\s+)?(?:integrations?|third[- ]party|external (?:systems?|services?))\b/i,
      /\bstandalone\b/i,
    ],
    mentioned: [
      /\b(?:integrat\w*|third[- ]party|external (?:systems?|services?|apis?)|other services|partners?)\b/i,
    ],
    without: "the integrations",
    ask: "Which other systems does it call or notify (names, protocols, rate limits)?",
    example: "posts to the Facebook and X share APIs; publishes share.created to Kafka",
    why: "Integrations decide the adapters, their timeouts and where a failure is isolated.",
  },
  {
    need: "failure",
    label: "Failure handling",
    blocking: false,
    stated: [
      /\b(?:retr(?:y|ies|ied))\b.*\b\d+\b/i,
      /\b(?:dead[- ]letter|dlq|circuit[- ]breaker|fallback|idempoten\w*|back[- ]?off|timeout)\b/i,
      /\b(?:rpo|rto)\b.*\b\d+/i,
    ],
    mentioned: [
      /\b(?:reliab\w*|robust|resilien\w*|fault[- ]toleran\w*|fail\w*|errors?|outages?|recover\w*|retr(?:y|ies))\b/i,
    ],
    without: "the failure handling",
    ask: "What happens when a dependency is down: retry (how often), queue for later, or fail the request; and how much data loss is acceptable?",
    example: "retry 3 times with exponential backoff, then a dead-letter queue; no share may be lost",
    why: "Failure handling decides retries, idempotency keys and dead-letter queues.",
  },
  {
    need: "success",
    label: "Success criteria",
    blocking: false,
    stated: [
      /\b(?:success|succeed\w*|done when|goal|kpi|metric|measured|acceptance|target)\b.*\d/i,
      /\d.*\b(?:success|goal|kpi|metric|acceptance|target)\b/i,
    ],
    mentioned: [/\b(?:success|goal|kpi|metric|measur\w*|acceptance|done when|objective)\b/i],
    without: "the success criteria",
    ask: "How will we know the feature works: which measurable outcomes, with what numbers?",
    example: "95% of shares delivered within 10 seconds; error rate under 0.1%",
    why: "Success criteria become the plan's validation criteria.",
  },
];

/** The ids of the requirement questions, `req/<need>`. */
export function requirementQuestionId(need: NeedId): string {
  return `req/${need}`;
}

/** Checks the issue (title, body, answers) for every need of a design. */
export function analyseRequirements(issue: IssueText): RequirementsAnalysis {
  // What a reader of the issue cannot see (HTML comments, invisible characters, image alt text) states nothing.
  const issueSentences = sentencesOf(sanitiseUntrusted(`${issue.title}\n${issue.body}`));
  const answerSentences = issue.answers.flatMap((answer) =>
    sentencesOf(sanitiseUntrusted(answer.text)).map((text) => ({ text, answer: answer.n })),
  );
  const sentences = [...issueSentences.map((text) => ({ text, answer: undefined })), ...answerSentences];

  const needs = needRules.map((rule): NeedAssessment => {
    const base = { need: rule.need, label: rule.label, blocking: rule.blocking };
    // An answer to this need's question states it, whatever its wording: the author has said what they know.
    const direct = issue.answers.find((answer) =>
      answer.questionIds.includes(requirementQuestionId(rule.need)),
    );
    if (direct !== undefined) {
      return { ...base, status: "stated", evidence: sanitiseUntrusted(direct.text).trim(), answer: direct.n };
    }
    const stated = sentences.find((sentence) => rule.stated.some((pattern) => pattern.test(sentence.text)));
    if (stated !== undefined) return withAnswer({ ...base, status: "stated", evidence: stated.text }, stated);
    const vague = sentences.find((sentence) => rule.mentioned.some((pattern) => pattern.test(sentence.text)));
    if (vague !== undefined) return withAnswer({ ...base, status: "vague", evidence: vague.text }, vague);
    return { ...base, status: "missing" };
  });

  const questions = needs.flatMap((need): RequirementQuestion[] => {
    if (!need.blocking || need.status === "stated") return [];
    const rule = needRules.find((candidate) => candidate.need === need.need);
    if (rule === undefined) return [];
    const question: RequirementQuestion = {
      id: requirementQuestionId(need.need),
      need: need.need,
      question: `Cannot proceed without ${rule.without}. ${rule.ask} For example: ${rule.example}.`,
      why: rule.why,
    };
    if (need.status === "vague" && need.evidence !== undefined) question.vagueEvidence = need.evidence;
    return [question];
  });
  return { needs, questions, halt: questions.length > 0 };
}

/** The question of a non-blocking need that is vague or missing (listed in a proposal, never a HALT). */
export function openPointOf(need: NeedAssessment): string | undefined {
  if (need.status === "stated") return undefined;
  const rule = needRules.find((candidate) => candidate.need === need.need);
  return rule === undefined ? undefined : `${rule.ask} For example: ${rule.example}.`;
}

function withAnswer(
  assessment: NeedAssessment,
  sentence: { text: string; answer: number | undefined },
): NeedAssessment {
  return sentence.answer === undefined ? assessment : { ...assessment, answer: sentence.answer };
}

/**
 * Sentences of prose: lines (list items, headings) split after `.`, `!` or `?` followed by a space. Code
 * blocks stay in: an issue's example payload can state a field or a limit. Decimal points (`99.9%`, `2.5k`)
 * are not sentence ends because no space follows them.
 */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)]|#+|>)\s+/, "").trim())
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=\S)/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[A-Za-z0-9]/.test(sentence));
}
