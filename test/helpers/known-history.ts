import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A repository built with native git, commit by commit, with fixed authors and dates so its
 * shas are the same on every run: the history `mine` is tested on.
 */
export interface KnownHistory {
  dir: string;
  /** Commit shas by label. */
  sha: Record<string, string>;
  cleanup: () => void;
}

interface Step {
  label: string;
  message: string;
  author?: string;
  email?: string;
  write?: Record<string, string | Buffer | null>;
  move?: [string, string];
}

export const APP_V1 = `def greet(name):\n    return "Hello " + name\n\n\ndef farewell(name):\n    return "Bye " + name\n`;
export const APP_V2 = `def greet(name):\n    return f"Hello, {name}!"\n\n\ndef farewell(name):\n    return "Bye " + name\n`;
export const APP_V3 = `def greet(name):\n    return f"Hello, {name}!"\n\n\ndef farewell(name):\n    return f"Goodbye, {name}."\n`;
export const UTIL = `def clamp(x, lo, hi):\n    return max(lo, min(x, hi))\n`;
export const README = "# Greeter\n\nA tiny greeting library: greet and farewell.\n";
export const LOCK_V1 = `{\n  "name": "greeter",\n  "lockfileVersion": 3\n}\n`;
export const LOCK_V2 = `{\n  "name": "greeter",\n  "lockfileVersion": 3,\n  "packages": {}\n}\n`;
export const REQS_V1 = "requests==2.31.0\n";
export const REQS_V2 = "requests==2.32.0\n";
export const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

function gitEnv(n: number, author = "Ada Lovelace", email = "ada@example.com"): NodeJS.ProcessEnv {
  const date = `2024-01-${String(n + 1).padStart(2, "0")}T12:00:00Z`;
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: author,
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: author,
    GIT_COMMITTER_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
}

function git(dir: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync("git", args, { cwd: dir, env, encoding: "utf8" }).trim();
}

/**
 * main, first parent first:
 *  root        README.md, src/app.py, src/util.py, package-lock.json, requirements.txt
 *  greet       src/app.py: greeting with a comma                        -> a record
 *  bot         requirements.txt by dependabot[bot]                       -> skipped: bot
 *  lock        package-lock.json only                                    -> skipped: lockfile
 *  rename      src/util.py -> src/helpers.py, unchanged                  -> a record with a rename
 *  binary      assets/logo.png added and src/app.py changed              -> a record; the PNG excluded
 *  merge       a --no-ff merge of a branch changing README.md            -> skipped: merge
 */
export function buildKnownHistory(): KnownHistory {
  const dir = mkdtempSync(join(tmpdir(), "stacksmith-mine-"));
  const sha: Record<string, string> = {};
  let n = 0;
  const env = () => gitEnv(n);
  git(dir, ["init", "-q", "-b", "main"], env());
  git(dir, ["config", "core.autocrlf", "false"], env());
  const commit = (step: Step): void => {
    n++;
    for (const [path, content] of Object.entries(step.write ?? {})) {
      const full = join(dir, path);
      if (content === null) rmSync(full);
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    if (step.move !== undefined) git(dir, ["mv", ...step.move], env());
    git(dir, ["add", "-A"], env());
    git(dir, ["commit", "-q", "-m", step.message], gitEnv(n, step.author, step.email));
    sha[step.label] = git(dir, ["rev-parse", "HEAD"], env());
  };
  commit({
    label: "root",
    message: "Initial commit",
    write: { "README.md": README, "src/app.py": APP_V1, "src/util.py": UTIL, "package-lock.json": LOCK_V1, "requirements.txt": REQS_V1 },
  });
  commit({ label: "greet", message: "Greet with a comma and an exclamation mark\n\nThe greeting reads better as \"Hello, name!\".", write: { "src/app.py": APP_V2 } });
  commit({ label: "bot", message: "Bump requests from 2.31.0 to 2.32.0", author: "dependabot[bot]", email: "49699333+dependabot[bot]@users.noreply.github.com", write: { "requirements.txt": REQS_V2 } });
  commit({ label: "lock", message: "Refresh the lockfile", write: { "package-lock.json": LOCK_V2 } });
  commit({ label: "rename", message: "Move clamp into helpers", move: ["src/util.py", "src/helpers.py"] });
  commit({ label: "binary", message: "Add a logo and a warmer farewell", write: { "assets/logo.png": LOGO, "src/app.py": APP_V3 } });
  n++;
  git(dir, ["checkout", "-q", "-b", "docs"], env());
  writeFileSync(join(dir, "README.md"), `${README}\nUse greet(name) to say hello.\n`);
  git(dir, ["commit", "-q", "-am", "Document greet"], env());
  sha.docs = git(dir, ["rev-parse", "HEAD"], env());
  git(dir, ["checkout", "-q", "main"], env());
  n++;
  git(dir, ["merge", "-q", "--no-ff", "-m", "Merge branch 'docs'", "docs"], env());
  sha.merge = git(dir, ["rev-parse", "HEAD"], env());
  return { dir, sha, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
