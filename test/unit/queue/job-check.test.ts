import { describe, expect, it } from "vitest";
import { Job, type Trigger } from "../../../src/queue/job.js";
import { checkJob } from "../../../src/queue/job-check.js";

const actor = { login: "Codertocat", isBot: false };

/** One job of every trigger kind, every field set, as github/triggers.ts builds them. */
const TRIGGERS: Trigger[] = [
  { kind: "issue-label", issue: 7, label: "agent", actor },
  { kind: "issue-command", issue: 7, commentId: 5, command: "fix", instructions: "use the cache", actor },
  { kind: "pr-command", issue: 7, pr: 12, commentId: 5, command: "restack", instructions: "", actor },
  { kind: "pr-review", issue: 7, pr: 12, reviewId: 3, actor },
  { kind: "ci-failure", issue: 7, branch: "stacksmith/issue-7/1-a", headSha: "a".repeat(40), actor },
  { kind: "base-moved", issue: 7, headSha: "b".repeat(40), actor },
  { kind: "pr-closed", issue: 7, pr: 12, merged: true, stack: 42, actor },
  { kind: "pr-closed", issue: 7, pr: 12, merged: false, stack: null, actor },
];

function job(trigger: Trigger): Job {
  return {
    id: "delivery-1",
    installationId: 42,
    repo: { owner: "acme", name: "widgets", cloneUrl: "https://github.com/acme/widgets.git", defaultBranch: "main", private: false, archived: false, sizeKb: 120 },
    trigger,
  };
}

/** Values a webhook's JSON could put in any field, each wrong for some field and right for others. */
const ODD: unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 1.5, 2 ** 53, 2 ** 53 - 1, Number.MAX_VALUE, Infinity, -Infinity, Number.NaN,
  "", " ", "a", "fix", "go", "FIX", "main", " main", "main/", "a..b", "feature/x.lock", "-a", "a-", "a--b", "a".repeat(39), "a".repeat(40), "..", ".",
  "https://github.com/acme/widgets.git", " https://github.com/acme/widgets.git", "https://github.com/acme/wid\tgets.git", "https://exa\nmple.com/x",
  "https://github.com/acme/widgets.git\u00a0", "not a url", "http:example.com", "file:///etc/passwd", "ftp://x", "https://[::1]/x",
  "stacksmith/issue-7/1-a", "ünïcode", "acme_widgets", [], {}, { login: "x", isBot: false }, { login: "", isBot: false }, { login: "x", isBot: "no" },
];

type Path = Array<string>;

function leaves(value: unknown, path: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [path];
  return Object.entries(value).flatMap(([key, child]) => [[...path, key], ...(typeof child === "object" && child !== null ? leaves(child, [...path, key]) : [])]);
}

function withValue(value: Job, path: Path, replacement: unknown): Job {
  const copy = structuredClone(value) as unknown as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (replacement === undefined) delete at[last];
  else at[last] = replacement;
  return copy as unknown as Job;
}

function schemaSays(candidate: Job): Job | null {
  const parsed = Job.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

describe("checkJob", () => {
  it("takes the usual job of every kind as it is, without the schema's copy", () => {
    for (const trigger of TRIGGERS) {
      const candidate = job(trigger);
      expect(checkJob(candidate)).toBe(candidate);
      expect(schemaSays(candidate)).toStrictEqual(candidate);
    }
  });

  it("accepts and refuses exactly what Job.safeParse does, and returns what it returns, whatever one field holds", () => {
    let compared = 0;
    let refused = 0;
    for (const trigger of TRIGGERS) {
      const base = job(trigger);
      for (const path of leaves(base)) {
        for (const value of ODD) {
          const candidate = withValue(base, path, value);
          const expected = schemaSays(candidate);
          const actual = checkJob(structuredClone(candidate));
          expect(actual, `${path.join(".")} = ${String(value)}`).toStrictEqual(expected);
          // Key order too: a job is stored and sent as JSON.
          expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
          compared += 1;
          if (expected === null) refused += 1;
        }
      }
    }
    // Both sides of the line are exercised, not only one.
    expect(refused).toBeGreaterThan(compared / 2);
    expect(compared - refused).toBeGreaterThan(100);
  });

  it("leaves to the schema what it would trim or fill in: the same job comes out", () => {
    const padded = withValue(job(TRIGGERS[0] as Trigger), ["repo", "cloneUrl"], " https://github.com/acme/wid\tgets.git ");
    expect(checkJob(padded)?.repo.cloneUrl).toBe("https://github.com/acme/widgets.git");
    const noCommand = withValue(job(TRIGGERS[1] as Trigger), ["trigger", "command"], undefined);
    expect(checkJob(noCommand)?.trigger).toMatchObject({ kind: "issue-command", command: "fix" });
    const noStack = withValue(job(TRIGGERS[6] as Trigger), ["trigger", "stack"], undefined);
    expect(checkJob(noStack)?.trigger).toMatchObject({ kind: "pr-closed", stack: null });
  });
});
