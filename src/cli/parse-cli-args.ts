// The command line of `backend-architect`, parsed with node:util parseArgs. A bad flag is a value with a
// one-line message, never an exception: the CLI prints it and exits 2.
import { parseArgs } from "node:util";

export const outputFormats = ["markdown", "json", "sarif"] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** The least that fails the run: a HALT, a HALT or an unacknowledged blocker finding, or nothing. */
export const failLevels = ["halt", "blocker", "never"] as const;
export type FailOn = (typeof failLevels)[number];

export interface ReviewCommand {
  kind: "review";
  base?: string;
  head?: string;
  format: OutputFormat;
  failOn: FailOn;
  /** A repository config file to use instead of `.github/backend-architect.yml` at the base. */
  config?: string;
}

export type ParsedCommandLine = ReviewCommand | { kind: "help" } | { kind: "usage-error"; message: string };

export const usage = `Usage: backend-architect review [--base REF] [--head REF] [--format markdown|json|sarif]
                               [--fail-on halt|blocker|never] [--config PATH]

Reviews the committed changes from the merge-base of --base and --head to --head with the same pipeline as
the GitHub App: offline (deterministic rules) by default, with Claude when ANTHROPIC_API_KEY is set
(model: ANTHROPIC_MODEL, default claude-sonnet-5-5).

Options:
  --base REF        what the change is compared with (default: origin/HEAD, else main, else master)
  --head REF        the change (default: HEAD; uncommitted changes are not reviewed)
  --format FORMAT   markdown (the review as a PR would show it, default), json, or sarif (SARIF 2.1.0)
  --fail-on LEVEL   halt (default): exit 1 on a HALT question; blocker: also on a blocker finding;
                    never: exit 0 whatever is found
  --config PATH     repository config to use (default: .github/backend-architect.yml at the base)
  -h, --help        show this help

Exit codes: 0 nothing at or above --fail-on, 1 failed on --fail-on, 2 usage error, 3 internal error
(git missing, not a repository).
`;

export function parseCliArgs(argv: readonly string[]): ParsedCommandLine {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { kind: "usage-error", message: describeParseError(error) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: "help" };
  const [command, ...rest] = positionals;
  if (command === undefined)
    return { kind: "usage-error", message: "missing command: try `backend-architect review`" };
  if (command !== "review")
    return { kind: "usage-error", message: `unknown command "${command}": the only command is \`review\`` };
  if (rest.length > 0) return { kind: "usage-error", message: `unexpected argument "${rest[0]}"` };

  const format = values.format ?? "markdown";
  if (!isOneOf(outputFormats, format))
    return { kind: "usage-error", message: `--format must be markdown, json or sarif (got "${format}")` };
  const failOn = values["fail-on"] ?? "halt";
  if (!isOneOf(failLevels, failOn))
    return { kind: "usage-error", message: `--fail-on must be halt, blocker or never (got "${failOn}")` };
  for (const flag of ["base", "head", "config"] as const) {
    const value = values[flag];
    if (value !== undefined && value.trim() === "")
      return { kind: "usage-error", message: `--${flag} needs a value` };
  }

  const review: ReviewCommand = { kind: "review", format, failOn };
  if (values.base !== undefined) review.base = values.base;
  if (values.head !== undefined) review.head = values.head;
  if (values.config !== undefined) review.config = values.config;
  return review;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      base: { type: "string" },
      head: { type: "string" },
      format: { type: "string" },
      "fail-on": { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** parseArgs' messages are long and name `--foo <value>`; say the same in one short line. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /--[\w-]+/.exec(message)?.[0] ?? /'(-\w)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
    return `unknown option ${option}: see backend-architect --help`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take/.test(message) ? `${option} takes no value` : `${option} needs a value`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return message.split(".")[0] ?? message;
  return message;
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}
