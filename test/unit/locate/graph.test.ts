import { describe, expect, it } from "vitest";
import { ImportResolver } from "../../../src/locate/import-resolver.js";
import { compressGraph, personalisedPageRank } from "../../../src/locate/pagerank.js";
import { PathLookup } from "../../../src/locate/path-lookup.js";
import { indexOf } from "./helpers.js";

describe("ImportResolver", () => {
  const paths = [
    "src/pkg/__init__.py",
    "src/pkg/core.py",
    "src/pkg/sub/__init__.py",
    "src/pkg/sub/leaf.py",
    "src/pkg/logging.py",
    "web/app.ts",
    "web/util/index.ts",
    "web/lib.js",
    "internal/store/store.go",
    "internal/store/store_test.go",
    "src/lib.rs",
    "src/parser.rs",
    "src/parser/lexer.rs",
    "java/com/acme/Foo.java",
  ];
  const resolver = new ImportResolver(new PathLookup(paths));
  const resolve = (from: string, spec: string): string[] => resolver.resolve(from, spec).map((i) => paths[i] as string);

  it("resolves Python absolute and relative imports", () => {
    expect(resolve("src/pkg/core.py", "pkg.sub.leaf")).toEqual(["src/pkg/sub/leaf.py"]);
    expect(resolve("src/pkg/core.py", "pkg.sub.leaf.Thing")).toEqual(["src/pkg/sub/leaf.py"]);
    expect(resolve("src/pkg/sub/leaf.py", "..core")).toEqual(["src/pkg/core.py"]);
    expect(resolve("src/pkg/sub/leaf.py", ".")).toEqual(["src/pkg/sub/__init__.py"]);
    // The standard library's logging is not the package's own pkg/logging.py.
    expect(resolve("src/pkg/core.py", "logging")).toEqual([]);
  });

  it("resolves JS/TS relative imports, Go packages, Rust modules and Java classes", () => {
    expect(resolve("web/app.ts", "./util")).toEqual(["web/util/index.ts"]);
    expect(resolve("web/app.ts", "./lib.js")).toEqual(["web/lib.js"]);
    expect(resolve("web/app.ts", "react")).toEqual([]);
    expect(resolve("cmd/main.go", "github.com/acme/tool/internal/store")).toEqual(["internal/store/store.go"]);
    expect(resolve("src/lib.rs", "mod parser")).toEqual(["src/parser.rs"]);
    expect(resolve("src/parser.rs", "mod lexer")).toEqual(["src/parser/lexer.rs"]);
    expect(resolve("java/com/acme/Bar.java", "com.acme.Foo")).toEqual(["java/com/acme/Foo.java"]);
  });
});

describe("personalisedPageRank", () => {
  it("concentrates on the seed and what it points to, and is zero without a seed", () => {
    // 0 → 1 → 2, 3 isolated.
    const graph = compressGraph(4, new Map([[0, new Map([[1, 1]])], [1, new Map([[2, 1]])]]));
    const rank = personalisedPageRank(graph, Float64Array.from([1, 0, 0, 0]));
    expect(rank.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(rank[1]).toBeGreaterThan(rank[2] as number);
    expect(rank[2]).toBeGreaterThan(0);
    expect(rank[3]).toBe(0);
    expect([...personalisedPageRank(graph, new Float64Array(4))]).toEqual([0, 0, 0, 0]);
  });
});

describe("file graph", () => {
  it("links files by imports and by uses of names defined elsewhere", () => {
    const index = indexOf({
      "a.py": "from b import helper\n\ndef main():\n    helper()\n    Widget()\n",
      "b.py": "def helper():\n    pass\n",
      "c.py": "class Widget:\n    pass\n",
      "d.py": "def unrelated():\n    pass\n",
    });
    const out = (path: string): string[] => {
      const i = index.lookup.indexOf(path) as number;
      const targets: string[] = [];
      for (let k = index.graph.start[i] as number; k < (index.graph.start[i + 1] as number); k++) targets.push(index.files[index.graph.targets[k] as number]?.path as string);
      return targets.sort();
    };
    expect(out("a.py")).toEqual(["b.py", "c.py"]);
    expect(out("d.py")).toEqual([]);
  });
});
