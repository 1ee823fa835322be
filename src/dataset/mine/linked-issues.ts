/**
 * Issues a pull request says it closes, by GitHub's closing keywords (`Fixes #12`,
 * `closes owner/repo#12`, `Resolves: #12`), in order, without repeats. References to other
 * repositories are ignored. Pure.
 */
export function linkedIssues(body: string, owner: string, name: string): number[] {
  const found: number[] = [];
  const pattern = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(?:([\w.-]+)\/([\w.-]+))?#(\d+)\b/gi;
  for (const m of body.matchAll(pattern)) {
    const [, o, n, num] = m;
    if (o !== undefined && (o.toLowerCase() !== owner.toLowerCase() || n?.toLowerCase() !== name.toLowerCase())) continue;
    const issue = Number(num);
    if (!found.includes(issue)) found.push(issue);
  }
  return found;
}
