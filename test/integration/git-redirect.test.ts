import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { basicAuthHeader } from "../../src/git/git-repository.js";
import { cloneInMemory } from "../../src/git/memory-clone.js";
import { createBareRepo, git, startGitServer, type GitServer } from "../helpers/git-server.js";

/**
 * The remote the app is given (`front`) redirects to another host (`elsewhere`). That host
 * answers without asking for credentials (it serves the same repository, so a client that
 * follows the redirect succeeds) and records every request it gets. It must get none.
 */
const TOKEN = "ghs_redirect_token";
let gitServer: GitServer;
let front: Server;
let elsewhere: Server;
let frontUrl: string;
let elsewhereUrl: string;
/** What `front` does: pass requests on to the git server, or redirect some of them to `elsewhere`. */
let mode: { kind: "proxy" } | { kind: "redirect"; status: number; only?: "POST" };
const seen: Array<{ method: string; path: string; authorization: string | undefined }> = [];

function forward(req: IncomingMessage, res: ServerResponse, headers: IncomingMessage["headers"]): void {
  const target = new URL(gitServer.url);
  const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  req.pipe(upstream);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  gitServer = await startGitServer({ token: TOKEN });
  createBareRepo(gitServer, "acme", "widgets", [{ message: "first", files: { "README.md": "# widgets\n" } }]);
  front = createServer((req, res) => {
    if (mode.kind === "redirect" && (mode.only === undefined || mode.only === req.method)) {
      req.resume();
      res.writeHead(mode.status, { location: `${elsewhereUrl}${req.url ?? "/"}` }).end();
      return;
    }
    forward(req, res, req.headers);
  });
  elsewhere = createServer((req, res) => {
    seen.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization });
    forward(req, res, { ...req.headers, ...basicAuthHeader(TOKEN) });
  });
  frontUrl = `${await listen(front)}/acme/widgets.git`;
  elsewhereUrl = await listen(elsewhere);
});

afterAll(async () => {
  await close(front);
  await close(elsewhere);
  await gitServer.close();
});

beforeEach(() => {
  mode = { kind: "proxy" };
  seen.length = 0;
});

const token = async (): Promise<string> => TOKEN;
const refusal = (): RegExp => new RegExp(`the git server redirected to another host \\(${elsewhereUrl.replace(/[.]/g, "\\.")}\\); refusing to send credentials there`);
const outcome = (attempt: Promise<unknown>): Promise<unknown> => attempt.then(() => "succeeded", (err: unknown) => err);

describe("a remote that redirects to another host", () => {
  it.each([301, 302, 307])("the clone refuses a %i to another host, which sees no request", async (status) => {
    mode = { kind: "redirect", status };
    const result = await outcome(cloneInMemory({ url: frontUrl, branch: "main", token, pushScope: { issue: 9 } }));
    expect(seen.filter((r) => r.authorization !== undefined)).toEqual([]);
    expect(seen).toEqual([]);
    expect(result).toMatchObject({ code: "CLONE_FAILED", message: expect.stringMatching(refusal()) });
  });

  it.each([301, 302, 307])("fetching a branch refuses a %i to another host, which sees no request", async (status) => {
    const ws = await cloneInMemory({ url: frontUrl, branch: "main", token, pushScope: { issue: 9 } });
    mode = { kind: "redirect", status };
    const result = await outcome(ws.fetchBranch("main", 1));
    expect(seen.filter((r) => r.authorization !== undefined)).toEqual([]);
    expect(seen).toEqual([]);
    expect(result).toMatchObject({ code: "CLONE_FAILED", message: expect.stringMatching(refusal()) });
  });

  it.each([
    [301, "every request"],
    [302, "every request"],
    [307, "every request"],
    [307, "the POST"],
  ] as const)("pushing refuses a %i of %s to another host, which sees no request", async (status, which) => {
    const only = which === "the POST" ? "POST" : undefined;
    const ws = await cloneInMemory({ url: frontUrl, branch: "main", token, pushScope: { issue: 9 } });
    const commit = await ws.commit({ parent: ws.head, message: "x", author: { name: "b", email: "b@example.com" }, changes: [{ path: "a.txt", content: "a\n" }] });
    mode = only === undefined ? { kind: "redirect", status } : { kind: "redirect", status, only };
    const result = await outcome(ws.push({ branch: `stacksmith/issue-9/${status}-${(only ?? "all").toLowerCase()}`, commit, expect: [null] }));
    expect(seen.filter((r) => r.authorization !== undefined)).toEqual([]);
    expect(seen).toEqual([]);
    expect(result).toMatchObject({ code: "PUSH_REJECTED", message: expect.stringMatching(refusal()) });
    expect(() => git(gitServer.repoPath("acme", "widgets"), ["rev-parse", "--verify", "-q", `stacksmith/issue-9/${status}-${(only ?? "all").toLowerCase()}`])).toThrow();
  });

  it("still fetches and pushes when the remote does not redirect", async () => {
    const ws = await cloneInMemory({ url: frontUrl, branch: "main", token, pushScope: { issue: 9 } });
    expect(await ws.fetchBranch("main", 1)).toBe(ws.head);
    const commit = await ws.commit({ parent: ws.head, message: "y", author: { name: "b", email: "b@example.com" }, changes: [{ path: "b.txt", content: "b\n" }] });
    await ws.push({ branch: "stacksmith/issue-9/1-direct", commit, expect: [null] });
    expect(git(gitServer.repoPath("acme", "widgets"), ["rev-parse", "stacksmith/issue-9/1-direct"])).toBe(commit);
    expect(seen).toEqual([]);
  });
});
