import picomatch from "picomatch";

/** A predicate for the paths the agent may not edit, from the config's globs. */
export function protectedPathMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = picomatch([...globs], { dot: true });
  return (path) => match(path);
}
