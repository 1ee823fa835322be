import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { fetchPack, listRefs, type PackRequest, type ShallowUpdate } from "../../../src/git/upload-pack.js";
import { advertisement, FLUSH, pkt, startScriptedGitServer, uploadPackResult, type ScriptedGitServer } from "../../helpers/scripted-git-server.js";

const TIP = "a".repeat(40);
let server: ScriptedGitServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A 1,000-ref advertisement after the first line, written until the client hangs up. */
function endlessRefs(res: ServerResponse): void {
  res.write(advertisement({ "refs/heads/main": TIP }).subarray(0, -4));
  let n = 0;
  const more = (): void => {
    while (!res.destroyed) {
      const lines = Array.from({ length: 1000 }, () => pkt(`${TIP} refs/pull/${n++}/head\n`));
      if (!res.write(Buffer.concat(lines))) {
        res.once("drain", more);
        return;
      }
    }
  };
  res.on("error", () => undefined);
  more();
}

describe("listRefs", () => {
  it("stops reading an advertisement that goes on past its limit", async () => {
    server = await startScriptedGitServer({ advertise: endlessRefs });
    await expect(listRefs(server.repoUrl, {}, 1 << 20)).rejects.toThrow("the server's ref advertisement is over 1 MiB; refusing to read more");
  });

  it("refuses an advertisement that goes on after the flush that ends it", async () => {
    server = await startScriptedGitServer({
      advertise: (res) => {
        res.write(advertisement({ "refs/heads/main": TIP }));
        endlessRefs(res);
      },
    });
    await expect(listRefs(server.repoUrl, {}, 1 << 20)).rejects.toThrow("the server's ref advertisement goes on after its end");
  });

  it("reads an advertisement that ends where it should", async () => {
    server = await startScriptedGitServer({ advertise: (res) => res.end(advertisement({ "refs/heads/main": TIP, "refs/pull/1/head": "b".repeat(40) })) });
    const ad = await listRefs(server.repoUrl, {});
    expect([...ad.refs]).toEqual([
      ["refs/heads/main", TIP],
      ["refs/pull/1/head", "b".repeat(40)],
    ]);
    expect(ad.capabilities.has("side-band-64k")).toBe(true);
  });

  it("reads a shallow repository's advertisement, whose last lines name the commits it is cut at", async () => {
    server = await startScriptedGitServer({
      advertise: (res) => res.end(Buffer.concat([advertisement({ "refs/heads/main": TIP }).subarray(0, -4), pkt(`shallow ${"c".repeat(40)}\n`), FLUSH])),
    });
    expect([...(await listRefs(server.repoUrl, {})).refs]).toEqual([["refs/heads/main", TIP]]);
  });
});

describe("a ref advertisement's lines", () => {
  const listFrom = async (lines: Buffer[]) => {
    server = await startScriptedGitServer({ advertise: (res) => res.end(Buffer.concat([pkt("# service=git-upload-pack\n"), FLUSH, ...lines, FLUSH])) });
    return listRefs(server.repoUrl, {});
  };

  it("keeps refs and capabilities, and skips `.have` lines, which name objects of another repository", async () => {
    const haves = Array.from({ length: 20_000 }, (_, i) => pkt(`${i.toString(16).padStart(40, "0")} .have\n`));
    const ad = await listFrom([pkt(`${TIP} HEAD\0thin-pack side-band-64k symref=HEAD:refs/heads/main\n`), pkt(`${TIP} refs/heads/main\n`), ...haves, pkt(`${"b".repeat(40)} refs/heads/caf\u00e9\n`)]);
    expect([...ad.refs]).toEqual([
      ["HEAD", TIP],
      ["refs/heads/main", TIP],
      ["refs/heads/caf\u00e9", "b".repeat(40)],
    ]);
    expect([...ad.capabilities]).toEqual(["thin-pack", "side-band-64k", "symref=HEAD:refs/heads/main"]);
  });

  it("refuses a line that is not an object id, a space and a ref name", async () => {
    for (const line of [`${TIP.slice(1)} refs/heads/main\n`, `${TIP.toUpperCase()} refs/heads/main\n`, `${TIP} refs/heads/two words\n`, `${TIP} \n`, `${TIP}\trefs/heads/main\n`]) {
      await expect(listFrom([pkt(line)]), line).rejects.toThrow(/bad ref line/);
      await server?.close();
      server = undefined;
    }
  });
});

describe("fetchPack", () => {
  const DEPTH_1: PackRequest = { want: TIP, depth: 1, shallow: [], haves: [] };
  let sent = "";
  const fetchFrom = async (body: Buffer, request = DEPTH_1): Promise<ShallowUpdate> => {
    server = await startScriptedGitServer({
      advertise: (res) => res.end(advertisement({ "refs/heads/main": TIP })),
      uploadPack: (res, req) => {
        sent = "";
        req.on("data", (chunk: Buffer) => (sent += chunk.toString("latin1")));
        req.on("end", () => res.end(body));
      },
    });
    const ad = await listRefs(server.repoUrl, {});
    return fetchPack(ad, {}, request, () => undefined);
  };

  it("takes the one shallow commit it asked for", async () => {
    await expect(fetchFrom(uploadPackResult([TIP], Buffer.alloc(0)))).resolves.toEqual({ shallow: [TIP], unshallow: [] });
  });

  it("refuses a shallow list longer than the one commit it asked for at depth 1", async () => {
    const shallow = Array.from({ length: 3 }, (_, i) => String(i).repeat(40));
    await expect(fetchFrom(uploadPackResult(shallow, Buffer.alloc(0)))).rejects.toThrow("the server sent more shallow commits than the depth asked for can have");
  });

  it("says its shallow commits and haves, asks for a thin pack, and takes back an unshallow of its own shallow commit", async () => {
    const head = "c".repeat(40);
    const body = Buffer.concat([pkt(`shallow ${TIP}\n`), pkt(`unshallow ${head}\n`), uploadPackResult([], Buffer.alloc(0))]);
    await expect(fetchFrom(body, { want: TIP, depth: 5, shallow: [head], haves: [head] })).resolves.toEqual({ shallow: [TIP], unshallow: [head] });
    expect(sent).toBe(
      `${pkt(`want ${TIP} side-band-64k ofs-delta shallow thin-pack no-progress agent=stacksmith\n`).toString()}${pkt(`shallow ${head}\n`).toString()}` +
        `${pkt("deepen 5\n").toString()}0000${pkt(`have ${head}\n`).toString()}${pkt("done\n").toString()}`,
    );
  });

  it("refuses an unshallow of a commit it did not say was shallow", async () => {
    const body = Buffer.concat([pkt(`unshallow ${"d".repeat(40)}\n`), uploadPackResult([], Buffer.alloc(0))]);
    await expect(fetchFrom(body, { want: TIP, depth: 5, shallow: ["c".repeat(40)], haves: [] })).rejects.toThrow(/bad unshallow line/);
  });

  it("refuses a shallow line that is not an object id", async () => {
    await expect(fetchFrom(uploadPackResult(["../../etc/passwd"], Buffer.alloc(0)))).rejects.toThrow(/bad shallow line/);
  });

  it("refuses packets after the flush that ends the pack", async () => {
    const body = Buffer.concat([uploadPackResult([], Buffer.alloc(0)), ...Array.from({ length: 3 }, () => pkt("more\n"))]);
    await expect(fetchFrom(body)).rejects.toThrow("the server's pack response goes on after its end");
  });

  it("refuses endless progress messages", async () => {
    const progress = pkt(Buffer.concat([Buffer.from([2]), Buffer.alloc(60_000, "x")]));
    const body = Buffer.concat([FLUSH, pkt("NAK\n"), ...Array.from({ length: 40 }, () => progress), FLUSH]);
    await expect(fetchFrom(body)).rejects.toThrow("the server sent over 1 MiB of progress messages");
  });
});
