// The Messages API as the end-to-end tests see it (nock on api.anthropic.com), and the default-branch reads
// the Claude architect makes around it (guidance, agent file, commits) answered with nothing.
import nock from "nock";
import { api } from "./github-mock.js";

export const anthropic = "https://api.anthropic.com";

/** What the agent's read-only tools and guidance look up on Codertocat/Hello-World: nothing here. */
export function mockRepositoryReads(): void {
  nock(api)
    .get(/\/repos\/Codertocat\/Hello-World\/contents\/.*/)
    .query(true)
    .reply(404, { message: "Not Found" })
    .persist();
  nock(api).get("/repos/Codertocat/Hello-World/pulls/2/commits").query(true).reply(200, []).persist();
}

/** A Messages API answer carrying `review` as its JSON text. */
export function modelReply(
  review: unknown,
  usage = {
    input_tokens: 9000,
    output_tokens: 700,
    cache_read_input_tokens: 6000,
    cache_creation_input_tokens: 0,
  },
) {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5-5",
    content: [{ type: "text", text: JSON.stringify(review) }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage,
  };
}
