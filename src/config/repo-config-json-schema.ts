// The JSON Schema editors use for `.github/backend-architect.yml`, generated from the zod schema.
import { z } from "zod";
import { RepoConfig } from "./repo-config.schema.js";

export function repoConfigJsonSchema(): string {
  const schema = z.toJSONSchema(RepoConfig, { io: "input" });
  return `${JSON.stringify({ ...schema, title: "backend-architect repository configuration" }, null, 2)}\n`;
}
