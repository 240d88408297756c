// What a PR changes in the contracts a plan names, as plain data for `compareToPlan`: endpoints added or
// removed (from the API-surface table the analyzers built, base → head) and tables or columns its SQL
// migrations create (the added lines, parsed with the Postgres parser).
import type { FileSurfaceTable } from "../analyzers/api-surface/surface-table.js";
import { parseSql } from "../analyzers/sql/parse-sql.js";
import type { ChangedFile } from "../domain/model.js";
import type { EndpointRef, PrContracts } from "./compare-to-plan.js";
import { columnsDeclared } from "./plan-contracts.js";

export async function prContractsOf(
  files: readonly ChangedFile[],
  surface: readonly FileSurfaceTable[],
): Promise<PrContracts> {
  const contracts: PrContracts = {
    endpointsAdded: [],
    endpointsRemoved: [],
    tablesCreated: [],
    columnsAdded: [],
  };
  for (const table of surface) {
    for (const row of table.endpoints) {
      const endpoint = routeOf(row.label);
      if (endpoint === undefined) continue;
      if (row.state === "added") contracts.endpointsAdded.push(endpoint);
      if (row.state === "removed") contracts.endpointsRemoved.push(endpoint);
    }
  }
  for (const file of files) {
    if (file.skipped !== undefined || !/\.sql$/i.test(file.path)) continue;
    const added = file.hunks
      .flatMap((hunk) => hunk.lines)
      .filter((line) => line.kind === "add")
      .map((line) => line.content)
      .join("\n");
    if (added.trim() === "") continue;
    const parsed = await parseSql(added);
    if (!parsed.ok) continue;
    for (const { node } of parsed.statements) {
      const declared = columnsDeclared(node);
      if ("CreateStmt" in node) {
        const table = declared[0]?.[0];
        if (table === undefined) continue;
        const columns = declared.flatMap(([, column]) => (column === undefined ? [] : [column]));
        contracts.tablesCreated.push({ table, columns });
      } else {
        for (const [table, column] of declared) {
          if (column !== undefined) contracts.columnsAdded.push({ table, column });
        }
      }
    }
  }
  return contracts;
}

/**
 * `GET /v1/orders/:id` → method and path. Labels are the extractor's own rendering of a route (not source
 * text); units that are not routes (`OrderViewSet`, `graphql Mutation.x`) have no method and are skipped.
 */
function routeOf(label: string): EndpointRef | undefined {
  const [method, path, ...rest] = label.split(" ");
  if (method === undefined || path === undefined || rest.length > 0) return undefined;
  if (!/^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY)$/.test(method) || !path.startsWith("/"))
    return undefined;
  return { method, path };
}
