import { describe, expect, it } from "vitest";
import { WordTable } from "../../../src/locate/byte-tokenize.js";
import { regexTags } from "../../../src/locate/regex-tagger.js";
import type { ScanLanguage } from "../../../src/locate/scan-tags.js";
import { tokeniseToIds } from "../../../src/locate/tokenize.js";
import { createTreeSitterTagger } from "../../../src/locate/tree-sitter-tagger.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe("the byte tokeniser", () => {
  it("gives the ids, lines and vocabulary the text tokeniser gives, over UTF-8, CRLF, invalid bytes and long words", () => {
    const texts: Uint8Array[] = [
      encoder.encode("def parse_cookie_header(rawHeaders):\r\n    return HTTPResponse.get_code()  # naïve café\r\n"),
      encoder.encode(`x = "${"a".repeat(80)}"\n\nclass Ünïcode_Name9(Base):\n    µ = 1\n`),
      Uint8Array.from([0x66, 0x6f, 0x6f, 0xe2, 0x62, 0x61, 0x72, 0x0a, 0xff, 0x5f, 0x71, 0x75, 0x78, 0x0a, 0xc3]),
      encoder.encode(""),
      encoder.encode("9lives __init__ a_b_c CamelCase parse_cookie_header sessions policies\n"),
    ];
    const vocabulary = new Map<string, number>();
    const cache = new Map<string, readonly number[]>();
    const table = new WordTable();
    for (const bytes of texts) {
      const want = tokeniseToIds(decoder.decode(bytes), vocabulary, cache);
      const got = table.tokenise(bytes);
      expect([...got.ids]).toEqual([...want.ids]);
      expect([...got.lineStarts]).toEqual([...want.lineStarts]);
    }
    expect([...table.vocabulary]).toEqual([...vocabulary]);
    // The second time a word is seen it is found, not split again.
    expect(table.size).toBeGreaterThan(10);
    const size = table.size;
    table.tokenise(texts[0] as Uint8Array);
    expect(table.size).toBe(size);
  });

  it("grows its table past its first size and still finds every word", () => {
    const text = Array.from({ length: 70_000 }, (_, k) => `word${k}`).join(" ");
    const table = new WordTable();
    const first = { ids: table.tokenise(encoder.encode(text)).ids.slice() };
    const again = table.tokenise(encoder.encode(text));
    expect(table.size).toBe(70_000);
    expect([...again.ids]).toEqual([...first.ids]);
    expect([...first.ids]).toEqual([...tokeniseToIds(text, new Map(), new Map()).ids]);
  });
});

describe("scan tags", () => {
  const scanOf = (path: string, text: string, language: ScanLanguage = /\.pyi?$/.test(path) ? "python" : "other") =>
    new WordTable().tokenise(encoder.encode(text), { language, text: () => text }).scan;

  it("read Python as the tree-sitter tag queries do: definitions, uses and imports, nothing in strings or comments", async () => {
    const text = [
      '"""A module. class NotHere: from elsewhere import nothing"""',
      "from .core import Unit, UnitBase as Base  # units",
      "from ..utils import (lazyproperty,  # a comment",
      "    deprecated)",
      "import numpy as np, warnings",
      "",
      "@deprecated('1.0')",
      "class Quantity(np.ndarray, Base, metaclass=Meta):",
      '    """A value with a unit.',
      "",
      "    class Example:  # in a docstring",
      '        return not_called(here)',
      '    """',
      "    async  def to_value(self, unit=None, *args):",
      "        # self.commented(out)",
      "        if (unit, None):",
      "            return self.unit._to (unit) * convert(self.value, r'\\', 'it\'s', scale)",
      "        return [unit, other]",
    ].join("\r\n");
    const tags = (await createTreeSitterTagger({ languages: ["python"] })).tag("pkg/units/quantity.py", text);
    const got = scanOf("pkg/units/quantity.py", text);
    expect(got?.defs).toEqual(tags?.defs.map((d) => d.name));
    expect(new Set(got?.imports)).toEqual(new Set(tags?.imports));
    expect(got?.defs).toEqual(["Quantity", "to_value"]);
    expect(got?.imports).toEqual([".core.Unit", ".core.UnitBase", ".core", "..utils.lazyproperty", "..utils.deprecated", "..utils", "numpy", "warnings"]);
    // The parser's uses, and the names a scan cannot tell from a call: keywords before `(` and the names defined.
    expect(got?.refs).toEqual(["deprecated", "Quantity", "ndarray", "Base", "to_value", "if", "unit", "_to", "convert", "value", "scale"]);
    expect(tags?.refs.every((r) => got?.refs.includes(r))).toBe(true);
  });

  it("read the Python files the regex tagger reads as it reads them: its line rules, strings included", () => {
    const text = [
      "from .core import Unit, UnitBase as Base  # units",
      "from ..utils import (lazyproperty,",
      "    deprecated)",
      "\timport os.path",
      "class Quantity(Base):",
      '    """A value.',
      "    class Example:  (in a docstring)",
      '    """',
      "    async  def to_value(self, unit=None):",
      "        return self.unit._to (unit) * convert(self.value)",
      "    def\\",
      "      continued(self): pass",
      "x = 1; def not_at_start(): pass",
      "def 9bad(): pass",
    ].join("\r\n");
    const want = regexTags("tests/test_quantity.py", text);
    const got = scanOf("tests/test_quantity.py", text, "python-regex");
    expect([...(got?.defs ?? [])].sort()).toEqual(want.defs.map((d) => d.name).sort());
    expect(got?.defs).toEqual(["Quantity", "Example", "to_value"]);
    expect(got?.refs).toEqual(want.refs);
    expect(got?.imports).toEqual(want.imports);
  });

  it("read other languages by definition keywords opening a line, calls and import strings", () => {
    const text = [
      'import { Shape } from "./shape";',
      'const fs = require("node:fs");',
      "export default class Circle extends Shape {",
      "  area(): number { return Math.PI * radius(this) ** 2; }",
      "}",
      "export async function build(kind: string) { return make (kind); }",
      "interface Id { id: string }",
      "// the function inside a comment is not a definition",
      "pub struct Parser;",
    ].join("\n");
    const got = scanOf("web/circle.ts", text);
    expect(got?.defs).toEqual(["Circle", "build", "Id", "Parser"]);
    expect(got?.refs).toEqual(["require", "area", "radius", "build", "make"]);
    expect(got?.imports).toEqual(["./shape", "node:fs"]);
  });
});
