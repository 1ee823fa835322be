import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A repository that merges its pull requests with merge commits, built with native git and
 * fixed dates so its shas are the same on every run:
 *
 *  root         src/shout.py, tests/test_shout.py, README.md, requirements.txt
 *  typo         main: README.md typo fixed                                   -> a commit record
 *  pr7          "Merge pull request #7 from ada/loud": the branch added a     -> a merge record, number 7,
 *               `loud` flag (src + test), merged main into itself, and fixed     its tests apart
 *               a docstring; the merge message carries the pull request's
 *               title and body
 *  pr8          a dependabot branch, "Merge pull request #8 from              -> skipped: bot (the message)
 *               acme/dependabot/pip/requests-2.32.0"
 *  pr9          pre-commit-ci[bot]'s commits only, a message without a marker -> skipped: bot (its commits)
 *  pr10         "More tests (#10)": only tests/                               -> skipped: tests-only
 *  pr11         "Whisper too (#11)" (GitHub's "pull request title" message)   -> a merge record, number 11
 *  ours         `git merge -s ours` of a branch: nothing taken                -> skipped: empty
 */
export interface MergeHistory {
  dir: string;
  sha: Record<string, string>;
  cleanup: () => void;
}

export const SHOUT_V1 = 'def shout(text):\n    """Shout it."""\n    return text.upper()\n';
export const SHOUT_V2 = 'def shout(text, loud=False):\n    """Shout it, louder with loud."""\n    return text.upper() + ("!" if loud else "")\n';
export const SHOUT_V3 = `${SHOUT_V2}\n\ndef whisper(text):\n    return text.lower()\n`;
export const TEST_V1 = "from src.shout import shout\n\n\ndef test_shout():\n    assert shout('a') == 'A'\n";
export const TEST_V2 = `${TEST_V1}\n\ndef test_loud():\n    assert shout('a', loud=True) == 'A!'\n`;
export const TEST_V3 = `${TEST_V2}\n\ndef test_empty():\n    assert shout('') == ''\n`;
export const README_V1 = "# Shout\n\nShout text, teh loud way.\n";
export const README_V2 = "# Shout\n\nShout text, the loud way.\n";

const AUTHOR = ["Ada Lovelace", "ada@example.com"] as const;

export function buildMergeHistory(): MergeHistory {
  const dir = mkdtempSync(join(tmpdir(), "stacksmith-merges-"));
  const sha: Record<string, string> = {};
  let day = 0;
  const env = (who: readonly [string, string] = AUTHOR): NodeJS.ProcessEnv => {
    day++;
    // An hour apart, one for each git call: later commits always have later dates.
    const date = new Date(Date.UTC(2024, 2, 1, 12) + day * 3_600_000).toISOString().replace(".000Z", "Z");
    return {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_AUTHOR_NAME: who[0],
      GIT_AUTHOR_EMAIL: who[1],
      GIT_COMMITTER_NAME: who[0],
      GIT_COMMITTER_EMAIL: who[1],
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    };
  };
  const git = (args: string[], e: NodeJS.ProcessEnv = env()): string => execFileSync("git", args, { cwd: dir, env: e, encoding: "utf8" }).trim();
  const write = (files: Record<string, string>): void => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  const commit = (label: string, message: string, files: Record<string, string>, who?: readonly [string, string]): void => {
    write(files);
    git(["add", "-A"]);
    git(["commit", "-q", "-m", message], env(who));
    sha[label] = git(["rev-parse", "HEAD"]);
  };
  const merge = (label: string, branch: string, message: string, extra: string[] = []): void => {
    git(["checkout", "-q", "main"]);
    git(["merge", "-q", "--no-ff", ...extra, "-m", message, branch]);
    sha[label] = git(["rev-parse", "HEAD"]);
  };

  git(["init", "-q", "-b", "main"]);
  git(["config", "core.autocrlf", "false"]);
  commit("root", "Initial commit", { "src/shout.py": SHOUT_V1, "tests/test_shout.py": TEST_V1, "README.md": README_V1, "requirements.txt": "requests==2.31.0\n" });

  // Pull request 7 starts from the root; main moves on meanwhile and is merged into the branch.
  git(["checkout", "-q", "-b", "ada/loud"]);
  commit("loud", "Add a loud flag", { "src/shout.py": SHOUT_V2.replace("louder with loud", "louder"), "tests/test_shout.py": TEST_V2 });
  git(["checkout", "-q", "main"]);
  commit("typo", "Fix a typo in the README", { "README.md": README_V2 });
  git(["checkout", "-q", "ada/loud"]);
  git(["merge", "-q", "--no-ff", "-m", "Merge branch 'main' into ada/loud", "main"]);
  commit("docstring", "Say what loud does", { "src/shout.py": SHOUT_V2 });
  merge("pr7", "ada/loud", "Merge pull request #7 from ada/loud\n\nShout louder on request\n\nAdds a `loud` flag to shout().");

  git(["checkout", "-q", "-b", "dependabot/pip/requests-2.32.0"]);
  commit("bump", "Bump requests from 2.31.0 to 2.32.0", { "requirements.txt": "requests==2.32.0\n" }, ["dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"]);
  merge("pr8", "dependabot/pip/requests-2.32.0", "Merge pull request #8 from acme/dependabot/pip/requests-2.32.0\n\nRequests 2.32.0");

  git(["checkout", "-q", "-b", "pre-commit-ci-update-config"]);
  commit("hooks", "[pre-commit.ci] pre-commit autoupdate", { ".pre-commit-config.yaml": "repos: []\n" }, ["pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com"]);
  merge("pr9", "pre-commit-ci-update-config", "Merge pull request #9 from acme/pre-commit-ci-update-config\n\nHooks update");

  git(["checkout", "-q", "-b", "more-tests"]);
  commit("tests", "Test the empty string", { "tests/test_shout.py": TEST_V3 });
  merge("pr10", "more-tests", "More tests (#10)");

  git(["checkout", "-q", "-b", "whisper"]);
  commit("whisper", "Add whisper", { "src/shout.py": SHOUT_V3 });
  merge("pr11", "whisper", "Whisper too (#11)\n\nThe quiet counterpart.");

  git(["checkout", "-q", "-b", "abandoned"]);
  commit("abandoned", "An idea main does not take", { "src/other.py": "x = 1\n" });
  merge("ours", "abandoned", "Merge branch 'abandoned'", ["-s", "ours"]);
  return { dir, sha, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
