import { pythonSplitlines } from "./python-text.js";
import { SequenceMatcher } from "./sequence-matcher.js";

export interface UnifiedDiffOptions {
  fromfile?: string;
  tofile?: string;
  fromfiledate?: string;
  tofiledate?: string;
  /** Context lines around each change (Python's `n`, default 3). */
  n?: number;
  /** Appended to the header lines (Python's `lineterm`, default "\n"). */
  lineterm?: string;
}

/** Python's `_format_range_unified`: `start,length`, just `start` for one line, `start-1,0` for none. */
function formatRange(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length === 0 ? start : start + 1},${length}`;
}

/**
 * Python's `difflib.unified_diff(a, b, ...)` over lists of lines, as a list of output lines.
 * Lines are matched with `SequenceMatcher(None, a, b)`, autojunk on (Python's default). No
 * difference gives `[]`, headers included. Within a replacement all `-` lines precede all `+`.
 */
export function unifiedDiff(a: readonly string[], b: readonly string[], options: UnifiedDiffOptions = {}): string[] {
  const { fromfile = "", tofile = "", fromfiledate = "", tofiledate = "", n = 3, lineterm = "\n" } = options;
  const groups = new SequenceMatcher(a, b).getGroupedOpcodes(n);
  if (groups.length === 0) return [];
  const out: string[] = [
    `--- ${fromfile}${fromfiledate ? `\t${fromfiledate}` : ""}${lineterm}`,
    `+++ ${tofile}${tofiledate ? `\t${tofiledate}` : ""}${lineterm}`,
  ];
  for (const group of groups) {
    const first = group[0]!;
    const last = group[group.length - 1]!;
    out.push(`@@ -${formatRange(first.i1, last.i2)} +${formatRange(first.j1, last.j2)} @@${lineterm}`);
    for (const { tag, i1, i2, j1, j2 } of group) {
      if (tag === "equal") {
        for (let i = i1; i < i2; i++) out.push(` ${a[i]!}`);
        continue;
      }
      if (tag === "replace" || tag === "delete") for (let i = i1; i < i2; i++) out.push(`-${a[i]!}`);
      if (tag === "replace" || tag === "insert") for (let j = j1; j < j2; j++) out.push(`+${b[j]!}`);
    }
  }
  return out;
}

/**
 * SWE-RL's `generate_unified_diff(old, new, n_context)`: the unified diff of the two texts'
 * `splitlines()` with `lineterm=""`, without the `---`/`+++` header lines, joined with "\n" and
 * with no trailing newline. Equal texts, or texts that differ only in a final line break, give "".
 */
export function generateUnifiedDiff(oldText: string, newText: string, nContext = 3): string {
  const lines = unifiedDiff(pythonSplitlines(oldText), pythonSplitlines(newText), {
    fromfile: "old",
    tofile: "new",
    lineterm: "",
    n: nContext,
  });
  return lines.slice(2).join("\n");
}
