import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";

interface Run {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function run(args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: options.cwd, env: options.env, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }));
    if (child.stdin !== null) {
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** The caller's environment without GIT_* variables, so git finds no repository around the temp dir. */
function cleanEnv(env: NodeJS.ProcessEnv, ceiling: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (!key.startsWith("GIT_")) out[key] = value;
  return { ...out, GIT_CEILING_DIRECTORIES: ceiling, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
}

async function walk(root: string, dir = root, found = new Map<string, Buffer>()): Promise<Map<string, Buffer>> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, found);
    else found.set(relative(root, full).split("\\").join("/"), await readFile(full));
  }
  return found;
}

export type NativeApply = { ok: true; files: Map<string, Buffer>; ms: number } | { ok: false; error: string };

/**
 * Applies a patch with native `git apply` in a scratch directory holding `paths` as they are
 * at `commit` (read with `git cat-file` from the repository at `repoDir`, bare or not), and returns every file there afterwards. Nothing is
 * written to the repository. `ms` times the `git apply` process alone.
 */
export async function nativeGitApply(repoDir: string, commit: string, patch: string, paths: readonly string[], env: NodeJS.ProcessEnv): Promise<NativeApply> {
  const scratch = await mkdtemp(join(tmpdir(), "stacksmith-replay-"));
  const tree = join(scratch, "tree");
  const gitEnv = cleanEnv(env, scratch);
  try {
    await mkdir(tree);
    for (const path of paths) {
      const blob = await run(["-C", repoDir, "cat-file", "blob", `${commit}:${path}`], { env: gitEnv });
      if (blob.code !== 0) continue;
      await mkdir(dirname(join(tree, path)), { recursive: true });
      await writeFile(join(tree, path), blob.stdout);
    }
    const start = performance.now();
    const applied = await run(["apply", "--whitespace=nowarn"], { cwd: tree, env: gitEnv, input: patch });
    const ms = performance.now() - start;
    if (applied.code !== 0) return { ok: false, error: `git apply failed: ${applied.stderr.trim()}` };
    return { ok: true, files: await walk(tree), ms };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
