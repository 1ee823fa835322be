/**
 * A deterministic synthetic repository for the clone benchmark: about 5,000 code-like text
 * files (30 MB at the tip) in 200 commits, written with `git fast-import` from a seeded PRNG
 * and cached as a bare repository under bench/.cache/.
 *
 * 150 commits add files in batches; 50 edit 20 files each. About 30 % of the files are near
 * copies of another file under the same name in a different folder (as vendored code is), so
 * the pack has deltas, as real packs do.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

const VERSION = "v1";
/** The head commit every generation of this version produces. */
export const EXPECTED_HEAD = "ef53e381e855757017b84bde0812ca922d967fb4";
const SEED = 0x5eed_c10e;
const FILES = 5_000;
const ADD_COMMITS = 150;
const EDIT_COMMITS = 50;
const EDITS_PER_COMMIT = 20;
const TARGET_TIP_BYTES = 30 * 1024 * 1024;

/** mulberry32: a small seeded PRNG, so the repository is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["ar", "be", "co", "da", "el", "fi", "go", "ha", "in", "jo", "ka", "lu", "me", "no", "op", "pa", "qu", "re", "si", "to", "un", "ve", "wa", "xe", "yo", "za"];
const KEYWORDS = ["const", "let", "return", "if", "else", "for", "await", "export", "function", "new", "throw", "import"];

class TextMaker {
  readonly #rand: () => number;
  readonly #words: string[];

  constructor(rand: () => number) {
    this.#rand = rand;
    this.#words = Array.from({ length: 1_500 }, () => this.#word());
  }

  int(n: number): number {
    return Math.floor(this.#rand() * n);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  #word(): string {
    let w = "";
    const n = 2 + this.int(3);
    for (let i = 0; i < n; i++) w += SYLLABLES[this.int(SYLLABLES.length)];
    return w;
  }

  /** A word from a Zipf-like distribution: a few words are very common, as in code. */
  ident(): string {
    const r = this.#rand();
    return this.#words[Math.floor(r * r * r * this.#words.length)] ?? "x";
  }

  codeLine(indent: number): string {
    const pad = "  ".repeat(indent);
    switch (this.int(6)) {
      case 0:
        return `${pad}const ${this.ident()} = ${this.ident()}.${this.ident()}(${this.ident()}, ${this.int(1000)});`;
      case 1:
        return `${pad}if (${this.ident()} > ${this.int(100)}) return ${this.ident()};`;
      case 2:
        return `${pad}// ${Array.from({ length: 3 + this.int(8) }, () => this.ident()).join(" ")}`;
      case 3:
        return `${pad}${this.pick(KEYWORDS)} ${this.ident()}(${this.ident()}: ${this.ident()}): ${this.ident()} {`;
      case 4:
        return `${pad}${this.ident()}.${this.ident()} = "${this.ident()}-${this.int(10_000)}";`;
      default:
        return `${pad}await ${this.ident()}({ ${this.ident()}, ${this.ident()}: ${this.int(50)} });`;
    }
  }

  file(ext: string, bytes: number): string {
    const lines: string[] = [];
    let size = 0;
    if (ext === "json") {
      lines.push("{");
      while (size < bytes) {
        const line = `  "${this.ident()}_${this.int(500)}": ${this.int(2) === 0 ? `"${this.ident()}"` : String(this.int(100_000))},`;
        lines.push(line);
        size += line.length + 1;
      }
      lines.push(`  "end": true`, "}");
    } else if (ext === "md") {
      while (size < bytes) {
        const line = this.int(8) === 0 ? `## ${this.ident()} ${this.ident()}` : Array.from({ length: 6 + this.int(12) }, () => this.ident()).join(" ");
        lines.push(line);
        size += line.length + 1;
      }
    } else {
      while (size < bytes) {
        const line = this.codeLine(this.int(4));
        lines.push(line);
        size += line.length + 1;
      }
    }
    return `${lines.join("\n")}\n`;
  }

  /** A copy of `text` with a few lines replaced, inserted or removed. */
  mutate(text: string, changes: number): string {
    const lines = text.split("\n");
    for (let i = 0; i < changes; i++) {
      const at = this.int(lines.length);
      const kind = this.int(3);
      if (kind === 0) lines.splice(at, 1, this.codeLine(1));
      else if (kind === 1) lines.splice(at, 0, this.codeLine(2));
      else if (lines.length > 2) lines.splice(at, 1);
    }
    return lines.join("\n");
  }
}

interface FileSpec {
  path: string;
  content: string;
}

function* commits(): Generator<{ message: string; files: FileSpec[] }> {
  const t = new TextMaker(prng(SEED));
  const packages = Array.from({ length: 40 }, () => t.ident());
  const folders = ["src", "src/lib", "src/core", "src/util", "test", "docs", "config", "scripts"];
  const exts = ["ts", "ts", "ts", "ts", "ts", "ts", "js", "js", "json", "md"];
  const meanBytes = TARGET_TIP_BYTES / FILES;
  const all: FileSpec[] = [];
  const used = new Set<string>();
  const perCommit = Math.ceil(FILES / ADD_COMMITS);
  for (let c = 0; c < ADD_COMMITS; c++) {
    const batch: FileSpec[] = [];
    for (let i = 0; i < perCommit && all.length < FILES; i++) {
      const source = all.length > 50 && t.int(10) < 3 ? t.pick(all) : undefined;
      let path: string;
      let content: string;
      if (source !== undefined) {
        const name = source.path.slice(source.path.lastIndexOf("/") + 1);
        path = `packages/${t.pick(packages)}/${t.pick(folders)}/${name}`;
        content = t.mutate(source.content, 1 + t.int(6));
      } else {
        const ext = t.pick(exts);
        path = `packages/${t.pick(packages)}/${t.pick(folders)}/${t.ident()}-${t.ident()}.${ext}`;
        // Sizes spread from a few hundred bytes to about 6x the mean.
        const r = t.int(1_000) / 1_000;
        content = t.file(ext, Math.floor(200 + meanBytes * 2.75 * r * r));
      }
      if (used.has(path)) continue;
      used.add(path);
      const file = { path, content };
      all.push(file);
      batch.push(file);
    }
    yield { message: `Add ${batch.length} files (batch ${c + 1})`, files: batch };
  }
  for (let c = 0; c < EDIT_COMMITS; c++) {
    const batch: FileSpec[] = [];
    for (let i = 0; i < EDITS_PER_COMMIT; i++) {
      const file = t.pick(all);
      file.content = t.mutate(file.content, 1 + t.int(4));
      batch.push({ path: file.path, content: file.content });
    }
    yield { message: `Edit ${batch.length} files (round ${c + 1})`, files: batch };
  }
}

function fastImportStream(): Buffer {
  const parts: Buffer[] = [];
  let time = 1_700_000_000;
  for (const commit of commits()) {
    time += 3_600;
    const message = Buffer.from(commit.message);
    parts.push(Buffer.from(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${time} +0000\ndata ${message.length}\n`), message, Buffer.from("\n"));
    for (const file of commit.files) {
      const content = Buffer.from(file.content);
      parts.push(Buffer.from(`M 100644 inline ${file.path}\ndata ${content.length}\n`), content, Buffer.from("\n"));
    }
    parts.push(Buffer.from("\n"));
  }
  return Buffer.concat(parts);
}

function run(cwd: string, args: string[], input?: Buffer): string {
  return execFileSync("git", args, { cwd, input, encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } }).trim();
}

/** The cached bare repository, generated on first use. Returns its path. */
export function syntheticRepo(cacheDir: string): string {
  const path = join(cacheDir, `clone-repo-${VERSION}.git`);
  if (existsSync(join(path, "stacksmith-complete"))) return path;
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run(tmp, ["init", "-q", "--bare", "-b", "main"]);
  const result = spawnSync("git", ["fast-import", "--quiet"], { cwd: tmp, input: fastImportStream(), maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git fast-import failed: ${result.stderr.toString()}`);
  run(tmp, ["repack", "-adfq", "--window=50", "--depth=50"]);
  run(tmp, ["prune-packed"]);
  execFileSync("touch", [join(tmp, "stacksmith-complete")]);
  rmSync(path, { recursive: true, force: true });
  renameSync(tmp, path);
  return path;
}

export function describeRepo(path: string, branch = "main"): { head: string; files: number; tipBytes: number; commits: number } {
  const head = run(path, ["rev-parse", branch]);
  const sizes = run(path, ["ls-tree", "-r", "-l", branch]).split("\n");
  let tipBytes = 0;
  for (const line of sizes) tipBytes += Number.parseInt(line.split(/\s+/)[3] ?? "0", 10);
  const commits = Number.parseInt(run(path, ["rev-list", "--count", branch]), 10);
  return { head, files: sizes.length, tipBytes, commits };
}
