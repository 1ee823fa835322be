/**
 * JSON, YAML and TOML through their own parsers (yaml, smol-toml; JSON.parse with json-scan.ts for the
 * place): each reports the first problem it meets.
 */
import { parse as parseToml } from "smol-toml";
import { parseAllDocuments } from "yaml";
import { extensionOf } from "../locate/tree-sitter-grammars.js";
import { scanJson } from "./json-scan.js";
import type { SourceParser, SyntaxProblem } from "./types.js";

/** JSON files that tools read as JSONC (comments and trailing commas allowed). */
const JSONC = /(^|\/)(tsconfig[^/]*\.json|jsconfig[^/]*\.json|\.eslintrc\.json|\.babelrc(\.json)?|devcontainer\.json|\.devcontainer\.json|[^/]+\.jsonc)$|(^|\/)\.vscode\/[^/]+\.json$/;
/** Helm charts' templates are YAML only after rendering. */
const TEMPLATED_YAML = /(^|\/)templates\/[^/]+\.ya?ml$/;

type Format = "json" | "jsonc" | "yaml" | "toml";

function formatOf(path: string): Format | null {
  if (JSONC.test(path)) return "jsonc";
  switch (extensionOf(path)) {
    case "json":
      return "json";
    case "yaml":
    case "yml":
      return TEMPLATED_YAML.test(path) ? null : "yaml";
    case "toml":
      return "toml";
    default:
      return null;
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) };
}

function problem(line: number, column: number, detail: string): SyntaxProblem[] {
  return [{ kind: "invalid", line, column, endLine: line, detail }];
}

function jsonProblems(text: string, comments: boolean): SyntaxProblem[] {
  if (!comments) {
    try {
      JSON.parse(text);
      return [];
    } catch {
      // Located below.
    }
  }
  const error = scanJson(text, { comments });
  if (error === null) return comments ? [] : problem(0, 0, "not valid JSON");
  const at = position(text, error.offset);
  return problem(at.line, at.column, error.message);
}

function yamlProblems(text: string): SyntaxProblem[] {
  for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
    const error = doc.errors[0];
    if (error === undefined) continue;
    const at = error.linePos?.[0];
    return problem((at?.line ?? 1) - 1, (at?.col ?? 1) - 1, error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.code);
  }
  return [];
}

function tomlProblems(text: string): SyntaxProblem[] {
  try {
    parseToml(text);
    return [];
  } catch (err) {
    const { line, column } = err as { line?: number; column?: number };
    const message = err instanceof Error ? (err.message.split("\n")[0] ?? "").replace(/^Invalid TOML document: /, "") : "not valid TOML";
    return problem((line ?? 1) - 1, (column ?? 1) - 1, message);
  }
}

/** Parses JSON, YAML and TOML files; null for any other path. */
export function createDataFormatParser(): SourceParser {
  return {
    async parse(path, text) {
      const format = formatOf(path);
      if (format === null) return null;
      const problems = format === "yaml" ? yamlProblems(text) : format === "toml" ? tomlProblems(text) : jsonProblems(text, format === "jsonc");
      return { language: format, problems, complete: false, facts: null };
    },
  };
}
