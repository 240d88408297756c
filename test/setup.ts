// Every test runs offline: GitHub and Anthropic are mocked with nock, nothing else is reachable.
import nock from "nock";
import { afterEach, beforeAll } from "vitest";

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});
