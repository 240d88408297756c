// Posts the one review of a run, reads the app's previous reviews, and dismisses its own stale blocks.
import type { ReviewRequest } from "../review/render-review.js";
import { parseStateMarker, type ReviewState } from "../review/review-state.js";
import { isStatus } from "./gather-pull-request.js";
import type { GitHubClient, PullRequestRef } from "./github-client.js";

export interface PreviousReviews {
  /** State of the app's most recent review on the PR. */
  latest?: ReviewState;
  /** That review, to update its body in place. */
  latestReview?: { id: number; body: string };
  /** The app's own reviews that still request changes. */
  blockingReviewIds: number[];
  /** The app's own reviews left PENDING (never submitted): deleted before a review is posted. */
  pendingReviewIds?: number[];
}

export async function readPreviousReviews(
  octokit: GitHubClient,
  ref: PullRequestRef,
  botLogin: string,
): Promise<PreviousReviews> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    per_page: 100,
  });
  // Only the app's own reviews count: anyone can paste a state marker into a review of theirs.
  const own = reviews.filter((review) => review.user?.login === botLogin);
  let latest: { state: ReviewState; id: number; body: string } | undefined;
  for (const review of own) {
    // A pending review was never posted: its state is nobody's conclusion.
    if (review.state === "PENDING") continue;
    const state = parseStateMarker(review.body);
    if (state !== undefined) latest = { state, id: review.id, body: review.body ?? "" };
  }
  const previous: PreviousReviews = {
    blockingReviewIds: own
      .filter((review) => review.state === "CHANGES_REQUESTED")
      .map((review) => review.id),
  };
  const pending = own.filter((review) => review.state === "PENDING").map((review) => review.id);
  if (pending.length > 0) previous.pendingReviewIds = pending;
  if (latest !== undefined) {
    previous.latest = latest.state;
    previous.latestReview = { id: latest.id, body: latest.body };
  }
  return previous;
}

export interface PublishedReview {
  reviewId: number;
  /** The body GitHub received (with the state marker). */
  body: string;
  event: ReviewRequest["event"];
  /** Inline comments GitHub accepted. */
  inlineComments: number;
  /** True when GitHub refused the inline comments and they were moved into the body. */
  inlineMovedToBody: boolean;
  /** The review's address on GitHub, when the answer had one. */
  htmlUrl?: string;
}

/**
 * One `createReview` per run. GitHub rejects the whole batch with 422 when one anchor is off (without
 * saying which), so the retry moves every comment into the body: the review is never lost.
 */
export async function publishReview(
  octokit: GitHubClient,
  ref: PullRequestRef,
  render: (inline: boolean) => ReviewRequest,
): Promise<PublishedReview> {
  const first = render(true);
  try {
    const { data } = await octokit.rest.pulls.createReview({ ...prParams(ref), ...first });
    return {
      reviewId: data.id,
      body: first.body,
      event: first.event,
      inlineComments: first.comments.length,
      inlineMovedToBody: false,
      ...urlOf(data),
    };
  } catch (error) {
    if (!isStatus(error, 422) || first.comments.length === 0) throw error;
    const retry = render(false);
    const { data } = await octokit.rest.pulls.createReview({ ...prParams(ref), ...retry });
    return {
      reviewId: data.id,
      body: retry.body,
      event: retry.event,
      inlineComments: 0,
      inlineMovedToBody: true,
      ...urlOf(data),
    };
  }
}

function urlOf(data: { html_url?: string }): { htmlUrl?: string } {
  return typeof data.html_url === "string" && data.html_url !== "" ? { htmlUrl: data.html_url } : {};
}

/**
 * Deletes the app's leftover PENDING reviews (a crash between creating and submitting one, or another tool
 * on the same token): GitHub keeps one pending review per user and PR, and it would hold stale comments.
 * A review that is gone already (404) or was submitted meanwhile (422) is not an error.
 */
export async function deletePendingReviews(
  octokit: GitHubClient,
  ref: PullRequestRef,
  reviewIds: readonly number[],
): Promise<number[]> {
  const deleted: number[] = [];
  for (const reviewId of reviewIds) {
    try {
      await octokit.rest.pulls.deletePendingReview({ ...prParams(ref), review_id: reviewId });
      deleted.push(reviewId);
    } catch (error) {
      if (!isStatus(error, 404) && !isStatus(error, 422)) throw error;
    }
  }
  return deleted;
}

/** Rewrites the body of one of the app's reviews (its state marker) without posting a new review. */
export async function updateReviewBody(
  octokit: GitHubClient,
  ref: PullRequestRef,
  reviewId: number,
  body: string,
): Promise<void> {
  await octokit.rest.pulls.updateReview({ ...prParams(ref), review_id: reviewId, body });
}

/** Dismisses the app's own CHANGES_REQUESTED reviews once their questions no longer block. */
export async function dismissOwnBlocks(
  octokit: GitHubClient,
  ref: PullRequestRef,
  reviewIds: number[],
  headSha: string,
  /** Why, when people answered: replaces the default message. */
  reason?: string,
): Promise<{ dismissed: number[]; refused: number[] }> {
  const dismissed: number[] = [];
  const refused: number[] = [];
  for (const reviewId of reviewIds) {
    try {
      await octokit.rest.pulls.dismissReview({
        ...prParams(ref),
        review_id: reviewId,
        message:
          reason ??
          `Backend Architect: the questions of this review are answered or no longer apply as of ${headSha.slice(0, 7)}.`,
      });
      dismissed.push(reviewId);
    } catch (error) {
      // Branch protection may refuse ("Branch protections do not permit dismissing this review").
      if (!isStatus(error, 422) && !isStatus(error, 403)) throw error;
      refused.push(reviewId);
    }
  }
  return { dismissed, refused };
}

function prParams(ref: PullRequestRef): { owner: string; repo: string; pull_number: number } {
  return { owner: ref.owner, repo: ref.repo, pull_number: ref.number };
}
