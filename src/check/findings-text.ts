import { textLines } from "../edit/line-map.js";
import { framed } from "../shared/frame.js";
import type { Finding } from "./types.js";

/** Lines shown on each side of a problem. */
const CONTEXT = 3;
/** Problems described in full to the model; the rest are counted. */
const MAX_SHOWN = 6;

function where(f: Finding): string {
  const span = f.endLine !== undefined && f.endLine > f.line ? ` (to line ${f.endLine + 1})` : "";
  return `${f.path}, line ${f.line + 1}, column ${f.column + 1}${span}`;
}

/** The lines around a problem, verbatim (a SEARCH can copy them) and framed as data, their numbers said before them. */
function around(f: Finding, lines: readonly string[], nonce: string): string {
  const from = Math.max(0, f.line - CONTEXT);
  const to = Math.min(lines.length, f.line + CONTEXT + 1);
  if (from >= to) return "";
  const shown = lines.slice(from, to).join("\n");
  return ` Lines ${from + 1}-${to} of ${f.path} as they are now:\n${framed(`LINES ${from + 1}-${to} OF ${f.path}`, shown, nonce, "LINES").join("\n")}`;
}

/**
 * What the model is told after its blocks applied but the files fail a check: each problem with its file,
 * line and column and the lines around it; errors must be fixed, warnings fixed or confirmed.
 */
export function formatFindings(findings: readonly Finding[], textOf: (path: string) => string | null, nonce: string): string {
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  const lines = new Map<string, string[]>();
  const linesOf = (path: string): string[] => {
    let cached = lines.get(path);
    if (cached === undefined) {
      cached = textLines(textOf(path) ?? "");
      lines.set(path, cached);
    }
    return cached;
  };
  const describe = (list: readonly Finding[]): string[] => {
    const out = list.slice(0, MAX_SHOWN).map((f) => `- ${where(f)}: ${f.message}${f.detail === undefined ? "" : `: ${f.detail}`}.${around(f, linesOf(f.path), nonce)}`);
    if (list.length > MAX_SHOWN) out.push(`- and ${list.length - MAX_SHOWN} more like these.`);
    return out;
  };
  const parts: string[] = [];
  if (errors.length > 0) {
    parts.push("The files as the blocks leave them have problems that must be fixed before anything is pushed:", ...describe(errors));
  }
  if (warnings.length > 0) {
    parts.push("Please check (these may be intended):", ...describe(warnings));
  }
  if (errors.length > 0) parts.push("Fix them with new SEARCH/REPLACE blocks against the files as they are now; do not resend blocks that already applied.");
  else parts.push("If the change is right as it is, answer `CONFIRMED` with no blocks; otherwise send SEARCH/REPLACE blocks that fix it, against the files as they are now.");
  return parts.join("\n");
}

/** One sentence for a person: what the first problem is and where, and how many more there are. */
export function describeFindings(findings: readonly Finding[]): string {
  const [first] = findings;
  if (first === undefined) return "no problems";
  const more = findings.length - 1;
  const rest = more === 0 ? "" : ` and ${more} more problem${more === 1 ? "" : "s"}`;
  const detail = first.detail === undefined ? "" : ` (${first.detail})`;
  return `${first.message} in ${first.path} at line ${first.line + 1}, column ${first.column + 1}${detail}${rest}`;
}
