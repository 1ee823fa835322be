import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatDuration, ProgressLine, renderProgress } from "../../../src/cli/progress-bar.js";

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

  it("gives the time left at the pace so far, and the time taken at the end", () => {
    expect(renderProgress(5, 20, "commits", 8, 10_000)).toBe("[##------] 5/20 commits, ETA 30s");
    expect(renderProgress(1, 100, "records", 4, 65_000)).toBe("[----] 1/100 records, ETA 1h47m");
    expect(renderProgress(3, 4, "records", 4, 150_000)).toBe("[###-] 3/4 records, ETA 50s");
    expect(renderProgress(20, 20, "commits", 4, 125_000)).toBe("[####] 20/20 commits, took 2m05s");
    // Nothing done yet, or no total: no estimate to give.
    expect(renderProgress(0, 20, "commits", 4, 5_000)).toBe("[----] 0/20 commits");
    expect(renderProgress(7, null, "commits", 4, 5_000)).toBe("7 commits");
  });

  it("writes durations as a person reads them", () => {
    expect([0, 999, 45_000, 60_000, 185_000, 3_599_000, 3_600_000, 7_620_000].map(formatDuration)).toEqual(["0s", "1s", "45s", "1m00s", "3m05s", "59m59s", "1h00m", "2h07m"]);
  });

  it("writes a line per tenth of the total when stderr is not a terminal", () => {
    const { out, text } = sink(false);
    let now = 0;
    const line = new ProgressLine(out, 20, () => now);
    for (let i = 1; i <= 20; i++) {
      now += 1000;
      line.update(i, "x");
    }
    line.done();
    const lines = text().split("\n").filter((l) => l !== "").map((l) => l.split("] ")[1]);
    expect(lines).toEqual(["1/20 x, ETA 19s", "2/20 x, ETA 18s", "4/20 x, ETA 16s", "6/20 x, ETA 14s", "8/20 x, ETA 12s", "10/20 x, ETA 10s", "12/20 x, ETA 8s", "14/20 x, ETA 6s", "16/20 x, ETA 4s", "18/20 x, ETA 2s", "20/20 x, took 20s"]);
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
    expect(text()).toBe("\r\x1b[2K[########----------------] 1/3 x, ETA 2s\r\x1b[2K[########################] 3/3 x, took 1s\n");
  });
});
