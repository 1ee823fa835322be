import type { PathProblem } from "./types.js";

/** Drawn as nothing or as something else: default-ignorable code points (bidi controls, zero-width characters, variation selectors, tags), format characters, surrogates, private use, unassigned. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cs}\p{Co}\p{Cn}\u2800\u3164\uffa0]/u;
/** Spaces other than the plain one, and line or paragraph separators. */
const ODD_SPACE = /[\p{Zs}\p{Zl}\p{Zp}]/u;
const LATIN = /\p{Script=Latin}/u;
/** Scripts whose letters pass for Latin ones (Cyrillic а, Greek ο, …). */
const LOOKALIKE = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}\p{Script=Coptic}]/u;

/** `.git` as a file system may read it: any case, trailing dots or spaces, the 8.3 short name (git's own verify_path rules). */
function isGitDir(part: string): boolean {
  const name = part.toLowerCase().replace(/[. ]+$/, "");
  return name === ".git" || /^git~\d+$/.test(name);
}

/**
 * Why a model-written path may not be edited, or null when it is a plain path inside the
 * repository. Paths are repository-relative with "/" separators: no absolute paths, no
 * `..`, nothing inside a `.git` directory (any spelling a file system folds to it), no
 * empty or `.` components, no backslashes or control characters; and nothing that reads as
 * another path: bidirectional controls, invisible characters, odd spaces, characters that
 * compatibility normalisation changes (fullwidth letters, ligatures), and words that mix
 * Latin letters with look-alikes from another script.
 */
export function pathProblem(path: string): PathProblem | null {
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute";
  if (path === "" || path.includes("\\") || /[\u0000-\u001f\u007f-\u009f]/.test(path)) return "invalid";
  const parts = path.split("/");
  if (parts.includes("..")) return "parent";
  if (parts.some(isGitDir)) return "git-dir";
  if (parts.some((part) => part === "" || part === ".")) return "invalid";
  if (INVISIBLE.test(path) || ODD_SPACE.test(path.replaceAll(" ", ""))) return "deceptive";
  if (path.normalize("NFKC") !== path) return "deceptive";
  const words = path.split(/[^\p{L}\p{M}\p{N}]+/u);
  if (words.some((word) => LATIN.test(word) && LOOKALIKE.test(word))) return "deceptive";
  return null;
}
