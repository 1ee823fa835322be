import type { PathProblem } from "./types.js";

/**
 * Why a model-written path may not be edited, or null when it is a plain path inside the
 * repository. Paths are repository-relative with "/" separators: no absolute paths, no
 * `..`, nothing inside a `.git` directory (any case), no empty or `.` components,
 * no backslashes or control characters.
 */
export function pathProblem(path: string): PathProblem | null {
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute";
  if (path === "" || path.includes("\\") || /[\u0000-\u001f\u007f]/.test(path)) return "invalid";
  const parts = path.split("/");
  if (parts.includes("..")) return "parent";
  if (parts.some((part) => part.toLowerCase() === ".git")) return "git-dir";
  if (parts.some((part) => part === "" || part === ".")) return "invalid";
  return null;
}
