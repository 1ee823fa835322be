import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { gitRequest, GitHttpError } from "../../../src/git/git-http.js";

const servers: Server[] = [];

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("gitRequest", () => {
  it("follows redirects on the same origin with the credentials, and says where it ended", async () => {
    const seen: Array<string | undefined> = [];
    const base = await serve((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url === "/old") res.writeHead(302, { location: "/new" }).end();
      else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    const res = await gitRequest({ url: `${base}/old`, method: "GET", headers: { authorization: "Basic x" }, redirects: 2 });
    res.body.resume();
    expect(res.url).toBe(`${base}/new`);
    expect(seen).toEqual(["Basic x", "Basic x"]);
  });

  it.each([301, 302, 307, 308])("refuses a %i to another origin without sending it anything", async (status) => {
    const seen: Array<string | undefined> = [];
    const elsewhere = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    const base = await serve((_req, res) => res.writeHead(status, { location: `${elsewhere}/new` }).end());
    const attempt = gitRequest({ url: `${base}/old`, method: "GET", headers: { authorization: "Basic x" }, redirects: 2 });
    await expect(attempt).rejects.toThrow(`the git server redirected to another host (${elsewhere}); refusing to send credentials there`);
    expect(seen).toEqual([]);
  });

  it("turns an error status into GitHttpError", async () => {
    const base = await serve((_req, res) => res.writeHead(403, "Forbidden").end());
    await expect(gitRequest({ url: base, method: "GET", headers: {} })).rejects.toMatchObject({ name: "GitHttpError", status: 403 });
    await expect(gitRequest({ url: base, method: "GET", headers: {} })).rejects.toBeInstanceOf(GitHttpError);
  });

  it("gives up on a server that stops answering", async () => {
    const base = await serve(() => undefined);
    await expect(gitRequest({ url: base, method: "GET", headers: {}, idleTimeoutMs: 200 })).rejects.toThrow(/sent nothing/);
  });
});
