import { describe, expect, it } from "vitest";
import {
  calculateReward,
  calculateSearchReplaceReward,
  computeChangeSimilarities,
  getNormalizedPatch,
} from "../../../../src/dataset/reward/reward.js";
import { applyCodeChange } from "../../../../src/dataset/reward/swe-rl-apply.js";
import { extractThoughtSolution, parseSearchReplace } from "../../../../src/dataset/reward/swe-rl-parse.js";

const CONTEXT = { "a.py": "x = 1\ny = 2\n" };
const ORACLE = { "a.py": "x = 3\ny = 2\n" };

function block(path: string, search: string, replace: string, fence = "```python"): string {
  return `${fence}\n### ${path}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\``;
}

function wrap(answer: string, thought = "I will edit the code."): string {
  return `<think>\n${thought}\n</think>\n<solution>\n${answer}\n</solution>`;
}

const GOOD = block("a.py", "x = 1", "x = 3");

describe("calculateSearchReplaceReward format errors", () => {
  it.each([
    ["no <think>", `<solution>\n${GOOD}\n</solution>`, "count of <think> is not 1"],
    ["two <think>", `<think>a</think><think>${wrap(GOOD)}`, "count of <think> is not 1"],
    ["two </think>", `${wrap(GOOD)}</think>`, "count of </think> is not 1"],
    ["no <solution>", `<think>\nx\n</think>\n${GOOD}\n</solution>`, "count of <solution> is not 1"],
    ["unclosed <solution>", `<think>\nx\n</think>\n<solution>\n${GOOD}`, "count of </solution> is not 1"],
    ["empty thought", wrap(GOOD, " \n\t "), "Thought is empty"],
    ["thought of Python-only spaces", wrap(GOOD, "\x1c\x85\x1f"), "Thought is empty"],
    ["empty answer", wrap("   "), "No valid search blocks found"],
    ["block without a fence", wrap(GOOD.replace("```python\n", "")), "No valid search blocks found"],
    ["CRLF output", wrap(GOOD).replaceAll("\n", "\r\n"), "No valid search blocks found"],
    ["missing REPLACE marker", wrap(GOOD.replace(">>>>>>> REPLACE\n", "")), "No valid search blocks found"],
    [
      "deletion with no blank line before the REPLACE marker",
      wrap("```\n### a.py\n<<<<<<< SEARCH\ny = 2\n=======\n>>>>>>> REPLACE\n```"),
      "No valid search blocks found",
    ],
    ["identical blocks", wrap(block("a.py", "x = 1", "x = 1")), "Search and replace blocks are identical"],
    ["search not found", wrap(block("a.py", "z = 1", "z = 2")), "Search block not found in the code: \nz = 1"],
    ["indentation must match", wrap(block("a.py", " x = 1", "x = 2")), "Search block not found in the code: \n x = 1"],
  ])("%s gives -1 and upstream's message", (_name, output, error) => {
    expect(calculateSearchReplaceReward(CONTEXT, ORACLE, output)).toEqual({ reward: -1, error });
  });

  it("keeps a \\uFEFF-only thought, which Python's strip does not remove", () => {
    const result = calculateSearchReplaceReward(CONTEXT, ORACLE, wrap(GOOD, "\ufeff"));
    expect(result).toMatchObject({ reward: 1, error: null, thought: "\ufeff" });
  });

  it("does not check tag order: </think> first makes the thought run to the end", () => {
    const output = `</think>\nx\n<think>\nthinking\n<solution>\n${GOOD}\n</solution>`;
    const result = calculateSearchReplaceReward(CONTEXT, ORACLE, output);
    expect(result.reward).toBe(1);
    expect(result.thought).toBe(`thinking\n<solution>\n${GOOD}\n</solution>`);
  });
});

describe("SWE-RL's regex semantics", () => {
  it.each([
    ["\\r", "```py\rthon"],
    ["\\u2028", "```py\u2028thon"],
    ["\\u2029", "```\u2029"],
  ])("accepts %s in the fence info line, as Python's `.` does", (_name, fence) => {
    const result = calculateSearchReplaceReward(CONTEXT, ORACLE, wrap(block("a.py", "x = 1", "x = 3", fence)));
    expect(result).toMatchObject({ reward: 1, error: null });
  });

  it("keeps the path verbatim, so a trailing \\r or space names another file", () => {
    expect([...parseSearchReplace(block("a.py\r", "", "x")).keys()]).toEqual(["a.py\r"]);
    expect([...parseSearchReplace(block("a.py ", "", "x")).keys()]).toEqual(["a.py "]);
    const result = calculateSearchReplaceReward(CONTEXT, ORACLE, wrap(block("a.py\r", "", "x = 3")));
    expect(result.reward).toBe(0);
    expect(result.similarities?.map((s) => [s.path, s.similarity])).toEqual([
      ["a.py", 0],
      ["a.py\r", 0],
    ]);
  });

  it("groups blocks by path in order of appearance and ignores text outside them", () => {
    const text = `intro\n${block("b.py", "1", "2")}\nmiddle\n${block("a.py", "3", "4", "````")}\n${block("b.py", "5", "6")}`;
    expect([...parseSearchReplace(text)]).toEqual([
      [
        "b.py",
        [
          { search: "1", replace: "2" },
          { search: "5", replace: "6" },
        ],
      ],
      ["a.py", [{ search: "3", replace: "4" }]],
    ]);
  });

  it("needs a blank line for an empty SEARCH", () => {
    expect(parseSearchReplace("```\n### n.py\n<<<<<<< SEARCH\n=======\nx\n>>>>>>> REPLACE\n```").size).toBe(0);
    expect(parseSearchReplace(block("n.py", "", "x")).get("n.py")).toEqual([{ search: "", replace: "x" }]);
  });

  it("extracts stripped thought and answer", () => {
    expect(extractThoughtSolution("<think> a </think><solution>\n b \n</solution>")).toEqual({
      ok: true,
      value: { thought: "a", answer: "b" },
    });
  });
});

describe("applying blocks", () => {
  it("keeps $&, $1, $$, $` and $' literal in REPLACE", () => {
    const replace = "x = '$&' + \"$1$$\" + '$`' + \"$'\"";
    const applied = applyCodeChange(CONTEXT, new Map([["a.py", [{ search: "x = 1", replace }]]]));
    expect(applied).toEqual({ ok: true, value: new Map([["a.py", `${replace}\ny = 2\n`]]) });
    const oracle = { "a.py": `${replace}\ny = 2\n` };
    expect(calculateSearchReplaceReward(CONTEXT, oracle, wrap(block("a.py", "x = 1", replace))).reward).toBe(1);
  });

  it("replaces every occurrence anchored at a line start, but not at a line end", () => {
    const context = { "d.py": "x = f\nx = f()\ny = x = f\n" };
    const applied = applyCodeChange(context, new Map([["d.py", [{ search: "x = f", replace: "x = g" }]]]));
    expect(applied).toEqual({ ok: true, value: new Map([["d.py", "x = g\nx = g()\ny = x = f\n"]]) });
  });

  it("applies blocks in order, each seeing the previous result", () => {
    const edits = new Map([
      [
        "a.py",
        [
          { search: "y = 2", replace: "y = 3" },
          { search: "y = 3", replace: "y = 4" },
        ],
      ],
    ]);
    expect(applyCodeChange(CONTEXT, edits)).toEqual({ ok: true, value: new Map([["a.py", "x = 1\ny = 4\n"]]) });
  });

  it("inserts an empty SEARCH's REPLACE before every line of an existing file", () => {
    const edits = new Map([["a.py", [{ search: "", replace: "# " }]]]);
    expect(applyCodeChange(CONTEXT, edits)).toEqual({ ok: true, value: new Map([["a.py", "# x = 1\n# y = 2\n# "]]) });
  });

  it("treats paths that are Object.prototype names as ordinary paths", () => {
    const context = JSON.parse('{"__proto__": "x = 1\\n", "toString": "t = 0\\n"}') as Record<string, string>;
    const oracle = JSON.parse('{"__proto__": "x = 2\\n", "constructor": "c = 1"}') as Record<string, string>;
    const output = wrap(`${block("__proto__", "x = 1", "x = 2")}\n${block("constructor", "", "c = 1")}`);
    const result = calculateSearchReplaceReward(context, oracle, output);
    expect(result).toMatchObject({ reward: 1, error: null });
    expect(result.similarities?.map((s) => s.path)).toEqual(["__proto__", "constructor"]);
  });
});

describe("scoring", () => {
  it("gives 1.0 for an empty union (nothing changed on either side)", () => {
    expect(calculateReward(CONTEXT, {}, {})).toEqual({ reward: 1, similarities: [] });
    expect(calculateReward(CONTEXT, { "a.py": "x = 1\ny = 2" }, { "a.py": "x = 1\r\ny = 2\r\n" }).reward).toBe(1);
  });

  it("scores a created file against the oracle's, and a file only one side touches as 0", () => {
    const both = wrap(`${block("n.py", "", "new")}\n${GOOD}`);
    expect(calculateSearchReplaceReward(CONTEXT, { ...ORACLE, "n.py": "new\n" }, both).reward).toBe(1);
    const result = calculateSearchReplaceReward(CONTEXT, ORACLE, both);
    expect(result.reward).toBe(0.5);
    expect(result.similarities?.map((s) => [s.path, s.similarity])).toEqual([
      ["a.py", 1],
      ["n.py", 0],
    ]);
  });

  it("compares per-file patches character by character, prediction first (ratio is not symmetric)", () => {
    const sims = computeChangeSimilarities(new Map([["f", "bbca"]]), new Map([["f", "acabba"]]));
    expect(sims).toEqual([{ path: "f", predChange: "bbca", oracleChange: "acabba", similarity: 0.6 }]);
    expect(computeChangeSimilarities(new Map([["f", "acabba"]]), new Map([["f", "bbca"]]))[0]?.similarity).toBe(0.4);
  });

  it("normalises each side to headerless unified diffs and skips unchanged files", () => {
    const patches = getNormalizedPatch(CONTEXT, new Map([["a.py", "x = 3\ny = 2\n"], ["b.py", ""]]));
    expect([...patches]).toEqual([["a.py", "@@ -1,2 +1,2 @@\n-x = 1\n+x = 3\n y = 2"]]);
  });
});
