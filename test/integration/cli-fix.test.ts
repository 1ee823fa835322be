import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStacksmith } from "../helpers/cli-run.js";
import { completion, startFakeChatServer, type FakeChatServer } from "../helpers/fake-chat-server.js";
import { buildKnownHistory, type KnownHistory } from "../helpers/known-history.js";

let history: KnownHistory;
let server: FakeChatServer | undefined;
beforeEach(() => {
  history = buildKnownHistory();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  history.cleanup();
});

const git = (...args: string[]): string => execFileSync("git", args, { cwd: history.dir, encoding: "utf8" }).trimEnd();

const edit = (search: string, replace: string) =>
  `Done.\n\n\`\`\`python\n### src/app.py\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\``;

describe("stacksmith fix on a local repository", () => {
  it("runs the app's pipeline: plans, edits each part on top of the previous one, and writes the app's branch per part", async () => {
    const head = git("rev-parse", "HEAD");
    server = await startFakeChatServer([
      () => ({ body: completion({ tool_calls: [{ id: "loc", name: "submit_files", arguments: { edit: ["src/app.py"], read: [] } }] }, "tool_calls") }),
      (body) => {
        expect(body.tools?.map((t) => t.function.name)).toEqual(["list_files", "read_file", "submit_plan"]);
        expect(body.messages[1]?.content).toMatch(/--- BEGIN ISSUE \[([0-9a-f]{24})\] ---\nPolish the greeter\n\nShout the greeting; say goodbye politely\.\n--- END ISSUE \[\1\] ---/);
        expect(body.messages[1]?.content).toContain("Files most likely to change:\n- src/app.py\n");
        const subtasks = [
          { title: "Shout the greeting", goal: "greet returns upper case.", files: ["src/app.py"], why: "first" },
          { title: "Polite farewell", goal: "farewell says goodbye.", files: ["src/app.py"], why: "then" },
        ];
        return { body: completion({ tool_calls: [{ id: "p1", name: "submit_plan", arguments: { subtasks } }] }, "tool_calls") };
      },
      (body) => {
        expect(body.messages[1]?.content).toContain("Do only subtask 1: Shout the greeting");
        return { body: completion({ content: edit('    return f"Hello, {name}!"', '    return f"HELLO, {name.upper()}!"') }, "stop") };
      },
      (body) => {
        expect(body.messages[1]?.content).toContain("1. Shout the greeting (done: already in the code you see)");
        return { body: completion({ content: edit('    return f"Goodbye, {name}."', '    return f"Goodbye, {name}. Take care."') }, "stop") };
      },
    ]);
    const run = await runStacksmith(["fix", "--repo", history.dir, "--issue", "Polish the greeter\n\nShout the greeting; say goodbye politely.", "--base-url", server.url, "--model", "local-model", "--locate", "model"], {
      env: { GIT_AUTHOR_NAME: "Grace", GIT_AUTHOR_EMAIL: "grace@example.com" },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    server.assertDone();

    const first = git("rev-parse", "stacksmith/issue-1/1-shout-the-greeting");
    const second = git("rev-parse", "stacksmith/issue-1/2-polite-farewell");
    expect(git("rev-parse", `${first}^`)).toBe(head);
    expect(git("rev-parse", `${second}^`)).toBe(first);
    expect(git("show", `${first}:src/app.py`)).toContain('return f"HELLO, {name.upper()}!"');
    expect(git("show", `${second}:src/app.py`)).toBe(
      'def greet(name):\n    return f"HELLO, {name.upper()}!"\n\n\ndef farewell(name):\n    return f"Goodbye, {name}. Take care."',
    );
    expect(git("log", "-1", "--format=%an <%ae>%n%s%n%n%b", second)).toBe("Grace <grace@example.com>\nPolite farewell\n\nFixes #1");
    expect(git("fsck", "--no-progress")).toBe("");
    // Nothing else moved: the branch, the index and the work tree are as they were.
    expect(git("rev-parse", "HEAD")).toBe(head);
    expect(git("status", "--porcelain")).toBe("");

    expect(run.stdout).toContain(`Working on ${head.slice(0, 12)}: Polish the greeter\n`);
    expect(run.stdout).toContain(`  1. Shout the greeting\n     stacksmith/issue-1/1-shout-the-greeting -> ${first.slice(0, 12)} (on ${head.slice(0, 12)}): src/app.py\n     Done.\n`);
    expect(run.stdout).toContain("2 of 2 parts written; 400 input and 80 output tokens.\n");
    expect(run.stdout).toContain(`Review with: git log --stat ${head.slice(0, 12)}..stacksmith/issue-1/2-polite-farewell\n`);
  });

  it("keeps the parts that worked and says which failed", async () => {
    server = await startFakeChatServer([
      () => ({ body: completion({ content: "I will just do it." }, "stop") }),
      () => ({ body: completion({ tool_calls: [{ id: "p", name: "submit_plan", arguments: { subtasks: [{ title: "One", goal: "g", files: [], why: "" }, { title: "Two", goal: "g", files: [], why: "" }] } }] }, "tool_calls") }),
      () => ({ body: completion({ content: edit('    return f"Hello, {name}!"', '    return f"Hi, {name}!"') }, "stop") }),
      () => ({ body: completion({ content: edit("    no such line", "    x") }, "stop") }),
    ]);
    const issueFile = join(history.dir, "..", `${history.dir.split("/").pop() ?? "x"}-issue.md`);
    writeFileSync(issueFile, "Two things\n");
    const run = await runStacksmith(["fix", "--repo", history.dir, "--issue-file", issueFile, "--base-url", server.url, "--model", "m", "--max-edit-rounds", "1", "--locate", "prefilter"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("  2. Two\n     failed: the model's edits did not apply: the lines it meant to replace in `src/app.py` are not there\n");
    expect(run.stdout).toContain("1 of 2 parts written");
    expect(git("branch", "--list", "stacksmith/*")).toBe("  stacksmith/issue-1/1-one");
    server.assertDone();

    // A second run for the same number would meet its own branch: it stops before asking the model anything.
    const again = await runStacksmith(["fix", "--repo", history.dir, "--issue-file", issueFile, "--base-url", server.url, "--model", "m"]);
    expect(again).toMatchObject({
      code: 1,
      stderr: "stacksmith fix: branch stacksmith/issue-1/1-one is there from an earlier run for issue 1; delete the branches (git branch -D stacksmith/issue-1/1-one) or give another --number\n",
    });
    server.assertDone();
  });

  it("rejects bad arguments before doing anything", async () => {
    expect(await runStacksmith(["fix", "--repo", history.dir])).toMatchObject({ code: 2, stderr: "stacksmith fix: give the issue with --issue or --issue-file (one of them)\n" });
    expect(await runStacksmith(["fix", "--repo", history.dir, "--issue", "  "])).toMatchObject({ code: 2, stderr: "stacksmith fix: the issue is empty\n" });
    expect(await runStacksmith(["fix", "--repo", "http://127.0.0.1:1/x.git", "--issue", "x", "--base-url", "http://127.0.0.1:1/v1", "--model", "m"])).toMatchObject({ code: 2, stderr: expect.stringContaining("--clone-to") });
    expect(await runStacksmith(["fix", "--repo", history.dir, "--issue", "x", "--number", "0"])).toMatchObject({ code: 2, stderr: "stacksmith fix: --number must be an integer of at least 1, not '0'\n" });
    expect(await runStacksmith(["fix", "--repo", history.dir, "--issue", "x", "--locate", "grep"])).toMatchObject({ code: 2, stderr: "stacksmith fix: --locate must be model or prefilter, not 'grep'\n" });
    expect(await runStacksmith(["fix", "--repo", history.dir, "--issue-file", "/nonexistent/issue.md", "--base-url", "http://127.0.0.1:1/v1", "--model", "m"])).toMatchObject({ code: 2, stderr: "stacksmith fix: --issue-file /nonexistent/issue.md: cannot read it\n" });
    expect(git("branch", "--list", "stacksmith/*")).toBe("");
  });
});
