import { execFile } from "node:child_process";
import { once } from "node:events";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../../src/cli/io.js";
import { runCli } from "../../../src/cli/main.js";
import { loadVectors, vectorsOf } from "./parity-vectors.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stdout that accepts one small chunk at a time, asynchronously, to exercise backpressure. */
function collector(highWaterMark: number): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function run(argv: string[], input: Buffer[] | string, highWaterMark = 16_384): Promise<Run> {
  const stdout = collector(highWaterMark);
  const stderr = collector(16_384);
  const chunks = typeof input === "string" ? [Buffer.from(input, "utf8")] : input;
  const io: CliIo = { stdin: Readable.from(chunks), stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: process.cwd() };
  const code = await runCli(argv, io);
  stdout.stream.end();
  stderr.stream.end();
  await Promise.all([once(stdout.stream, "finish"), once(stderr.stream, "finish")]);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const outputLines = (text: string): unknown[] =>
  text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);

const REWARD_LINE = JSON.stringify({
  code_context: { "a.py": "x = 1\n" },
  oracle_new_content: { "a.py": "x = 2\n" },
  output: "<think>t</think><solution>```\n### a.py\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n```</solution>",
});

describe("stacksmith reward", () => {
  it("answers each line in order, malformed lines included", async () => {
    const lines = [
      REWARD_LINE,
      '{"a": "a' + "a".repeat(499) + '", "b": "b' + "a".repeat(499) + '"}',
      '{"a": "a' + "a".repeat(499) + '", "b": "b' + "a".repeat(499) + '", "autojunk": false}',
      '{"old": "a\\nb\\n", "new": "a\\nc\\n"}',
      "not json",
      "",
      "[1, 2]",
      '{"a": 1, "b": "x"}',
      '{"code_context": {"a.py": 1}, "oracle_new_content": {}, "output": ""}',
      '{"old": "x"}',
      '{"something": "else"}',
      '{"code_context": {}, "oracle_new_content": {}, "output": "<think>x</think>"}',
    ];
    const result = await run(["reward"], lines.join("\n") + "\n");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const out = outputLines(result.stdout);
    expect(out).toHaveLength(lines.length);
    expect(out.slice(0, 4)).toEqual([
      { reward: 1, error: null },
      { ratio: 0 },
      { ratio: 0.998 },
      { patch: "@@ -1,2 +1,2 @@\n a\n-b\n+c" },
    ]);
    expect(out[4]).toMatchObject({ error: expect.stringMatching(/^invalid JSON: /) as unknown });
    expect(out[5]).toMatchObject({ error: expect.stringMatching(/^invalid JSON: /) as unknown });
    expect(out[6]).toEqual({ error: "expected a JSON object" });
    expect(out[7]).toEqual({ error: "invalid ratio line: a: Invalid input: expected string, received number" });
    expect(out[8]).toEqual({ error: "invalid reward line: code_context: expected an object mapping paths to strings" });
    expect(out[9]).toMatchObject({ error: expect.stringMatching(/^invalid patch line: new: /) as unknown });
    expect(out[10]).toMatchObject({ error: expect.stringMatching(/^expected /) as unknown });
    expect(out[11]).toEqual({ reward: -1, error: "count of <solution> is not 1" });
  });

  it("matches the parity vectors when fed the vector file's own lines", async () => {
    const vectors = loadVectors();
    const picked = [...vectorsOf(vectors, "ratio"), ...vectorsOf(vectors, "patch"), ...vectorsOf(vectors, "reward")];
    const input = picked.map((v) => JSON.stringify(v)).join("\r\n");
    const out = outputLines((await run(["reward"], input, 1024)).stdout);
    expect(out).toHaveLength(picked.length);
    picked.forEach((v, i) => {
      const got = out[i] as Record<string, unknown>;
      if (v.kind === "ratio") expect(got).toEqual({ ratio: v.expected.ratio });
      else if (v.kind === "patch") expect(got).toEqual({ patch: v.expected.patch });
      else {
        expect(got.error).toBe(v.expected.error);
        expect(Math.abs((got.reward as number) - v.expected.reward)).toBeLessThanOrEqual(1e-12);
      }
    });
  });

  it("reassembles lines and characters split across input chunks", async () => {
    const text = '{"a": "😀é", "b": "😀x"}\n{"old": "", "new": "ü\\n"}\n';
    const bytes = Buffer.from(text, "utf8");
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const out = outputLines((await run(["reward"], chunks)).stdout);
    expect(out).toEqual([{ ratio: 0.5 }, { patch: "@@ -0,0 +1 @@\n+ü" }]);
  });

  it("prints help, and rejects arguments", async () => {
    const help = await run(["reward", "--help"], "");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: stacksmith reward");
    const bad = await run(["reward", "extra"], "");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unexpected argument 'extra'");
  });

  it("runs as a process through the CLI entry point", async () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const child = execFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", "reward"], { cwd: root });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stdin?.end('{"a": "bbca", "b": "acabba", "autojunk": false}\nnope\n');
    const [code] = (await once(child, "close")) as [number];
    expect(code).toBe(0);
    expect(outputLines(stdout)).toEqual([{ ratio: 0.6 }, { error: expect.stringMatching(/^invalid JSON/) as unknown }]);
  });
});
