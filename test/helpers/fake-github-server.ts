import { startFakeHttp, type FakeHttp, type Route } from "./fake-http.js";

/**
 * GitHub's REST API for one repository, as a stand-in server (GHE_HOST=<host>, GHE_PROTOCOL=http,
 * so Probot calls `http://<host>/api/v3`). It keeps the comments and pull requests it is given,
 * so a second run finds the first one's progress comment and pull request, as on GitHub.
 */
export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  /** The installation token it hands out (App mode). */
  token: string;
  issue: { number: number; title: string; body: string };
  /** `.github/stacksmith.yml` on the default branch, or null for none. */
  config: string | null;
  /** The git server behind `/<owner>/<repo>.git` (GitHub serves git on the API's host). */
  git: string;
  /** Whose comments the app's are: the GitHub App with id 1 (default), or GitHub Actions' bot. */
  bot?: "app" | "actions";
}

export interface FakeGitHub extends FakeHttp {
  pullRequests: Array<{ number: number; head: string; base: string; title: string; body: string; draft: boolean }>;
  /** The issue's comments as they stand (the bot's progress comment among them). */
  comments: Array<{ id: number; body: string }>;
}

export async function startFakeGitHub(opts: FakeGitHubOptions): Promise<FakeGitHub> {
  const repo = `/api/v3/repos/${opts.owner}/${opts.repo}`;
  const pullRequests: FakeGitHub["pullRequests"] = [];
  const comments: FakeGitHub["comments"] = [];
  let nextComment = 9001;
  const bot =
    opts.bot === "actions"
      ? { user: { login: "github-actions[bot]", type: "Bot" }, performed_via_github_app: { id: 15368, slug: "github-actions" } }
      : { user: { login: "stacksmith[bot]", type: "Bot" }, performed_via_github_app: { id: 1, slug: "stacksmith" } };
  const at = (path: string) => new RegExp(`^${path.replaceAll("/", "\\/")}$`);
  const prJson = (pr: FakeGitHub["pullRequests"][number]) => ({
    number: pr.number,
    html_url: `https://github.com/${opts.owner}/${opts.repo}/pull/${pr.number}`,
    head: { ref: pr.head },
    base: { ref: pr.base },
    draft: pr.draft,
  });
  const routes: Route[] = [
    // The app itself, as its JWT sees it (the server's readiness check).
    { method: "GET", path: /^\/api\/v3\/app$/, reply: () => ({ status: 200, json: { id: 1, slug: "stacksmith", name: "Stacksmith" } }) },
    {
      method: "POST",
      path: /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/,
      reply: () => ({ status: 201, json: { token: opts.token, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: "all" } }),
    },
    {
      method: "GET",
      path: at(`${repo}/contents/.github%2Fstacksmith.yml`),
      reply: () =>
        opts.config === null
          ? { status: 404, json: { message: "Not Found" } }
          : { status: 200, json: { type: "file", encoding: "base64", content: Buffer.from(opts.config).toString("base64"), path: ".github/stacksmith.yml" } },
    },
    {
      method: "GET",
      path: new RegExp(`^${repo.replaceAll("/", "\\/")}\\/collaborators\\/[^/]+\\/permission$`),
      reply: () => ({ status: 200, json: { permission: "write", role_name: "write", user: { login: "Codertocat" } } }),
    },
    {
      method: "POST",
      path: /\/reactions$/,
      reply: (req) => ({ status: 201, json: { id: 1, content: (req.body as { content: string }).content } }),
    },
    {
      method: "GET",
      path: at(`${repo}/issues/${opts.issue.number}/comments`),
      reply: () => ({ status: 200, json: comments.map((c) => ({ ...c, ...bot })) }),
    },
    {
      method: "POST",
      path: at(`${repo}/issues/${opts.issue.number}/comments`),
      reply: (req) => {
        const comment = { id: nextComment++, body: (req.body as { body: string }).body };
        comments.push(comment);
        return { status: 201, json: { ...comment, ...bot } };
      },
    },
    {
      method: "PATCH",
      path: /\/issues\/comments\/(\d+)$/,
      reply: (req, match) => {
        const comment = comments.find((c) => c.id === Number(match[1]));
        if (comment === undefined) return { status: 404, json: { message: "Not Found" } };
        comment.body = (req.body as { body: string }).body;
        return { status: 200, json: { ...comment, ...bot } };
      },
    },
    {
      method: "GET",
      path: at(`${repo}/issues/${opts.issue.number}`),
      reply: () => ({ status: 200, json: { ...opts.issue, state: "open", user: { login: "Codertocat", type: "User" } } }),
    },
    {
      method: "GET",
      path: at(`${repo}/pulls`),
      reply: (req) => {
        const head = req.query.get("head") ?? "";
        return { status: 200, json: pullRequests.filter((pr) => `${opts.owner}:${pr.head}` === head).map(prJson) };
      },
    },
    {
      method: "POST",
      path: at(`${repo}/pulls`),
      reply: (req) => {
        const body = req.body as { head: string; base: string; title: string; body: string; draft: boolean };
        if (pullRequests.some((pr) => pr.head === body.head)) return { status: 422, json: { message: "A pull request already exists" } };
        const pr = { number: pullRequests.length + 2, ...body };
        pullRequests.push(pr);
        return { status: 201, json: prJson(pr) };
      },
    },
    {
      method: "PATCH",
      path: /\/pulls\/(\d+)$/,
      reply: (_req, match) => {
        const pr = pullRequests.find((p) => p.number === Number(match[1]));
        return pr === undefined ? { status: 404, json: { message: "Not Found" } } : { status: 200, json: prJson(pr) };
      },
    },
  ];
  const server = await startFakeHttp(routes, { git: opts.git });
  return Object.assign(server, { pullRequests, comments });
}
