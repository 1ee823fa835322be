import { describe, expect, it } from "vitest";
import { visibleText } from "../../../src/github/visible-text.js";

/** `unit` repeated to `n` characters. */
const repeat = (unit: string) => (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Inputs built to make a scanner re-read text: unclosed openers, nesting, long failed searches. */
const HOSTILE: Record<string, (n: number) => string> = {
  "unclosed <style": repeat("<style a"),
  "text then unclosed <style": (n) => `x${repeat("<style a")(n - 1)}`,
  "unclosed comments": repeat("<!--"),
  "unclosed quoted attributes": repeat('<a b="'),
  "alternating quotes": repeat(`<a b="<a b='`),
  "unclosed link titles": repeat("](x ("),
  "unclosed pointy destinations": repeat("](<"),
  "definition labels": repeat("[aaaaaaaaaaaaaaaaaaaa\n"),
  "definition destinations": repeat("[x]: <"),
  "image openers": repeat("!["),
  "brackets": repeat("[]]"),
  "backtick runs of every length": (n) => {
    let s = "";
    for (let i = 0; s.length < n; i++) s += `${"`".repeat((i % 50) + 1)}x`;
    return s.slice(0, n);
  },
  "nested hidden elements": repeat("<div hidden>"),
  "closing tags": repeat("</div>"),
  "escaped backticks": repeat("\\`"),
  "fence lines": repeat("```\n~~~\n"),
  "quoted HTML blocks": repeat("> <div>\n"),
  "tags over lines": repeat("<a\n"),
  "comments nested to rebuild themselves": (n) => `${"<!".repeat(n / 8)}<!-- -->${"--".repeat(n / 8)}`,
  "declarations and instructions": repeat("<!a<?<![CDATA["),
  "invisible characters between backticks": repeat("`\u200B"),
  "mixed": repeat(`<b title='\`' x="](<[x]: ![ <!-- `),
};

function reads(text: string): number {
  const meter = { reads: 0 };
  visibleText(text, { meter });
  return meter.reads;
}

describe("visibleText", () => {
  it("reads each character of hostile text a bounded number of times, so four times the text is four times the work", () => {
    const n = 20_000;
    const report = Object.entries(HOSTILE).map(([name, make]) => {
      const small = reads(make(n));
      const large = reads(make(4 * n));
      return { name, perChar: Math.round(small / n), ratio: Math.round((large / small) * 100) / 100 };
    });
    for (const r of report) {
      expect(r.perChar, r.name).toBeLessThanOrEqual(40);
      expect(r.ratio, r.name).toBeLessThanOrEqual(4.2);
    }
  });

  it("gives the page's view of the pathological inputs", () => {
    expect(visibleText(repeat("<style a")(64_000))).toBe("");
    expect(visibleText(`x${repeat("<style a")(64_000)}`)).toBe(`x${repeat("<style a")(64_000)}`);
    expect(visibleText(repeat("<!--")(64_000))).toBe("");
    expect(visibleText(`${"<!".repeat(1000)}<!-- -->${"--".repeat(1000)} secret -->`)).not.toContain("<!--");
  });

  it("defuses text that needs more rounds than honest text ever does", () => {
    const nested = `a${"<!".repeat(10)}<!-- -->${"-- x -->".repeat(10)}b`;
    const out = visibleText(nested);
    expect(out).not.toContain("<");
    expect(visibleText(out)).toBe(out);
  });
});
