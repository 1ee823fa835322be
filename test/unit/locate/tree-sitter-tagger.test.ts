import { beforeAll, describe, expect, it } from "vitest";
import { regexTagger } from "../../../src/locate/regex-tagger.js";
import { createTreeSitterTagger, grammarsFor, type TreeSitterTagger } from "../../../src/locate/tree-sitter-tagger.js";

let tagger: TreeSitterTagger;
beforeAll(async () => {
  tagger = await createTreeSitterTagger();
});

function names(path: string, text: string): string[] {
  return (tagger.tag(path, text)?.defs ?? []).map((d) => `${d.kind}:${d.name}@${d.depth}`);
}

describe("tree-sitter tagger", () => {
  it("loads every grammar and accepts the patterns that matter", () => {
    expect([...tagger.languages].sort()).toEqual(["go", "java", "javascript", "python", "rust", "tsx", "typescript"]);
    expect(tagger.skippedPatterns.python).toEqual([]);
    expect(tagger.skippedPatterns.go).toEqual([]);
  });

  it("tags Python classes, methods, functions, calls and imports", () => {
    const tags = tagger.tag("pkg/mod.py", "from .util import helper, other as o\nimport os.path\n\nclass Session(Base):\n    @cached\n    def send(self, req):\n        return helper(req).close()\n\ndef build():\n    pass\n");
    expect(tags?.defs.map((d) => `${d.kind}:${d.name}@${d.depth}:${d.line}`)).toEqual(["class:Session@0:3", "method:send@1:5", "function:build@0:8"]);
    expect(tags?.defs[1]?.signature).toBe("def send(self, req):");
    expect(tags?.refs).toEqual(expect.arrayContaining(["Base", "helper", "close"]));
    expect(tags?.imports).toEqual([".util", ".util.helper", ".util.other", "os.path"]);
  });

  it("tags JavaScript and TypeScript", () => {
    expect(names("a.js", "function a() { return b(); }\nclass K { m() {} }\nconst f = () => 1;\n")).toEqual(["function:a@0", "class:K@0", "method:m@1", "function:f@0"]);
    const ts = tagger.tag("b.ts", "import { x } from './x.js';\nexport interface Shape { area(): number }\nexport type Id = string;\nexport class Circle implements Shape { area() { return 1; } }\n");
    expect(ts?.defs.map((d) => `${d.kind}:${d.name}`)).toEqual(["type:Shape", "method:area", "type:Id", "class:Circle", "method:area"]);
    expect(ts?.imports).toEqual(["./x.js"]);
    expect(names("c.tsx", "export function App() { return <div/>; }\n")).toEqual(["function:App@0"]);
  });

  it("tags Go, Rust and Java", () => {
    expect(names("s.go", 'package s\nimport "fmt"\ntype Store struct{}\nfunc (s *Store) Get() { fmt.Println() }\nfunc New() *Store { return nil }\n')).toEqual([
      "type:Store@0",
      "method:Get@0",
      "function:New@0",
    ]);
    const rust = tagger.tag("src/lib.rs", "mod lexer;\nuse crate::a::B;\npub struct Parser;\nimpl Parser { pub fn parse(&self) {} }\nfn helper() {}\n");
    expect(rust?.defs.map((d) => `${d.kind}:${d.name}`)).toEqual(["module:lexer", "class:Parser", "method:parse", "function:helper"]);
    expect(rust?.imports).toEqual(["mod lexer", "crate::a::B"]);
    expect(names("A.java", "package p;\nimport q.R;\npublic class A { A() {} void run() { new R().go(); } }\n")).toEqual(["class:A@0", "method:A@1", "method:run@1"]);
  });

  it("leaves languages without a grammar to the caller, and regexes tag them", () => {
    expect(tagger.tag("x.rb", "class Foo\n  def bar\n  end\nend\n")).toBeNull();
    expect(regexTagger.tag("x.rb", "class Foo\n  def bar\n  end\nend\n")?.defs.map((d) => d.name)).toEqual(["Foo", "bar"]);
  });

  it("picks only the grammars a repository needs", () => {
    expect(grammarsFor(["a.py", "b/c.ts", "README.md", "d.pyi"]).sort()).toEqual(["python", "typescript"]);
  });
});
