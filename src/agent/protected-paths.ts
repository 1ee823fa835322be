import picomatch from "picomatch";

/**
 * Paths no configuration unprotects: what GitHub runs with the repository's secrets (workflows
 * and the actions beside them) and the app's own configuration.
 */
export const ALWAYS_PROTECTED_PATHS = [".github/workflows/**", ".github/actions/**", ".github/stacksmith.yml", ".github/stacksmith.yaml"] as const;

/**
 * A predicate for the paths the agent may not edit: the config's globs and the fixed floor,
 * matched without regard to case (a checkout on macOS or Windows folds `.GITHUB` to `.github`)
 * and with dot files included.
 */
export function protectedPathMatcher(globs: readonly string[]): (path: string) => boolean {
  const match = picomatch([...ALWAYS_PROTECTED_PATHS, ...globs], { dot: true, nocase: true });
  return (path) => match(path);
}
