/** Finding the file path a model wrote above a SEARCH/REPLACE block. */

const FENCE = /^(`{3,}|~{3,})\s*(\S*)\s*$/;

/** A fence line (```, ```python, ~~~ …), with its info word. */
export function fenceInfo(line: string): string | null {
  const match = FENCE.exec(line.trim());
  return match === null ? null : (match[2] ?? "");
}

function looksLikePath(text: string): boolean {
  return text !== "" && !/\s/.test(text) && /[./]/.test(text);
}

function clean(text: string): string {
  let path = text.trim();
  for (let previous = ""; previous !== path; ) {
    previous = path;
    path = path.replace(/^[`*]+|[`*]+$/g, "").trim();
    path = path.replace(/:$/, "").trim();
  }
  return path.replace(/^(\.\/)+/, "");
}

/**
 * The path named by one line: `### path`, `# path`, `` `path` ``, `**path**`, `path:`,
 * or a bare `path`. Heading lines may hold spaces; other lines must look like a path
 * (no spaces, a `.` or `/`).
 */
export function pathFromLine(line: string): string | null {
  const trimmed = line.trim();
  const heading = /^#+\s*(.*)$/.exec(trimmed);
  if (heading !== null) {
    const path = clean(heading[1] ?? "");
    return path === "" ? null : path;
  }
  const path = clean(trimmed);
  return looksLikePath(path) ? path : null;
}

/**
 * Looks back from a SEARCH marker over at most three lines, continuing only across fence
 * and blank lines, for the block's path. A fence's info word counts when it looks like a
 * path (```` ```src/app.py ````).
 */
export function findBlockPath(lines: readonly string[], searchIndex: number): string | null {
  for (let i = searchIndex - 1; i >= 0 && i >= searchIndex - 3; i--) {
    const line = lines[i] ?? "";
    const info = fenceInfo(line);
    if (info !== null) {
      const path = clean(info);
      if (looksLikePath(path)) return path;
      continue;
    }
    if (line.trim() === "") continue;
    return pathFromLine(line);
  }
  return null;
}
