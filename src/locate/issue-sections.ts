/**
 * Splits an issue into parts that deserve different trust as a search query: the title says what is wrong,
 * prose explains it, code and logs repeat many words that are not about the bug, and template comments
 * or collapsed environment dumps (`<details>`, `pip list`) say nothing about it.
 */

export interface WeightedText {
  kind: "title" | "prose" | "code" | "details";
  text: string;
  weight: number;
}

export const SECTION_WEIGHT: Readonly<Record<WeightedText["kind"], number>> = { title: 2, prose: 1, code: 0.5, details: 0.25 };

const FENCE = /^[ \t]*(```|~~~)/;

/** The issue's first line is its title (as in `${title}\n${body}`). */
export function issueSections(issue: string): WeightedText[] {
  const text = issue.replace(/\r\n?/g, "\n").replace(/<!--[\s\S]*?(?:-->|$)/g, " ");
  const lines = text.split("\n");
  const firstIndex = lines.findIndex((l) => l.trim() !== "");
  const out: WeightedText[] = [];
  const push = (kind: WeightedText["kind"], body: string): void => {
    if (body.trim() !== "") out.push({ kind, text: body, weight: SECTION_WEIGHT[kind] });
  };
  if (firstIndex >= 0 && lines.length > firstIndex + 1) push("title", lines[firstIndex] as string);
  let fenced = false;
  let details = 0;
  const buffers: Record<WeightedText["kind"], string[]> = { title: [], prose: [], code: [], details: [] };
  lines.forEach((line, i) => {
    if (i === firstIndex && out.length > 0) return;
    details += (line.match(/<details\b/gi) ?? []).length;
    const closing = (line.match(/<\/details>/gi) ?? []).length;
    if (FENCE.test(line)) {
      fenced = !fenced;
    } else if (details > 0) {
      buffers.details.push(line);
    } else if (fenced || /^( {4}|\t)\S/.test(line) || /^\s*(>>> |\$ )/.test(line)) {
      buffers.code.push(line);
    } else {
      buffers.prose.push(line);
    }
    details = Math.max(0, details - closing);
  });
  push("prose", buffers.prose.join("\n"));
  push("code", buffers.code.join("\n"));
  push("details", buffers.details.join("\n"));
  return out;
}
