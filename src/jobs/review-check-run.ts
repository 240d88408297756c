// The review job's check run: started when a run begins, completed exactly once however the run ends. A
// repository that installed the app before it asked for `checks: write` (403) or a GitHub that refuses gets
// its review without a check: the check never costs a review.
import type { Logger } from "pino";
import { errorMessage } from "../domain/error-message.js";
import { type CheckRunCompletion, completeCheckRun, startCheckRun } from "../github/check-run.js";
import type { GitHubClient, PullRequestRef } from "../github/github-client.js";

export interface ReviewCheck {
  /** The first call completes the check; later calls do nothing. Never throws. */
  complete(completion: CheckRunCompletion): Promise<void>;
  /** Whether a check run exists for this run (false when starting it was refused). */
  readonly started: boolean;
}

export const noCheck: ReviewCheck = { started: false, complete: async () => {} };

export async function openReviewCheck(
  octokit: GitHubClient,
  ref: PullRequestRef,
  headSha: string,
  log: Pick<Logger, "warn">,
): Promise<ReviewCheck> {
  let id: number;
  try {
    id = await startCheckRun(octokit, ref, headSha);
  } catch (error) {
    log.warn({ err: errorMessage(error) }, "could not start the check run; reviewing without it");
    return noCheck;
  }
  let completed = false;
  return {
    started: true,
    async complete(completion) {
      if (completed) return;
      completed = true;
      try {
        await completeCheckRun(octokit, ref, id, completion);
      } catch (error) {
        log.warn({ err: errorMessage(error), checkRunId: id }, "could not complete the check run");
      }
    },
  };
}

/** The review's address, for the check's details link (GitHub's own `html_url` when it gave one). */
export function reviewUrl(ref: PullRequestRef, reviewId: number, htmlUrl?: string): string {
  return (
    htmlUrl ?? `https://github.com/${ref.owner}/${ref.repo}/pull/${ref.number}#pullrequestreview-${reviewId}`
  );
}
