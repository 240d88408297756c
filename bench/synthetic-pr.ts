// A deterministic synthetic pull request of any size, shaped like a real backend change: a few migrations,
// API contracts and infrastructure files among application code, tests and docs; some hunks only remove.
import type { PullRequestSnapshot, RawChangedFile } from "../src/domain/model.js";

export interface SyntheticPullRequest {
  snapshot: PullRequestSnapshot;
  rawFiles: RawChangedFile[];
}

/** mulberry32: a small seeded PRNG, so every run builds the same PR. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kind {
  share: number;
  path: (n: number) => string;
  line: (n: number, i: number) => string;
}

// Shares of the files: 4% schema, 3% API, 4% infrastructure, 20% tests, 5% docs, the rest code.
const kinds: Kind[] = [
  {
    share: 0.04,
    path: (n) => `db/migrations/${String(n).padStart(5, "0")}_change_${n}.sql`,
    line: (n, i) => `ALTER TABLE table_${n} ADD COLUMN column_${i} text NOT NULL DEFAULT '';`,
  },
  {
    share: 0.03,
    path: (n) => `api/v1/resource-${n}.openapi.yaml`,
    line: (n, i) => `        field_${i}: { type: string, description: "Field ${i} of resource ${n}" }`,
  },
  {
    share: 0.04,
    path: (n) => (n % 2 === 0 ? `deploy/k8s/service-${n}.yaml` : `infra/terraform/module_${n}.tf`),
    line: (n, i) => `  resource_${i} = "service-${n}-${i}" # managed by platform team`,
  },
  {
    share: 0.2,
    path: (n) => `src/module${n}/service.test.ts`,
    line: (n, i) => `  expect(await service${n}.call(${i})).toEqual({ ok: true, value: ${i} });`,
  },
  {
    share: 0.05,
    path: (n) => `docs/guide-${n}.md`,
    line: (n, i) => `Step ${i} of guide ${n}: configure the service before the first deploy.`,
  },
  {
    share: 0.64,
    path: (n) => `src/module${n}/service.ts`,
    line: (n, i) => `  const value${i} = await repository${n}.findById(input.id${i}, { cache: true });`,
  },
];

function kindOf(r: number): Kind {
  let acc = 0;
  for (const kind of kinds) {
    acc += kind.share;
    if (r < acc) return kind;
  }
  return kinds[kinds.length - 1] as Kind;
}

/** A PR with `fileCount` changed files; each file has 1–4 hunks, about 15% of them removing only. */
export function syntheticPullRequest(fileCount: number, seed = 42): SyntheticPullRequest {
  const next = random(seed + fileCount);
  const rawFiles: RawChangedFile[] = [];
  for (let n = 0; n < fileCount; n++) {
    const kind = kindOf(next());
    const hunks: string[] = [];
    let additions = 0;
    let deletions = 0;
    let oldLine = 1 + Math.floor(next() * 20);
    let newLine = oldLine;
    const hunkCount = 1 + Math.floor(next() * 4);
    for (let h = 0; h < hunkCount; h++) {
      const removeOnly = next() < 0.15;
      const removed = removeOnly ? 2 + Math.floor(next() * 12) : Math.floor(next() * 4);
      const added = removeOnly ? 0 : 1 + Math.floor(next() * 14);
      const lines: string[] = [];
      for (let i = 0; i < 3; i++) lines.push(` ${kind.line(n, 1000 + h * 100 + i)}`);
      for (let i = 0; i < removed; i++) lines.push(`-${kind.line(n, 2000 + h * 100 + i)}`);
      for (let i = 0; i < added; i++) lines.push(`+${kind.line(n, 3000 + h * 100 + i)}`);
      for (let i = 0; i < 3; i++) lines.push(` ${kind.line(n, 4000 + h * 100 + i)}`);
      const oldCount = 6 + removed;
      const newCount = 6 + added;
      hunks.push(`@@ -${oldLine},${oldCount} +${newLine},${newCount} @@\n${lines.join("\n")}`);
      additions += added;
      deletions += removed;
      const gap = 10 + Math.floor(next() * 40);
      oldLine += oldCount + gap;
      newLine += newCount + gap;
    }
    rawFiles.push({ path: kind.path(n), status: "modified", additions, deletions, patch: hunks.join("\n") });
  }
  return {
    snapshot: {
      owner: "acme",
      repo: "platform",
      number: fileCount,
      title: `Synthetic change of ${fileCount} files`,
      body: "Generated for the prompt-budget benchmark.",
      author: "bench",
      baseSha: "b".repeat(40),
      headSha: "a".repeat(40),
      changedFilesCount: fileCount,
    },
    rawFiles,
  };
}
