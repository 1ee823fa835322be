/** A tagger by regular expressions, for languages without a grammar and for files not worth parsing. */
import type { Definition, FileTags, Tagger } from "./types.js";

interface DefRule {
  re: RegExp;
  kind: Definition["kind"];
}

const PY_DEFS: DefRule[] = [
  { re: /^([ \t]*)class[ \t]+([A-Za-z_]\w*)/gm, kind: "class" },
  { re: /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm, kind: "function" },
];
const GENERIC_DEFS: DefRule[] = [
  { re: /^([ \t]*)(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?(?:public[ \t]+|private[ \t]+|protected[ \t]+|internal[ \t]+)?(?:static[ \t]+)?(?:final[ \t]+)?(?:pub(?:\([^)]*\))?[ \t]+)?(?:data[ \t]+|sealed[ \t]+|case[ \t]+)?(?:class|interface|struct|enum|trait|object|record|protocol|module|union)[ \t]+([A-Za-z_]\w*)/gm, kind: "class" },
  { re: /^([ \t]*)(?:export[ \t]+)?(?:default[ \t]+)?(?:pub(?:\([^)]*\))?[ \t]+)?(?:async[ \t]+)?(?:unsafe[ \t]+)?(?:function\*?|def|fn|func|fun|sub|proc)[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_$][\w$]*[!?]?)/gm, kind: "function" },
  { re: /^([ \t]*)(?:export[ \t]+)?(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*=[ \t]*(?:async[ \t]*)?(?:function|\([^)]*\)[ \t]*=>|[A-Za-z_$][\w$]*[ \t]*=>)/gm, kind: "function" },
  { re: /^([ \t]*)(?:export[ \t]+)?type[ \t]+([A-Za-z_]\w*)/gm, kind: "type" },
];

const PY_IMPORT_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([^)\n#]*)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w., \t]+)/gm;
export const JS_IMPORT = /(?:\bfrom[ \t]+|\bimport[ \t]*\(?[ \t]*|\brequire[ \t]*\([ \t]*)["']([^"'\n]+)["']/g;
const CALL_REF = /([A-Za-z_]\w*)[ \t]*\(/g;

function ext(path: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(path);
  return m?.[1]?.toLowerCase() ?? "";
}

/** Definitions found by indentation-aware regexes; depth is inferred from indentation. */
function findDefs(text: string, rules: readonly DefRule[]): Definition[] {
  const defs: Definition[] = [];
  for (const rule of rules) {
    for (const m of text.matchAll(rule.re)) {
      const indent = m[1] ?? "";
      const name = m[2];
      if (name === undefined) continue;
      const start = m.index ?? 0;
      const lineEnd = text.indexOf("\n", start);
      const signature = text.slice(start, lineEnd < 0 ? undefined : lineEnd).trim().slice(0, 200);
      const depth = Math.floor(indent.replace(/\t/g, "    ").length / 4);
      const line = countLines(text, start);
      defs.push({ name, kind: rule.kind === "function" && depth > 0 ? "method" : rule.kind, line, signature, depth });
    }
  }
  return defs.sort((a, b) => a.line - b.line);
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

export function pythonImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PY_IMPORT_FROM)) {
    const mod = m[1] ?? "";
    for (const name of (m[2] ?? "").split(",")) {
      const n = name.trim().split(/\s+/)[0];
      if (n !== undefined && /^\w+$/.test(n)) out.push(mod.endsWith(".") ? `${mod}${n}` : `${mod}.${n}`);
    }
    if (mod !== "" && !/^\.+$/.test(mod)) out.push(mod);
  }
  for (const m of text.matchAll(PY_IMPORT)) {
    for (const part of (m[1] ?? "").split(",")) {
      const mod = part.trim().split(/\s+/)[0];
      if (mod !== undefined && mod !== "") out.push(mod);
    }
  }
  return out;
}

export function regexTags(path: string, text: string): FileTags {
  const e = ext(path);
  const python = e === "py" || e === "pyi";
  const defs = findDefs(text, python ? PY_DEFS : GENERIC_DEFS);
  const refs = new Set<string>();
  for (const m of text.matchAll(CALL_REF)) if (m[1] !== undefined) refs.add(m[1]);
  const imports = python ? pythonImports(text) : [...text.matchAll(JS_IMPORT)].map((m) => m[1] ?? "").filter((s) => s !== "");
  return { defs, refs: [...refs], imports };
}

export const regexTagger: Tagger = {
  name: "regex",
  tag: (path, text) => regexTags(path, text),
  handles: () => true,
};
