import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ProgressLine, renderProgress } from "../../../src/cli/progress-bar.js";

function sink(isTTY: boolean): { out: Writable & { isTTY?: boolean }; text: () => string } {
  let text = "";
  const out = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString("utf8");
      done();
    },
  }) as Writable & { isTTY?: boolean };
  out.isTTY = isTTY;
  return { out, text: () => text };
}

describe("progress on stderr", () => {
  it("renders a bar when the total is known, a count otherwise", () => {
    expect(renderProgress(5, 20, "commits", 8)).toBe("[##------] 5/20 commits");
    expect(renderProgress(30, 20, "commits", 4)).toBe("[####] 30/20 commits");
    expect(renderProgress(7, null, "commits")).toBe("7 commits");
  });

  it("writes a line per tenth of the total when stderr is not a terminal", () => {
    const { out, text } = sink(false);
    const line = new ProgressLine(out, 20);
    for (let i = 1; i <= 20; i++) line.update(i, "x");
    line.done();
    expect(text().split("\n").filter((l) => l !== "").map((l) => l.split("] ")[1])).toEqual(["1/20 x", "2/20 x", "4/20 x", "6/20 x", "8/20 x", "10/20 x", "12/20 x", "14/20 x", "16/20 x", "18/20 x", "20/20 x"]);
  });

  it("redraws one line in place on a terminal, at most every 100 ms, always at the end", () => {
    const { out, text } = sink(true);
    let now = 0;
    const line = new ProgressLine(out, 3, () => now);
    now = 1000;
    line.update(1, "x");
    now = 1050;
    line.update(2, "x");
    now = 1060;
    line.update(3, "x");
    line.done();
    expect(text()).toBe("\r\x1b[2K[########----------------] 1/3 x\r\x1b[2K[########################] 3/3 x\n");
  });
});
