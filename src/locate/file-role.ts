/** What a path is for: tests and docs rarely hold the fix for an issue. */
import type { FileRole } from "./types.js";

const TEST_DIRS = new Set(["test", "tests", "testing", "__tests__", "__test__", "spec", "specs", "e2e", "testdata", "test_data", "fixtures", "__fixtures__", "__mocks__"]);
const TEST_FILE = [
  /^test_.*\.py$/,
  /_tests?\.py$/,
  /^conftest\.py$/,
  /_test\.go$/,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(Test|Tests|IT|Spec)\.(java|kt|scala|groovy)$/,
  /_spec\.rb$/,
  /_test\.rb$/,
  /^test_.*\.rb$/,
];
const DOC_DIRS = new Set(["doc", "docs", "documentation", "changelog", "changes", "newsfragments", "news", "man"]);
const DOC_EXT = /\.(md|markdown|rst|txt|adoc|asciidoc|textile|rdoc|pod)$/i;
const DOC_NAMES = /^(readme|changelog|changes|history|news|authors|contributors|license|copying|notice)(\.|$)/i;
const SUPPORT_DIRS = new Set([".github", ".circleci", ".gitlab", "ci", "script", "scripts", "tools", "tooling", "examples", "example", "samples", "benchmarks", "bench", "asv_bench"]);
/** Extensions of source code; anything else (configuration, data) is a support file. */
export const CODE_EXT =
  /\.(py|pyi|pyx|js|jsx|mjs|cjs|ts|tsx|mts|cts|go|rs|java|kt|kts|scala|groovy|c|h|cc|cpp|cxx|hpp|hh|cs|rb|php|swift|m|mm|lua|pl|pm|r|jl|ex|exs|erl|hs|ml|clj|dart|vue|svelte|sh|bash|zig|nim|sql|css|scss|less|html?)$/i;

/** Folders of code copied in from other projects: their tags matter little, so the cheaper regex tagger reads them. */
const VENDORED_DIRS = new Set(["cextern", "extern", "vendor", "vendored", "_vendor", "third_party", "thirdparty", "node_modules"]);

export function isVendored(path: string): boolean {
  const parts = path.split("/");
  for (let i = 0; i < parts.length - 1; i++) if (VENDORED_DIRS.has((parts[i] as string).toLowerCase())) return true;
  return false;
}

export function fileRole(path: string): FileRole {
  const parts = path.split("/");
  const base = parts[parts.length - 1] ?? path;
  const dirs = parts.slice(0, -1).map((d) => d.toLowerCase());
  if (dirs.some((d) => TEST_DIRS.has(d)) || TEST_FILE.some((re) => re.test(base))) return "test";
  if (DOC_EXT.test(base) || DOC_NAMES.test(base) || dirs.some((d) => DOC_DIRS.has(d))) return "doc";
  if (!CODE_EXT.test(base) || dirs.some((d) => SUPPORT_DIRS.has(d))) return "support";
  return "source";
}
