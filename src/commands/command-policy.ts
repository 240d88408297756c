// Who may run which command, and how often: pure decisions over the actor's repository permission and the
// repository's `commands` settings. The permission itself is asked from GitHub by the job.
import type { RepoConfig } from "../config/repo-config.schema.js";
import type { CommandName } from "./parse-commands.js";

/** GitHub's repository roles, weakest first (`none`: not a collaborator of a private repository). */
export const permissionLevels = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Permission = (typeof permissionLevels)[number];

export interface Actor {
  login: string;
  permission: Permission;
  /** Opened the PR or issue the command is written on. */
  isAuthor: boolean;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

export function mayRun(command: CommandName, actor: Actor, policy: RepoConfig["commands"]): Decision {
  if (command === "help") return { allowed: true };
  const rank = (level: Permission) => permissionLevels.indexOf(level);
  if (rank(actor.permission) >= rank(policy.minPermission)) return { allowed: true };
  if (actor.isAuthor && policy.authorMay.includes(command)) return { allowed: true };
  const authorPart =
    policy.authorMay.length === 0
      ? ""
      : ` The author of a PR or issue may also run ${policy.authorMay.map((name) => `\`${name}\``).join(", ")} on it.`;
  return {
    allowed: false,
    reason: `\`/architect ${command}\` needs ${policy.minPermission} access to this repository (you have ${actor.permission}).${authorPart}`,
  };
}

export interface RateLimiter {
  /** Counts one command against `key`; refused once `perHour` were accepted in the last hour. */
  take(key: string, perHour: number): { allowed: true } | { allowed: false; retryAt: Date };
}

/**
 * A sliding hour per PR or issue, in this process's memory: enough to stop one thread from burning the
 * model budget. Keys with no command in the last hour are forgotten, so memory stays bounded.
 */
export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const hour = 3_600_000;
  const accepted = new Map<string, number[]>();
  return {
    take(key, perHour) {
      const at = now();
      for (const [other, times] of accepted) {
        if ((times[times.length - 1] ?? 0) <= at - hour) accepted.delete(other);
      }
      const recent = (accepted.get(key) ?? []).filter((time) => time > at - hour);
      if (recent.length >= perHour) {
        return { allowed: false, retryAt: new Date((recent[0] ?? at) + hour) };
      }
      recent.push(at);
      accepted.set(key, recent);
      return { allowed: true };
    },
  };
}
