import { execFileSync } from "node:child_process";
import { createReadStream, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { openJsonlFile } from "../../../src/cli/jsonl-writer.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("openJsonlFile", () => {
  it("replaces a regular file only when the output is complete, and leaves it as it was on abort", async () => {
    dir = mkdtempSync(join(tmpdir(), "jsonl-"));
    writeFileSync(join(dir, "out.jsonl"), "old\n");
    const aborted = await openJsonlFile("out.jsonl", dir, new PassThrough());
    await aborted.write({ a: 1 });
    await aborted.abort();
    expect(readFileSync(join(dir, "out.jsonl"), "utf8")).toBe("old\n");
    const done = await openJsonlFile("out.jsonl", dir, new PassThrough());
    await done.write({ a: 1 });
    await done.commit();
    expect(readFileSync(join(dir, "out.jsonl"), "utf8")).toBe('{"a":1}\n');
  });

  it("writes into a named pipe as it is, never renaming a file over it", async () => {
    dir = mkdtempSync(join(tmpdir(), "jsonl-"));
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const chunks: Buffer[] = [];
    const reader = createReadStream(fifo);
    reader.on("data", (c) => chunks.push(Buffer.from(c)));
    const closed = new Promise<void>((resolve) => reader.on("close", () => resolve()));
    const out = await openJsonlFile(fifo, dir, new PassThrough());
    await out.write({ line: 1 });
    await out.commit();
    await closed;
    expect(Buffer.concat(chunks).toString("utf8")).toBe('{"line":1}\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("says which folder is missing, or that the path is a folder", async () => {
    dir = mkdtempSync(join(tmpdir(), "jsonl-"));
    mkdirSync(join(dir, "sub"));
    await expect(openJsonlFile("nope/out.jsonl", dir, new PassThrough())).rejects.toThrow(`cannot write nope/out.jsonl: the folder ${join(dir, "nope")} does not exist`);
    await expect(openJsonlFile("sub", dir, new PassThrough())).rejects.toThrow("cannot write sub: it is a folder");
  });
});
