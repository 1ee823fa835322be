import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayTask, type ReplayTask } from "../../../src/cli/bench-replay-task.js";
import type { CliIo } from "../../../src/cli/io.js";
import { runCli } from "../../../src/cli/main.js";
import { openLocalRepository } from "../../../src/git/local-repository.js";
import { runGit, writeFiles } from "../edit/native-git.js";

let root: string;
let tasksFile: string;
let task: ReplayTask;

function capture(): { io: CliIo; out: () => string } {
  let text = "";
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { io: { stdin: new PassThrough(), stdout, stderr: stdout, env: process.env, cwd: root }, out: () => text };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "stacksmith-bench-"));
  const repo = join(root, "repos", "acme__widgets");
  mkdirSync(repo, { recursive: true });
  runGit(repo, ["init", "-q"]);
  writeFiles(repo, new Map([["pkg/a.py", "def f():\n    return None\n\n\ndef g():\n    return None\n"], ["pkg/old.py", "x = 1\n"], ["README", "no newline"]]));
  runGit(repo, ["add", "-A"]);
  runGit(repo, ["commit", "-q", "-m", "base"]);
  const base = runGit(repo, ["rev-parse", "HEAD"]).trim();
  writeFiles(repo, new Map([["pkg/a.py", "def f():\n    return None\n\n\ndef g():\n    return 1\n"], ["pkg/old.py", null], ["pkg/new.py", "y = 2\n"], ["README", "no newline\n"]]));
  runGit(repo, ["add", "-A"]);
  runGit(repo, ["commit", "-q", "-m", "fix"]);
  const patch = runGit(repo, ["diff", "--no-color", base, "HEAD"]);
  const broken = patch.replace("-    return None\n+    return 1", "-    return 0\n+    return 1");
  task = { instance_id: "acme__widgets-1", repo: "acme/widgets", base_commit: base, patch };
  tasksFile = join(root, "tasks.jsonl");
  writeFileSync(
    tasksFile,
    [
      { instance_id: "acme__widgets-1", repo: "acme/widgets", base_commit: base, patch },
      { instance_id: "acme__widgets-2", repo: "acme/widgets", base_commit: base, patch: broken },
    ]
      .map((t) => JSON.stringify(t))
      .join("\n"),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("stacksmith bench replay", () => {
  it("replays each patch through the engine, compares with git apply and ends with the count", async () => {
    const { io, out } = capture();
    const code = await runCli(["bench", "replay", "--tasks", "tasks.jsonl", "--repos", "repos"], io);
    const lines = out().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^acme__widgets-1 +identical +edits=4 /);
    expect(lines[1]).toMatch(/^acme__widgets-2 +ERROR +git apply failed/);
    expect(lines.at(-3)).toMatch(/^baseline over 1 tasks: native git apply/);
    // SWE-RL's format cannot delete a file (its REPLACE needs a line), so task 1's oracle scores -1 there.
    expect(lines.at(-1)).toBe("replay: identical=1/2 reward1=0/2");
    expect(code).toBe(1);
  });

  it("lists benchmarks and refuses unknown ones", async () => {
    const help = capture();
    expect(await runCli(["bench", "--help"], help.io)).toBe(0);
    expect(help.out()).toContain("replay");
    const unknown = capture();
    expect(await runCli(["bench", "nope"], unknown.io)).toBe(2);
    expect(unknown.out()).toContain("unknown benchmark 'nope'");
  });

  it("hands the reward the original files, git apply's files and the answer as SEARCH/REPLACE text", async () => {
    const repoDir = join(root, "repos", "acme__widgets");
    const calls: [Readonly<Record<string, string>>, Readonly<Record<string, string>>, string][] = [];
    const outcome = await replayTask(task, await openLocalRepository(repoDir, task.base_commit), repoDir, process.env, (context, oracle, output) => {
      calls.push([context, oracle, output]);
      return { reward: 1 };
    });
    expect(outcome).toMatchObject({ status: "identical", reward: 1 });
    expect(calls).toHaveLength(1);
    const [context, oracle, output] = calls[0] as (typeof calls)[number];
    expect(context["pkg/a.py"]).toContain("return None\n");
    expect(oracle["pkg/a.py"]).toContain("return 1\n");
    expect(oracle["pkg/old.py"]).toBeUndefined();
    expect(output).toMatch(/^<think>\n[^]*<\/think>\n<solution>\n```python\n### README\n<<<<<<< SEARCH\n[^]*<\/solution>\n$/);
    expect(output).toContain("```python\n### pkg/a.py\n<<<<<<< SEARCH\n");
  });
});
