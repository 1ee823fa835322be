/** A file's skeleton: its definitions' header lines, indented by nesting, with line numbers (as Agentless compresses files). */
import type { Definition } from "./types.js";

export function renderSkeleton(defs: readonly Definition[], maxLines = Infinity): string[] {
  const lines: string[] = [];
  for (const d of defs) {
    if (lines.length >= maxLines) {
      lines.push(`  … ${defs.length - lines.length} more definitions`);
      break;
    }
    lines.push(`${"  ".repeat(d.depth + 1)}${d.line + 1}: ${d.signature}`);
  }
  return lines;
}
