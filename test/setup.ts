// Every test runs offline: GitHub and Anthropic are mocked with nock, nothing else is reachable.
import nock from "nock";
import { afterEach, beforeAll } from "vitest";
import { recordGitHubRequests, takeInvalidGitHubRequests } from "./helpers/github-openapi.js";

// Every request a mock answers for api.github.com is checked against GitHub's OpenAPI description.
recordGitHubRequests(nock);

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  const invalid = takeInvalidGitHubRequests();
  if (invalid.length > 0)
    throw new Error(
      `${invalid.length} request(s) GitHub's OpenAPI description rejects:\n${invalid.map((line) => `  ${line}`).join("\n")}`,
    );
});
