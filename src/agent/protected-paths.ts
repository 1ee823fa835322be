/** Paths the model may not edit: CI workflows run with the repository's secrets. */
export function isProtectedPath(path: string): boolean {
  return path.startsWith(".github/workflows/");
}
