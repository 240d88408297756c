// The VALIDATION phase, deterministic part: a PR's contract changes compared with the plan of the issue it
// references. Which milestones it delivers, and every deviation as a question ("The plan says …; this PR
// does …; which is intended?"). The caller fills `PrContracts` from the analyzers (OpenAPI/SQL/ORM/API surface).
import type { PlanContracts, PlanMilestone } from "./proposal-state.js";

export interface EndpointRef {
  method: string;
  path: string;
}

/** What a PR changes in the contracts, as plain data. */
export interface PrContracts {
  endpointsAdded: EndpointRef[];
  endpointsRemoved: EndpointRef[];
  tablesCreated: Array<{ table: string; columns: string[] }>;
  columnsAdded: Array<{ table: string; column: string }>;
}

/** The plan as kept in the proposal's state (a `ProposalState` is one). */
export interface Plan {
  milestones: ReadonlyArray<Pick<PlanMilestone, "id" | "title" | "deliverables">>;
  contracts: PlanContracts;
}

export type DeviationKind =
  | "endpoint-not-in-plan"
  | "endpoint-removed"
  | "table-not-in-plan"
  | "missing-columns"
  | "column-not-in-plan";

export interface Deviation {
  kind: DeviationKind;
  /** Stable id for the HALT question: `plan/<kind>/<subject>`. */
  id: string;
  /** What the plan says. */
  plan: string;
  /** What the PR does. */
  pr: string;
  question: string;
}

export interface DeliveredMilestone {
  id: string;
  title: string;
  /** The deliverables this PR's contracts match. */
  matched: string[];
  /** Every deliverable matched. */
  complete: boolean;
}

export interface PlanComparison {
  delivered: DeliveredMilestone[];
  deviations: Deviation[];
}

export function compareToPlan(plan: Plan, pr: PrContracts): PlanComparison {
  return { delivered: deliveredMilestones(plan, pr), deviations: deviationsOf(plan.contracts, pr) };
}

function deviationsOf(contracts: PlanContracts, pr: PrContracts): Deviation[] {
  const deviations: Deviation[] = [];
  const planEndpoints = new Set(contracts.endpoints.map(endpointKey));
  const planTables = new Map(contracts.tables.map((table) => [tableKey(table.table), table]));
  const hasApiPlan = contracts.endpoints.length > 0;

  // Only a plan with endpoints can say an endpoint is not in it (a GraphQL or data-only plan says nothing).
  if (hasApiPlan) {
    for (const endpoint of pr.endpointsAdded) {
      if (planEndpoints.has(endpointKey(endpoint))) continue;
      deviations.push(
        deviation(
          "endpoint-not-in-plan",
          endpointName(endpoint),
          "no such endpoint",
          `adds \`${endpointName(endpoint)}\``,
        ),
      );
    }
  }
  for (const endpoint of pr.endpointsRemoved) {
    if (!planEndpoints.has(endpointKey(endpoint))) continue;
    deviations.push(
      deviation(
        "endpoint-removed",
        endpointName(endpoint),
        `\`${endpointName(endpoint)}\` is part of the API`,
        `removes \`${endpointName(endpoint)}\``,
      ),
    );
  }

  for (const created of pr.tablesCreated) {
    const planned = planTables.get(tableKey(created.table));
    if (planned === undefined) {
      deviations.push(
        deviation(
          "table-not-in-plan",
          created.table,
          `no table \`${created.table}\` (${tableList(contracts)})`,
          `creates table \`${created.table}\``,
        ),
      );
      continue;
    }
    const has = new Set(created.columns.map(columnKey));
    const missing = planned.columns.filter((column) => !has.has(columnKey(column)));
    if (missing.length > 0) {
      deviations.push(
        deviation(
          "missing-columns",
          created.table,
          `table \`${planned.table}\` has ${columnList(missing)}`,
          `creates \`${created.table}\` without ${missing.length === 1 ? "it" : "them"}`,
        ),
      );
    }
    const planned_ = new Set(planned.columns.map(columnKey));
    const extra = created.columns.filter((column) => !planned_.has(columnKey(column)));
    if (extra.length > 0) {
      deviations.push(
        deviation(
          "column-not-in-plan",
          `${created.table}.${extra.map(columnKey).join(",")}`,
          `table \`${planned.table}\` has no ${columnList(extra)}`,
          `creates \`${created.table}\` with ${extra.length === 1 ? "it" : "them"}`,
        ),
      );
    }
  }

  for (const added of pr.columnsAdded) {
    const planned = planTables.get(tableKey(added.table));
    const column = `\`${added.table}.${added.column}\``;
    if (planned === undefined) {
      // A column on a table the plan does not cover is outside the plan's contracts, unless the plan has
      // tables at all and this table is created by it: nothing to compare.
      continue;
    }
    if (planned.columns.some((known) => columnKey(known) === columnKey(added.column))) continue;
    deviations.push(
      deviation(
        "column-not-in-plan",
        `${added.table}.${columnKey(added.column)}`,
        `table \`${planned.table}\` has no column \`${added.column}\``,
        `adds ${column}`,
      ),
    );
  }
  return deviations;
}

function deviation(kind: DeviationKind, subject: string, plan: string, pr: string): Deviation {
  return {
    kind,
    id: `plan/${kind}/${subject}`,
    plan,
    pr,
    question: `The plan says ${plan}; this PR ${pr}. Which is intended?`,
  };
}

function deliveredMilestones(plan: Plan, pr: PrContracts): DeliveredMilestone[] {
  const endpoints = pr.endpointsAdded.map((endpoint) => ({
    method: endpoint.method.toUpperCase(),
    path: normalisePath(endpoint.path),
  }));
  const tables = [
    ...pr.tablesCreated.map((table) => tableKey(table.table)),
    ...pr.columnsAdded.map((column) => tableKey(column.table)),
  ];
  const delivered: DeliveredMilestone[] = [];
  for (const milestone of plan.milestones) {
    const deliverables = milestone.deliverables;
    const matched = deliverables.filter((text) => mentionsContract(text, endpoints, tables));
    if (matched.length === 0) continue;
    delivered.push({
      id: milestone.id,
      title: milestone.title,
      matched,
      complete: matched.length === deliverables.length,
    });
  }
  return delivered;
}

/**
 * A deliverable names an endpoint the PR adds (`POST /v1/shares`; the method when given must match) or a
 * table it creates or extends (the table name as a word).
 */
function mentionsContract(
  text: string,
  endpoints: ReadonlyArray<{ method: string; path: string }>,
  tables: readonly string[],
): boolean {
  const pathPattern = /(?:\b(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)\s+)?(\/[^\s`'",;)]*)/gi;
  for (const match of text.matchAll(pathPattern)) {
    const method = match[1]?.toUpperCase();
    const path = normalisePath(match[2] ?? "");
    if (
      endpoints.some(
        (endpoint) => endpoint.path === path && (method === undefined || endpoint.method === method),
      )
    )
      return true;
  }
  // Paths are not table names: `/v1/shares` does not deliver table `shares`.
  const prose = text.replace(pathPattern, " ").toLowerCase();
  const words = new Set(prose.match(/[a-z_][a-z0-9_.]*/g) ?? []);
  return tables.some((table) => words.has(table) || words.has(`public.${table}`));
}

function endpointKey(endpoint: EndpointRef): string {
  return `${endpoint.method.toUpperCase()} ${normalisePath(endpoint.path)}`;
}

function endpointName(endpoint: EndpointRef): string {
  return `${endpoint.method.toUpperCase()} ${endpoint.path}`;
}

/** `/v1/shares/{id}`, `/v1/shares/:id/` and `/v1/shares/<int:id>` are one path. */
function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "") || "/";
  return trimmed
    .split("/")
    .map((segment) => (/^(?:\{.*\}|:.+|<.*>)$/.test(segment) ? "{}" : segment.toLowerCase()))
    .join("/");
}

/** Unquoted identifiers fold to lower case in Postgres; a schema prefix (`public.`) is dropped. */
function tableKey(table: string): string {
  const name = table.split(".").at(-1) ?? table;
  return name.replace(/"/g, "").toLowerCase();
}

function columnKey(column: string): string {
  return column.replace(/"/g, "").toLowerCase();
}

function columnList(columns: readonly string[]): string {
  const names = columns.map((column) => `\`${column}\``).join(", ");
  return columns.length === 1 ? `column ${names}` : `columns ${names}`;
}

function tableList(contracts: PlanContracts): string {
  const names = contracts.tables.map((table) => `\`${table.table}\``);
  return names.length === 0 ? "it has no tables" : `its tables are ${names.join(", ")}`;
}
