/** A compact map of the repository for the model: a compressed tree, then the skeletons of the top-ranked files. */
import type { LocateIndex } from "./build-index.js";
import { renderSkeleton } from "./skeleton.js";
import type { RankedFile } from "./types.js";

/** Tokens are estimated as characters / 4, which is close for code and English with Claude's tokenizer. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface RepoMapOptions {
  /** The share of the budget the tree may use before directories are collapsed (default 0.4). */
  treeShare?: number;
  /** At most this many files get a skeleton (default 30). */
  maxFiles?: number;
  /** At most this many definitions per file (default 60). */
  maxDefsPerFile?: number;
}

interface Dir {
  name: string;
  parent: Dir | undefined;
  depth: number;
  dirs: Map<string, Dir>;
  files: string[];
  count: number;
  /** The best rank of a file below this directory (lower is better). */
  bestRank: number;
  /** Source files below this directory (not tests, docs or support files). */
  sources: number;
  /** Characters of this directory's rendering (its own line and everything below), as currently collapsed. */
  size: number;
}

function newDir(name: string, parent: Dir | undefined): Dir {
  return { name, parent, depth: parent === undefined ? -1 : parent.depth + 1, dirs: new Map(), files: [], count: 0, bestRank: Infinity, sources: 0, size: 0 };
}

function buildTree(paths: readonly string[], rankOf: ReadonlyMap<string, number>, sourcePaths: ReadonlySet<string>): Dir {
  const root = newDir("", undefined);
  for (const path of paths) {
    const parts = path.split("/");
    const file = parts.pop() as string;
    const rank = rankOf.get(path) ?? Infinity;
    const source = sourcePaths.has(path) ? 1 : 0;
    let dir = root;
    dir.count++;
    dir.sources += source;
    dir.bestRank = Math.min(dir.bestRank, rank);
    for (const part of parts) {
      let next = dir.dirs.get(part);
      if (next === undefined) {
        next = newDir(part, dir);
        dir.dirs.set(part, next);
      }
      dir = next;
      dir.count++;
      dir.sources += source;
      dir.bestRank = Math.min(dir.bestRank, rank);
    }
    dir.files.push(file);
  }
  return root;
}

function dirLine(dir: Dir, collapsed: boolean): string {
  return `${"  ".repeat(dir.depth)}${dir.name}/${collapsed ? ` (${dir.count} files)` : ""}`;
}

/** Fills in `size` bottom-up for the uncollapsed tree. */
function measure(dir: Dir): number {
  let size = dir.parent === undefined ? 0 : dirLine(dir, false).length + 1;
  for (const child of dir.dirs.values()) size += measure(child);
  for (const file of dir.files) size += 2 * (dir.depth + 1) + file.length + 1;
  dir.size = size;
  return size;
}

function renderTree(dir: Dir, collapsed: ReadonlySet<Dir>, out: string[]): void {
  const indent = "  ".repeat(dir.depth + 1);
  for (const child of [...dir.dirs.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const isCollapsed = collapsed.has(child);
    out.push(dirLine(child, isCollapsed));
    if (!isCollapsed) renderTree(child, collapsed, out);
  }
  for (const file of dir.files) out.push(indent + file);
}

function allDirs(dir: Dir, out: Dir[]): Dir[] {
  for (const child of dir.dirs.values()) {
    out.push(child);
    allDirs(child, out);
  }
  return out;
}

/** Directories without source files are listed in full only up to this many files. */
const SMALL_DIR = 8;

function isHidden(dir: Dir, collapsed: ReadonlySet<Dir>): boolean {
  for (let p = dir.parent; p !== undefined; p = p.parent) if (collapsed.has(p)) return true;
  return false;
}

/**
 * The tree within a token budget: directories are collapsed to `name/ (N files)` until it fits (or only the
 * top level is left): first those without source files (tests, docs, support), then those holding no
 * well-ranked file, larger ones first.
 */
export function renderCompressedTree(paths: readonly string[], ranked: readonly RankedFile[], tokenBudget: number): string {
  const rankOf = new Map(ranked.map((r, i) => [r.path, i]));
  const root = buildTree(paths, rankOf, new Set(ranked.filter((r) => r.role === "source").map((r) => r.path)));
  const collapsed = new Set<Dir>();
  measure(root);
  const budgetChars = tokenBudget * 4;
  const collapse = (dir: Dir): void => {
    const saving = dir.size - (dirLine(dir, true).length + 1);
    if (saving <= 0) return;
    collapsed.add(dir);
    for (let d: Dir | undefined = dir; d !== undefined; d = d.parent) d.size -= saving;
  };
  // Directories of tests, docs or support files say little beyond their size, unless they are small.
  for (const dir of allDirs(root, [])) if (dir.sources === 0 && dir.count > SMALL_DIR && !isHidden(dir, collapsed)) collapse(dir);
  if (root.size > budgetChars) {
    const candidates = allDirs(root, []).sort(
      (a, b) => Number(a.sources > 0) - Number(b.sources > 0) || b.bestRank - a.bestRank || b.count - a.count || b.depth - a.depth,
    );
    for (const dir of candidates) {
      if (root.size <= budgetChars) break;
      if (!isHidden(dir, collapsed) && !collapsed.has(dir)) collapse(dir);
    }
  }
  const out: string[] = [];
  renderTree(root, collapsed, out);
  return out.join("\n");
}

/** The repo map: the compressed tree, then skeletons of the top-ranked files until the budget is spent. */
export function renderRepoMap(index: LocateIndex, ranked: readonly RankedFile[], tokenBudget: number, options: RepoMapOptions = {}): string {
  const treeBudget = Math.floor(tokenBudget * (options.treeShare ?? 0.4));
  const tree = renderCompressedTree(
    index.files.map((f) => f.path),
    ranked,
    treeBudget,
  );
  const parts = ["## Files", tree, "", "## Most likely files, with their definitions"];
  let used = estimateTokens(parts.join("\n"));
  const maxFiles = options.maxFiles ?? 30;
  const maxDefs = options.maxDefsPerFile ?? 60;
  let shown = 0;
  for (const r of ranked) {
    if (shown >= maxFiles) break;
    const i = index.lookup.indexOf(r.path);
    if (i === undefined) continue;
    const skeleton = renderSkeleton(index.tags.defs(i), maxDefs);
    let block = [r.path, ...skeleton];
    let cost = estimateTokens(block.join("\n")) + 1;
    if (used + cost > tokenBudget) {
      // Keep what fits of this file, then stop.
      while (block.length > 1 && used + cost > tokenBudget) {
        block = block.slice(0, -1);
        cost = estimateTokens(block.join("\n")) + 1;
      }
      if (used + cost <= tokenBudget) parts.push(...block);
      break;
    }
    parts.push(...block);
    used += cost;
    shown++;
  }
  return parts.join("\n");
}
