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

export function fileRole(path: string): FileRole {
  const parts = path.split("/");
  const base = parts[parts.length - 1] ?? path;
  const dirs = parts.slice(0, -1).map((d) => d.toLowerCase());
  if (dirs.some((d) => TEST_DIRS.has(d)) || TEST_FILE.some((re) => re.test(base))) return "test";
  if (DOC_EXT.test(base) || DOC_NAMES.test(base) || dirs.some((d) => DOC_DIRS.has(d))) return "doc";
  return "source";
}
