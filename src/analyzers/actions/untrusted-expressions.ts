// Context properties an outsider controls, per rhysd/actionlint's expr_insecure.go (analyzers reference
// §5.5), plus the `workflow_run` fields that carry the same data from the triggering run.

const untrustedPaths = [
  "github.event.issue.title",
  "github.event.issue.body",
  "github.event.discussion.title",
  "github.event.discussion.body",
  "github.event.pull_request.title",
  "github.event.pull_request.body",
  "github.event.pull_request.head.ref",
  "github.event.pull_request.head.label",
  "github.event.pull_request.head.repo.default_branch",
  "github.event.comment.body",
  "github.event.review.body",
  "github.event.review_comment.body",
  "github.event.pages.*.page_name",
  "github.event.commits.*.message",
  "github.event.commits.*.author.email",
  "github.event.commits.*.author.name",
  "github.event.head_commit.message",
  "github.event.head_commit.author.email",
  "github.event.head_commit.author.name",
  "github.head_ref",
  "github.event.workflow_run.head_branch",
  "github.event.workflow_run.display_title",
  "github.event.workflow_run.head_commit.message",
  "github.event.workflow_run.head_commit.author.email",
  "github.event.workflow_run.head_commit.author.name",
  "github.event.workflow_run.pull_requests.*.head.ref",
].map((path) => path.split("."));

/**
 * The untrusted property paths an expression (`github.event.issue.title`, `toJSON(github.event)`) reads,
 * as written. A whole object that contains untrusted fields (`github.event.pull_request`) counts too.
 */
export function untrustedReferences(expression: string): string[] {
  // `github.event['issue']["title"]` and `commits[0]` read the same properties as the dotted form.
  const dotted = expression
    .replace(/\[\s*['"]([\w-]+)['"]\s*\]/g, ".$1")
    .replace(/\[\s*(\d+|\*)\s*\]/g, ".$1");
  const found: string[] = [];
  for (const match of dotted.matchAll(/\bgithub(?:\.(?:[\w-]+|\*))+/g)) {
    const segments = match[0].split(".");
    if (untrustedPaths.some((path) => covers(segments, path))) found.push(match[0]);
  }
  return found;
}

/** The reference reads `path`, or an object that contains it. */
function covers(reference: readonly string[], path: readonly string[]): boolean {
  if (reference.length > path.length) return false;
  return reference.every(
    (segment, index) => path[index] === "*" || segment === "*" || segment === path[index],
  );
}
