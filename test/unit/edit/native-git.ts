import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

/** Runs native git; returns stdout exactly (no trimming), throws with stderr on failure. */
export function runGit(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, { cwd, env: ENV, input, encoding: "utf8", maxBuffer: 1 << 28, stdio: ["pipe", "pipe", "pipe"] });
}

/** A temporary git work tree holding `files`, committed once. */
export function tempRepo(files: ReadonlyMap<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "stacksmith-edit-"));
  runGit(dir, ["init", "-q"]);
  runGit(dir, ["config", "core.autocrlf", "false"]);
  writeFiles(dir, files);
  runGit(dir, ["add", "-A"]);
  runGit(dir, ["commit", "-q", "--allow-empty", "-m", "base"]);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes each file (creating folders); null deletes it. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string | null>): void {
  for (const [path, content] of files) {
    const full = join(dir, path);
    if (content === null) {
      rmSync(full, { force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** A file's content in the work tree, or null when it does not exist. */
export function readTreeFile(dir: string, path: string): string | null {
  try {
    return readFileSync(join(dir, path), "utf8");
  } catch {
    return null;
  }
}
