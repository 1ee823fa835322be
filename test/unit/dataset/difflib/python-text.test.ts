import { describe, expect, it } from "vitest";
import { pythonSplitlines, pythonStrip } from "../../../../src/dataset/difflib/python-text.js";

describe("pythonSplitlines", () => {
  it("splits on every separator str.splitlines() knows, \\r\\n as one", () => {
    const text = "a\vb\fc\x1cd\x1de\x1ef\x1fg\x85h\u2028i\u2029j\rk\r\nl\nm";
    expect(pythonSplitlines(text)).toEqual(["a", "b", "c", "d", "e", "f\x1fg", "h", "i", "j", "k", "l", "m"]);
  });

  it("drops a final line break but keeps blank lines, and gives [] for an empty text", () => {
    expect(pythonSplitlines("")).toEqual([]);
    expect(pythonSplitlines("\n")).toEqual([""]);
    expect(pythonSplitlines("a\n\nb\n")).toEqual(["a", "", "b"]);
    expect(pythonSplitlines("a\r\r\nb")).toEqual(["a", "", "b"]);
  });
});

describe("pythonStrip", () => {
  it("strips Python's whitespace set, which differs from trim()", () => {
    expect(pythonStrip("\x1c\x1f\x85 x \u3000\t")).toBe("x");
    expect(pythonStrip("\ufeffx\ufeff")).toBe("\ufeffx\ufeff");
    expect(pythonStrip(" \n\r ")).toBe("");
  });
});
