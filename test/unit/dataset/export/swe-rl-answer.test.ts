import { describe, expect, it } from "vitest";
import { fileEdits } from "../../../../src/edit/edits-for-change.js";
import { patchOf } from "../../../../src/dataset/mine/change-patch.js";
import { replayOracle } from "../../../../src/dataset/eval/oracle-replay.js";
import { calculateSearchReplaceReward } from "../../../../src/dataset/reward/reward.js";
import { applyCodeChange } from "../../../../src/dataset/reward/swe-rl-apply.js";
import { parseSearchReplace } from "../../../../src/dataset/reward/swe-rl-parse.js";
import { sweRlAnswer, sweRlBlock, sweRlBlocks } from "../../../../src/dataset/export/swe-rl-answer.js";

/** SWE-RL's own apply of the answer written for `before` → `after`, byte for byte. */
function sweRlResult(path: string, before: string | null, after: string | null): string | undefined {
  const blocks = sweRlBlocks(fileEdits(path, before, after));
  if (!blocks.ok) throw new Error(blocks.reason);
  const answer = sweRlAnswer("t", blocks.blocks);
  const solution = answer.split("<solution>")[1]?.split("</solution>")[0] ?? "";
  const applied = applyCodeChange(before === null ? {} : { [path]: before }, parseSearchReplace(solution));
  if (!applied.ok) throw new Error(applied.error);
  return applied.value.get(path);
}

const CASES: [string, string | null, string | null][] = [
  ["one line changed", "a\nb\nc\n", "a\nB\nc\n"],
  ["a repeated line: context makes it unique", "x = 1\ny = 2\nx = 1\nz = 3\n", "x = 1\ny = 2\nx = 10\nz = 3\n"],
  ["a line that is a prefix of another", "x = f\nx = f()\n", "x = g\nx = f()\n"],
  ["last line without a newline", "a\nb", "a\nc"],
  ["the final newline removed", "a\nb\n", "a\nb"],
  ["the final newline added", "a\nb", "a\nb\n"],
  ["lines replaced by a blank line", "a\nb\nc\n", "a\n\nc\n"],
  ["lines deleted", "keep\ndrop 1\ndrop 2\nkeep too\n", "keep\nkeep too\n"],
  ["a new file", null, "print('hi')\n"],
  ["a deleted file", "gone\n", null],
  ["a file emptied", "all\nof it\n", ""],
  ["CRLF lines", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"],
  ["dollar signs in the replacement", "p = 1\n", "p = '$&$1$$'\n"],
];

describe("SWE-RL answers for edits", () => {
  it.each(CASES)("SWE-RL's apply gives exactly the new text: %s", (_name, before, after) => {
    expect(sweRlResult("f.py", before, after)).toBe(after ?? "");
  });

  it("writes whole-line edits as the usual block, without the final newline", () => {
    expect(sweRlBlock({ path: "a.py", search: "x = 1\n", replace: "x = 2\n" })).toEqual({ ok: true, block: "```\n### a.py\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n```" });
  });

  it("refuses what SWE-RL's pattern would cut short, and paths with line breaks", () => {
    expect(sweRlBlock({ path: "a.rst", search: "Title\n=======\n", replace: "Heading\n=======\n" })).toEqual({ ok: false, reason: "a line `=======` inside SEARCH" });
    expect(sweRlBlock({ path: "a.md", search: "x\n", replace: "y\n>>>>>>> REPLACE\n```\n" })).toEqual({ ok: false, reason: "a line `>>>>>>> REPLACE` before a fence inside REPLACE" });
    expect(sweRlBlock({ path: "a\nb", search: "x\n", replace: "y\n" })).toMatchObject({ ok: false });
    // `=======` in REPLACE is fine.
    expect(sweRlBlock({ path: "a.rst", search: "Title\n", replace: "Title\n=======\n" })).toMatchObject({ ok: true });
  });
});

describe("replayOracle", () => {
  it.each(CASES)("scores 1.0 and reproduces the new text: %s", (_name, before, after) => {
    const files = [{ path: "f.py", old_content: before, new_content: after }];
    const replay = replayOracle({ changed_files: files, patch: patchOf(files).patch });
    expect(replay).toMatchObject({ reward: 1, exact: true, error: null });
    expect(replay.applied).toBe(replay.edits);
    expect(calculateSearchReplaceReward(before === null ? {} : { "f.py": before }, { "f.py": after ?? "" }, replay.answer ?? "").reward).toBe(1);
  });

  it("reports a patch that does not match the recorded contents", () => {
    const files = [{ path: "f.py", old_content: "a\n", new_content: "b\n" }];
    const wrong = patchOf([{ path: "f.py", old_content: "z\n", new_content: "b\n" }]).patch;
    expect(replayOracle({ changed_files: files, patch: wrong })).toMatchObject({ reward: -1, exact: false, error: expect.stringContaining("the patch does not convert to edits (f.py)") });
  });

  it("reports new contents the patch does not give", () => {
    const files = [{ path: "f.py", old_content: "a\n", new_content: "c\n" }];
    const other = patchOf([{ path: "f.py", old_content: "a\n", new_content: "b\n" }]).patch;
    const replay = replayOracle({ changed_files: files, patch: other });
    expect(replay.exact).toBe(false);
    expect(replay.reward).toBeLessThan(1);
    expect(replay.error).toContain("f.py differs from the recorded new content");
  });
});
