/** Reads a commit's text files through the Workspace port, skipping what cannot help: binaries, huge or generated files. */
import type { FileEntry, Workspace } from "../git/workspace.js";
import type { SourceFile } from "./types.js";

export type SkipReason = "not-a-file" | "binary-extension" | "generated" | "too-large" | "binary-content" | "too-many-files";

export interface FileReader extends Pick<Workspace, "listFiles" | "readFile"> {
  /** Reads a blob by oid; faster than by path when the reader has it. */
  readBlob?(oid: string): Promise<Uint8Array>;
}

export interface LoadFilesOptions {
  /** Larger files are skipped (default 1 MiB). */
  maxFileBytes?: number;
  /** At most this many files are read, in path order (default 50,000). */
  maxFiles?: number;
}

export interface LoadedFiles {
  files: SourceFile[];
  skipped: { path: string; reason: SkipReason }[];
}

const BINARY_EXT =
  /\.(png|jpe?g|gif|bmp|ico|icns|webp|tiff?|psd|svgz|pdf|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|ear|class|o|a|so|dylib|dll|exe|bin|wasm|pyc|pyo|whl|egg|npy|npz|pkl|pickle|h5|hdf5|parquet|feather|db|sqlite3?|mp[34]|m4a|wav|ogg|flac|avi|mov|mkv|webm|ttf|otf|woff2?|eot|ipynb)$/i;
const GENERATED = /(^|\/)(node_modules|\.git|bower_components)\/|\.min\.(js|css)$|\.map$|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Pipfile\.lock|composer\.lock|go\.sum|Gemfile\.lock)$/;
const REGULAR_MODES = new Set(["100644", "100755"]);

/** Why an entry is skipped before reading it, or null to read it. */
export function skipBeforeReading(entry: FileEntry): SkipReason | null {
  if (!REGULAR_MODES.has(entry.mode)) return "not-a-file";
  if (BINARY_EXT.test(entry.path)) return "binary-extension";
  if (GENERATED.test(entry.path)) return "generated";
  return null;
}

/** Why content is skipped after reading it, or null to keep it. */
export function skipContent(bytes: Uint8Array, maxFileBytes: number): SkipReason | null {
  if (bytes.length > maxFileBytes) return "too-large";
  const probe = Math.min(bytes.length, 8000);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return "binary-content";
  return null;
}

/**
 * A file read from a commit: it keeps the bytes, which the tokeniser reads, and decodes its text when first
 * asked (then lets the bytes go), so files no one reads as text are never decoded. `bytes` is not enumerable:
 * the file reads as plain `{ path, text, oid }`.
 */
function blobFile(path: string, oid: string, bytes: Uint8Array): SourceFile {
  let raw: Uint8Array | undefined = bytes;
  let decoded: string | undefined;
  const file = {
    path,
    get text(): string {
      if (decoded === undefined) {
        decoded = decoder.decode(raw);
        raw = undefined;
      }
      return decoded;
    },
    oid,
  };
  Object.defineProperty(file, "bytes", { get: () => raw, enumerable: false });
  return file;
}

const decoder = new TextDecoder("utf-8");

export async function loadSourceFiles(reader: FileReader, commit: string, options: LoadFilesOptions = {}): Promise<LoadedFiles> {
  const maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
  const maxFiles = options.maxFiles ?? 50_000;
  const files: SourceFile[] = [];
  const skipped: LoadedFiles["skipped"] = [];
  for (const entry of await reader.listFiles(commit)) {
    const before = skipBeforeReading(entry);
    if (before !== null) {
      skipped.push({ path: entry.path, reason: before });
      continue;
    }
    if (files.length >= maxFiles) {
      skipped.push({ path: entry.path, reason: "too-many-files" });
      continue;
    }
    const bytes = reader.readBlob !== undefined ? await reader.readBlob(entry.oid) : await reader.readFile(commit, entry.path);
    if (bytes === null) continue;
    const after = skipContent(bytes, maxFileBytes);
    if (after !== null) {
      skipped.push({ path: entry.path, reason: after });
      continue;
    }
    files.push(blobFile(entry.path, entry.oid, bytes));
  }
  return { files, skipped };
}
