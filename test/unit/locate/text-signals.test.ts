import { describe, expect, it } from "vitest";
import { buildBm25, scoreBm25 } from "../../../src/locate/bm25.js";
import { mentionedIdentifiers } from "../../../src/locate/issue-identifiers.js";
import { issueSections } from "../../../src/locate/issue-sections.js";
import { PathLookup } from "../../../src/locate/path-lookup.js";
import { pathMentionScores } from "../../../src/locate/path-mentions.js";
import { buildPlainBm25, rankPlainBm25 } from "../../../src/locate/plain-bm25.js";
import { issueQuery } from "../../../src/locate/rank.js";
import { codeTerms, splitIdentifier, stem } from "../../../src/locate/tokenize.js";

describe("tokenize", () => {
  it("splits snake_case and camelCase, keeping the whole identifier", () => {
    expect(splitIdentifier("getHTTPResponse_code")).toEqual(["get", "http", "response", "code"]);
    expect(codeTerms("parse_cookie_header(rawHeaders)")).toEqual(["parse_cookie_header", "parse", "cookie", "header", "rawheaders", "raw", "header"]);
    expect(codeTerms("the session is closed")).toEqual(["session", "closed"]);
  });

  it("stems plurals conservatively", () => {
    expect(["sessions", "policies", "classes", "status", "class", "bus"].map(stem)).toEqual(["session", "policy", "classe", "status", "class", "bus"]);
  });
});

describe("bm25", () => {
  it("prefers rare terms and shorter documents", () => {
    const index = buildBm25([["common", "rare"], ["common", "common"], ["common", "rare", "x", "y", "z", "w"]]);
    const scores = scoreBm25(index, ["rare", "common"]);
    expect(scores[0]).toBeGreaterThan(scores[2] as number);
    expect(scores[2]).toBeGreaterThan(scores[1] as number);
  });

  it("the plain baseline ranks by unsplit words", () => {
    const plain = buildPlainBm25([
      { path: "a.py", text: "def parse_cookie_header(): pass" },
      { path: "b.py", text: "cookie header parsing" },
    ]);
    expect(rankPlainBm25(plain, "cookie header")).toEqual(["b.py", "a.py"]);
  });
});

describe("issue query", () => {
  it("trusts the title over prose over code, and drops template comments", () => {
    const issue = "Widget crashes\n<!-- Thanks for filing! -->\nThe widget crashes on resize.\n```\nTraceback: frobnicate\n```\n<details>\npip list\nnumpy 1.0\n</details>\n";
    const kinds = issueSections(issue).map((s) => [s.kind, s.text.trim()]);
    expect(kinds).toEqual([
      ["title", "Widget crashes"],
      ["prose", "The widget crashes on resize."],
      ["code", "Traceback: frobnicate"],
      ["details", "<details>\npip list\nnumpy 1.0\n</details>"],
    ]);
    const query = issueQuery(issue);
    expect(query.get("widget")).toBeCloseTo(2 * (1 + Math.log(2)));
    expect(query.get("frobnicate")).toBe(0.5);
    expect(query.get("numpy")).toBe(0.25);
    expect(query.has("thank")).toBe(false);
  });
});

describe("mentioned identifiers", () => {
  it("counts quoted names fully, code-looking prose words, and only code-looking words in code blocks", () => {
    const ids = mentionedIdentifiers("Calling `Session.send` or prepare_request() fails.\n```\nerror while parsing: fooBar(x)\n```\n");
    expect(ids.get("Session")).toBe(1);
    expect(ids.get("send")).toBe(1);
    expect(ids.get("prepare_request")).toBe(1);
    expect(ids.get("fooBar")).toBe(0.5);
    expect(ids.has("error")).toBe(false);
    expect(ids.has("Calling")).toBe(false);
  });
});

describe("path mentions", () => {
  const paths = ["src/acme/__init__.py", "src/acme/session.py", "src/acme/util/__init__.py", "src/acme/skipping.py", "docs/conf.py", "tools/conf.py"];
  const lookup = new PathLookup(paths);
  const scores = (text: string): Record<string, number> =>
    Object.fromEntries([...pathMentionScores(text, lookup)].map(([i, s]) => [paths[i] as string, s]));

  it("matches full and partial paths, basenames and dotted modules", () => {
    expect(scores("see src/acme/session.py:42")).toEqual({ "src/acme/session.py": 1 });
    expect(scores("in acme/session.py")).toEqual({ "src/acme/session.py": 1 });
    expect(scores("in session.py")).toEqual({ "src/acme/session.py": 1 });
    expect(scores("`acme.util`")).toEqual({ "src/acme/util/__init__.py": 1 });
    expect(scores("acme.session.Session.send breaks")).toEqual({ "src/acme/session.py": 0.8 });
    expect(scores("https://github.com/o/r/blob/main/src/acme/session.py#L10")).toEqual({ "src/acme/session.py": 1 });
  });

  it("shares a basename's score among the files that have it", () => {
    expect(scores("edit conf.py")).toEqual({ "docs/conf.py": 0.5, "tools/conf.py": 0.5 });
  });

  it("ignores another project's path that only shares a basename, and hints weakly on a bare module name", () => {
    expect(scores("myproj/session.py is where my code lives")).toEqual({});
    expect(scores("the skipping plugin")).toEqual({ "src/acme/skipping.py": 0.3 });
  });

  it("leaves stack-trace lines to the trace signal", () => {
    expect(scores('  File "/venv/site-packages/acme/session.py", line 3, in send')).toEqual({});
  });
});
