import { describe, expect, it } from "vitest";
import { fromOutcome } from "../../../../src/dataset/outcomes/outcome-example.js";
import type { OutcomeLine } from "../../../../src/dataset/outcomes/outcome-line.js";
import { parseRecordLine } from "../../../../src/dataset/outcomes/record-line.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);

function line(outcome: OutcomeLine["outcome"], files: OutcomeLine["files"], extra: Partial<OutcomeLine> = {}): OutcomeLine {
  return {
    schema: "stacksmith.outcome/1",
    repo: "acme/shop",
    issue: 4,
    pr: 12,
    pr_url: "https://ghe.example.com/acme/shop/pull/12",
    part: 1,
    parts: 2,
    title: "Fix totals",
    task: "Totals are wrong\n\nThey ignore tax.",
    branch: "stacksmith/issue-4/1-fix-totals",
    outcome,
    model: "m",
    base_sha: A,
    bot_head_sha: B,
    final_head_sha: C,
    bot_patch: "",
    final_patch: "",
    closed_at: "2026-01-01T00:00:00.000Z",
    note: null,
    files,
    excluded_files: [],
    ...extra,
  };
}

describe("an outcome line for training", () => {
  const base = "total = price\n";
  const bot = "total = price * 1.2\n";
  const final = "total = price * (1 + tax)\n";

  it("a merged pull request: the oracle is the change as merged, its tests kept apart", () => {
    const got = fromOutcome(line("merged-with-human-commits", [
      { path: "shop/total.py", base, bot, final },
      { path: "tests/test_total.py", base: null, bot: null, final: "def test_tax(): ...\n" },
      { path: "shop/other.py", base: "x = 1\n", bot: "x = 2\n", final: "x = 1\n" },
    ]));
    if (got.kind !== "example") throw new Error(got.kind);
    expect(got.record).toMatchObject({
      id: "acme__shop#12",
      repo: "https://ghe.example.com/acme/shop",
      base_sha: A,
      head_sha: C,
      source: { kind: "outcome", outcome: "merged-with-human-commits", number: 12, issue: 4, part: 1, parts: 2 },
      task: "Totals are wrong\n\nThey ignore tax.",
      changed_files: [{ path: "shop/total.py", old_content: base, new_content: final }],
      test_files: [{ path: "tests/test_total.py", old_content: null, new_content: "def test_tax(): ...\n" }],
    });
  });

  it("a closed one: a negative, the bot's change as the rejected answer, and who else worked on it", () => {
    const got = fromOutcome(line("closed", [{ path: "shop/total.py", base, bot, final }]));
    if (got.kind !== "negative") throw new Error(got.kind);
    expect(got.negative).toMatchObject({ id: "acme__shop#12", bot_head_sha: B, reason: "closed without merging, after commits by someone else" });
    expect(got.negative.rejected.changed_files).toEqual([{ path: "shop/total.py", old_content: base, new_content: bot }]);
    const alone = fromOutcome(line("closed", [{ path: "shop/total.py", base, bot, final: bot }], { final_head_sha: B }));
    expect(alone).toMatchObject({ kind: "negative", negative: { reason: "closed without merging" } });
  });

  it("unusable, with the reason: no texts, no change, tests only, or a SEARCH SWE-RL cannot write", () => {
    expect(fromOutcome(line("merged-as-is", null, { note: "the branch x is gone" }))).toEqual({ kind: "unusable", id: "acme__shop#12", reason: "the line has no file texts (the branch x is gone)" });
    expect(fromOutcome(line("merged-as-is", [{ path: "a.py", base, bot, final: base }]))).toMatchObject({ kind: "unusable", reason: "the change leaves every file as it was" });
    expect(fromOutcome(line("merged-as-is", [{ path: "tests/test_a.py", base, bot, final }]))).toMatchObject({ kind: "unusable", reason: "the change touches only tests" });
    const rst = "Intro\n=======\n\nText\n";
    expect(fromOutcome(line("merged-as-is", [{ path: "doc.rst", base: rst, bot: rst, final: "Introduction\n============\n\nText\n" }]))).toMatchObject({ kind: "unusable", reason: expect.stringMatching(/^SWE-RL's answer format cannot write the change: doc\.rst/) });
  });

  it("is told apart from a mined record by its schema, and a line of neither is an error", () => {
    expect(parseRecordLine(JSON.stringify(line("closed", [{ path: "shop/total.py", base, bot, final }])))).toMatchObject({ ok: true, item: { kind: "negative" } });
    expect(parseRecordLine(JSON.stringify({ schema: "other" }))).toEqual({ ok: false, error: 'not a mined record or an outcome line: schema: expected "stacksmith.mined/1" or "stacksmith.outcome/1"' });
    expect(parseRecordLine(JSON.stringify({ ...line("closed", null), base_sha: "nope" }))).toMatchObject({ ok: false, error: expect.stringMatching(/^not an outcome line: base_sha: /) });
  });
});
