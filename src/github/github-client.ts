// The authenticated installation client the GitHub edge uses (Probot's Octokit with REST methods,
// pagination, retries and throttling). Type-only: nothing below jobs/ receives a Probot context.
import type { ProbotOctokit } from "probot";

export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}
