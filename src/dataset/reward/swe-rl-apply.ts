import type { FormatResult, SearchReplace } from "./swe-rl-parse.js";

/** A path's text, or undefined; own properties only, so a path like `__proto__` or `toString` is safe. */
export function ownText(files: Readonly<Record<string, string>>, path: string): string | undefined {
  return Object.hasOwn(files, path) ? files[path] : undefined;
}

/**
 * SWE-RL's `apply_code_change`. Each path starts from "\n" + its original text ("" when the path
 * is not in `codeContext`: a new file). For each block in order: SEARCH equal to REPLACE is an
 * error; otherwise "\n" + SEARCH must occur in the text, and every non-overlapping occurrence is
 * replaced by "\n" + REPLACE (Python's `str.replace`: split/join, so `$&` and friends stay
 * literal). The leading "\n" is dropped at the end. Matches are anchored at a line start only.
 */
export function applyCodeChange(
  codeContext: Readonly<Record<string, string>>,
  edits: ReadonlyMap<string, readonly SearchReplace[]>,
): FormatResult<Map<string, string>> {
  const result = new Map<string, string>();
  for (const [path, blocks] of edits) {
    let content = "\n" + (ownText(codeContext, path) ?? "");
    for (const { search, replace } of blocks) {
      if (search === replace) return { ok: false, error: "Search and replace blocks are identical" };
      const needle = "\n" + search;
      if (!content.includes(needle)) return { ok: false, error: `Search block not found in the code: ${needle}` };
      content = content.split(needle).join("\n" + replace);
    }
    result.set(path, content.slice(1));
  }
  return { ok: true, value: result };
}
