import { describe, expect, it } from "vitest";
import { combineSignals, computeSignals, DEFAULT_ROLE_PRIOR, DEFAULT_WEIGHTS, rankFiles } from "../../../src/locate/rank.js";
import type { SignalName } from "../../../src/locate/types.js";
import { indexOf } from "./helpers.js";

const REPO = {
  "acme/__init__.py": "from .client import Client\n",
  "acme/client.py":
    "from .transport import Transport\nfrom .backoff_rules import RetryPolicy\n\nclass Client:\n    def __init__(self):\n        self.transport = Transport()\n        self.policy = RetryPolicy()\n\n    def get(self, url):\n        return self.transport.send(url)\n",
  "acme/transport.py": "import socket\n\nclass Transport:\n    def send(self, url):\n        sock = socket.create_connection(url)\n        return sock.recv(1024)\n",
  "acme/backoff_rules.py": "class RetryPolicy:\n    def compute_delay(self, attempt):\n        return min(60, 2 ** attempt)\n",
  "acme/cookies.py": "def parse_cookie_header(header):\n    parts = header.split(';')\n    return dict(p.split('=') for p in parts)\n",
  "tests/test_cookies.py": "from acme.cookies import parse_cookie_header\n\ndef test_parse_cookie_header():\n    assert parse_cookie_header('a=1; b=2')\n",
  "docs/cookies.md": "# Cookies\nThe cookie header parser splits the cookie header on semicolons.\n",
};

function alone(signal: SignalName, issue: string): string[] {
  const index = indexOf(REPO);
  const weights = { bm25: 0, path: 0, trace: 0, symbol: 0, graph: 0, [signal]: 1 };
  return combineSignals(index, computeSignals(index, issue), weights, { source: 1, test: 1, doc: 1, support: 1 }, 3, "path").map((r) => r.path);
}

describe("signals, each alone", () => {
  it("bm25 matches split identifiers and plural words", () => {
    expect(alone("bm25", "Parsing a cookie header with several cookies fails")[0]).toMatch(/cookie/);
    expect(alone("bm25", "compute delay grows without bound")[0]).toBe("acme/backoff_rules.py");
  });

  it("path finds a file named by path, basename or module", () => {
    expect(alone("path", "The bug is in acme/transport.py around send")[0]).toBe("acme/transport.py");
    expect(alone("path", "see transport.py")[0]).toBe("acme/transport.py");
    expect(alone("path", "calling `acme.transport.Transport.send` hangs")[0]).toBe("acme/transport.py");
  });

  it("trace finds the innermost repository frame", () => {
    const issue = [
      "Traceback (most recent call last):",
      '  File "/venv/lib/python3.11/site-packages/acme/client.py", line 10, in get',
      "    return self.transport.send(url)",
      '  File "/venv/lib/python3.11/site-packages/acme/transport.py", line 5, in send',
      "    sock = socket.create_connection(url)",
      "OSError: unreachable",
    ].join("\n");
    expect(alone("trace", issue).slice(0, 2)).toEqual(["acme/transport.py", "acme/client.py"]);
  });

  it("symbol finds the file defining a name the issue uses, though the issue never names that file", () => {
    const issue = "Calling `RetryPolicy.compute_delay` with a negative attempt returns a fraction.";
    const index = indexOf(REPO);
    const signals = computeSignals(index, issue);
    const definer = index.lookup.indexOf("acme/backoff_rules.py") as number;
    expect(signals.path[definer]).toBe(0);
    expect(signals.symbol[definer]).toBeGreaterThan(0.5);
    expect(alone("symbol", issue)[0]).toBe("acme/backoff_rules.py");
    // acme/client.py also uses RetryPolicy, but does not define it.
    expect(signals.symbol[index.lookup.indexOf("acme/client.py") as number]).toBe(0);
  });

  it("graph spreads evidence from a named file to what it imports", () => {
    const index = indexOf(REPO);
    const signals = computeSignals(index, "Something is wrong in acme/client.py");
    const at = (p: string): number => signals.graph[index.lookup.indexOf(p) as number] as number;
    expect(at("acme/transport.py")).toBeGreaterThan(0);
    expect(at("acme/backoff_rules.py")).toBeGreaterThan(0);
    expect(at("acme/cookies.py")).toBe(0);
    expect(computeSignals(index, "nothing named here").graph.every((v) => v === 0)).toBe(true);
    // A named file that depends on nothing spreads nothing, not even back to itself.
    expect(computeSignals(index, "Something is wrong in acme/cookies.py").graph.every((v) => v === 0)).toBe(true);
  });
});

describe("rankFiles", () => {
  it("puts a source file above a test or doc with the same words", () => {
    const ranked = rankFiles(indexOf(REPO), "parse_cookie_header splits the cookie header wrongly");
    expect(ranked[0]?.path).toBe("acme/cookies.py");
    expect(ranked.find((r) => r.path === "tests/test_cookies.py")?.role).toBe("test");
    const noPrior = combineSignals(indexOf(REPO), computeSignals(indexOf(REPO), "test_parse_cookie_header cookie header"), DEFAULT_WEIGHTS, { source: 1, test: 1, doc: 1, support: 1 });
    const withPrior = combineSignals(indexOf(REPO), computeSignals(indexOf(REPO), "test_parse_cookie_header cookie header"), DEFAULT_WEIGHTS, DEFAULT_ROLE_PRIOR);
    expect(noPrior[0]?.path).toBe("tests/test_cookies.py");
    expect(withPrior[0]?.path).toBe("acme/cookies.py");
  });

  it("returns every file with its per-signal scores, best first, and honours a limit", () => {
    const index = indexOf(REPO);
    const ranked = rankFiles(index, "Transport.send hangs in acme/transport.py");
    expect(ranked).toHaveLength(Object.keys(REPO).length);
    expect(ranked[0]).toMatchObject({ path: "acme/transport.py", role: "source" });
    expect(ranked[0]?.signals.path).toBe(1);
    for (let i = 1; i < ranked.length; i++) expect((ranked[i - 1] as { score: number }).score).toBeGreaterThanOrEqual((ranked[i] as { score: number }).score);
    expect(rankFiles(index, "x", { limit: 2 })).toHaveLength(2);
  });

  it("adds each signal with its weight, times the role prior", () => {
    const files = {
      "pkg/alpha.py": "def load_config(path):\n    return open(path).read()\n",
      "pkg/beta.py": "def load_config_file(path):\n    return open(path).read()\n",
      "tests/test_beta.py": "from pkg.beta import load_config_file\n",
    };
    const issue = "load config from a path fails in pkg/beta.py";
    const index = indexOf(files);
    const score = (path: string, options: Parameters<typeof rankFiles>[2]): number => rankFiles(index, issue, options).find((r) => r.path === path)?.score ?? NaN;
    expect(score("pkg/beta.py", {}) - score("pkg/beta.py", { weights: { path: 0 } })).toBeCloseTo(DEFAULT_WEIGHTS.path);
    expect(score("pkg/alpha.py", {})).toBeCloseTo(score("pkg/alpha.py", { weights: { path: 0 } }));
    expect(score("tests/test_beta.py", {})).toBeCloseTo(DEFAULT_ROLE_PRIOR.test * score("tests/test_beta.py", { rolePrior: { test: 1 } }));
  });
});
