/** Deterministic branch names: `stacksmith/issue-<N>/<k>-<slug>`. */

export function slugify(title: string, maxLength = 40): string {
  const slug = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = slug.slice(0, maxLength).replace(/-+$/g, "");
  return cut === "" ? "change" : cut;
}

export function branchName(issue: number, index: number, title: string): string {
  return `stacksmith/issue-${issue}/${index}-${slugify(title)}`;
}
