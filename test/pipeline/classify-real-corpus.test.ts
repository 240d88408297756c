// Measures classification of code on the shared corpus of real changes, when it is checked out: the source
// files (migrations aside) that define an API or a data model, as a reviewer labelled them, against what
// the pipeline decides from the diff and (bounded) head reads.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.schema.js";
import { isMigrationFile } from "../../src/diff/classify-file.js";
import type { Category } from "../../src/domain/model.js";
import { readLocalCase } from "../../src/local/read-local-case.js";
import { classifyChangedFiles } from "../../src/pipeline/classify-changed-files.js";

const corpus = "../shared/corpus/real";
const sourceCode = /\.(py|js|jsx|ts|tsx|go|rb|java)$/;

/** Labels: the files that define an API (`api`) or a data model (`schema`); every other source file is `other`. */
const labels: Record<string, Partial<Record<"api" | "schema", string[]>>> = {
  "netbox-11": {
    schema: [
      ...[
        "circuits/models/circuits",
        "circuits/models/virtual_circuits",
        "core/models/config",
        "core/models/jobs",
      ],
      ...[
        "dcim/models/device_component_templates",
        "dcim/models/devices",
        "dcim/models/modules",
        "dcim/models/racks",
      ],
      ...[
        "extras/models/configs",
        "extras/models/customfields",
        "extras/models/models",
        "extras/models/notifications",
      ],
      ...[
        "extras/models/scripts",
        "extras/models/tags",
        "ipam/models/fhrp",
        "ipam/models/ip",
        "ipam/models/services",
      ],
      ...["ipam/models/vlans", "ipam/models/vrfs", "tenancy/models/contacts", "users/models/permissions"],
      ...["users/models/tokens", "virtualization/models/clusters", "virtualization/models/virtualmachines"],
      ...["vpn/models/tunnels", "wireless/models"],
    ].map((module) => `netbox/${module}.py`),
  },
  "netbox-20": {
    api: [
      "netbox/dcim/api/serializers_/sites.py",
      "netbox/ipam/api/serializers_/ip.py",
      "netbox/ipam/graphql/types.py",
      "netbox/ipam/views.py",
    ],
    schema: ["netbox/dcim/models/sites.py", "netbox/ipam/models/ip.py"],
  },
  "outline-18": {
    api: [
      "server/presenters/fileOperation.ts",
      "server/routes/api/documents/documents.ts",
      "server/routes/api/documents/schema.ts",
    ],
    schema: ["server/models/FileOperation.ts"],
  },
  "outline-21": {
    api: ["server/routes/api/shares/schema.ts", "server/routes/api/shares/shares.ts"],
    schema: ["server/models/ShareSubscription.ts"],
  },
  "outline-25": {
    api: ["server/presenters/group.ts", "server/presenters/unfurl.ts", "server/routes/api/groups/schema.ts"],
    schema: ["server/models/Group.ts"],
  },
  "saleor-02": {
    api: ["saleor/graphql/order/bulk_mutations/order_bulk_create.py"],
    schema: ["saleor/account/models.py"],
  },
  "saleor-05": { schema: ["saleor/app/models.py"] },
  "saleor-06": { schema: ["saleor/account/models.py"] },
  "saleor-10": {
    api: ["saleor/graphql/order/mutations/order_note_add.py", "saleor/graphql/order/schema.py"],
  },
  "saleor-14": { schema: ["saleor/product/models.py"] },
  "saleor-24": {
    api: [
      "saleor/app/manifest_schema.py",
      "saleor/graphql/webhook/mutations/webhook_create.py",
      "saleor/graphql/webhook/mutations/webhook_update.py",
      "saleor/graphql/webhook/types.py",
    ],
    schema: ["saleor/webhook/models.py"],
  },
  "supabase-01": { api: ["api/token.go"] },
  "supabase-08": { api: ["internal/api/oauthserver/authorize.go", "internal/api/oauthserver/handlers.go"] },
  "supabase-12": { api: ["internal/api/token.go", "internal/api/token_refresh.go"] },
  "supabase-19": {
    api: ["api/admin.go"],
    schema: ["models/factor.go", "models/identity.go", "models/user.go"],
  },
  "supabase-22": {
    api: ["external", "invite", "mail", "mfa", "samlacs", "signup", "token", "user"].map(
      (name) => `api/${name}.go`,
    ),
    schema: ["models/user.go"],
  },
};

interface Outcome {
  path: string;
  expected: Category;
  actual: Category;
}

async function classifyCorpus(): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const name of readdirSync(corpus).filter((entry) => !entry.endsWith(".md"))) {
    const local = await readLocalCase(path.join(corpus, name));
    const { files } = await classifyChangedFiles(local.rawFiles, local.contents, defaultRepoConfig);
    const label = labels[name] ?? {};
    for (const file of files) {
      if (!sourceCode.test(file.path) || isMigrationFile(file.path)) continue;
      const expected: Category = label.api?.includes(file.path)
        ? "api"
        : label.schema?.includes(file.path)
          ? "schema"
          : "other";
      outcomes.push({ path: `${name}/${file.path}`, expected, actual: file.category });
    }
  }
  return outcomes;
}

describe.runIf(existsSync(corpus))("classification of code on the real corpus", () => {
  it("recognises at least 80 % of the API and model files and takes fewer than 10 % of the rest for backend", async () => {
    const outcomes = await classifyCorpus();
    const positives = outcomes.filter((outcome) => outcome.expected !== "other");
    const negatives = outcomes.filter((outcome) => outcome.expected === "other");
    const missed = positives.filter((outcome) => outcome.actual !== outcome.expected);
    const falseAlarms = negatives.filter((outcome) => outcome.actual !== "other");
    // Every labelled file exists in its case: a label that matches nothing would inflate the recall.
    const labelled = Object.values(labels).flatMap((label) => [
      ...(label.api ?? []),
      ...(label.schema ?? []),
    ]);
    expect(positives).toHaveLength(labelled.length);

    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
    expect(1 - missed.length / positives.length).toBeGreaterThanOrEqual(0.8);
    expect(falseAlarms.length / negatives.length).toBeLessThan(0.1);
    expect(negatives.length).toBeGreaterThan(60);
  });
});
