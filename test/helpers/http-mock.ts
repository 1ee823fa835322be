import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";

/**
 * HTTP is mocked only at the GitHub and Anthropic boundary. Local servers (127.0.0.1)
 * are real. Any mock left unused, or any request no mock matched, fails the test.
 */
export function useHttpMocks(): { unmatched: string[] } {
  const state = { unmatched: [] as string[] };
  const onNoMatch = (req: { method?: string; path?: string; host?: string; hostname?: string; options?: { host?: string; hostname?: string; path?: string } }) => {
    const host = req.hostname ?? req.host ?? req.options?.hostname ?? req.options?.host ?? "";
    if (host.startsWith("127.0.0.1")) return;
    state.unmatched.push(`${req.method ?? "?"} ${host}${req.path ?? req.options?.path ?? ""}`);
  };
  beforeEach(() => {
    state.unmatched.length = 0;
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(state.unmatched, "requests that no mock matched").toEqual([]);
    expect(pending, "mocks that were never used").toEqual([]);
  });
  return state;
}
