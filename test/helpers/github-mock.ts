import nock from "nock";
import { APP_BOT, APP_VIA } from "./test-env.js";

export const GITHUB_API = "https://api.github.com";
export const INSTALLATION_TOKEN = "ghs_installation_token_for_tests";

export interface Recorded {
  comments: string[];
  commentUpdates: string[];
  reactions: Array<{ path: string; content: string }>;
  pullRequests: Array<Record<string, unknown>>;
  pullUpdates: Array<Record<string, unknown>>;
}

/** A nock scope for one repository, with builders for the calls a run makes. */
export function githubRepo(owner: string, repo: string, apiUrl = GITHUB_API) {
  const base = `${new URL(apiUrl).pathname.replace(/\/+$/, "")}/repos/${owner}/${repo}`;
  const root = new URL(apiUrl).pathname.replace(/\/+$/, "");
  const recorded: Recorded = { comments: [], commentUpdates: [], reactions: [], pullRequests: [], pullUpdates: [] };
  const api = () => nock(new URL(apiUrl).origin);
  return {
    recorded,
    token(value = INSTALLATION_TOKEN) {
      api()
        .post(`${root}/app/installations/1/access_tokens`)
        .reply(201, { token: value, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: "all" });
    },
    config(yaml: string | null, ref = "main") {
      const scope = api().get(`${base}/contents/${encodeURIComponent(".github/stacksmith.yml")}`).query({ ref });
      if (yaml === null) scope.reply(404, { message: "Not Found" });
      else scope.reply(200, { type: "file", encoding: "base64", content: Buffer.from(yaml).toString("base64"), path: ".github/stacksmith.yml" });
    },
    permission(login: string, permission: "admin" | "write" | "read" | "none", role = permission === "none" ? "read" : permission) {
      api()
        .get(`${base}/collaborators/${login}/permission`)
        .reply(200, { permission, role_name: role, user: { login } });
    },
    listComments(issue: number, comments: Array<{ id: number; body: string; user: { login: string; type: string }; performed_via_github_app?: { id: number; slug: string } }> = []) {
      api().get(`${base}/issues/${issue}/comments`).query({ per_page: "100" }).reply(200, comments);
    },
    reaction(path: string) {
      api()
        .post(`${base}/${path}/reactions`)
        .reply(201, (_uri, body) => {
          recorded.reactions.push({ path, content: (body as { content: string }).content });
          return { id: 1, content: (body as { content: string }).content };
        });
    },
    comment(issue: number, id = 9001) {
      api()
        .post(`${base}/issues/${issue}/comments`)
        .reply(201, (_uri, body) => {
          recorded.comments.push((body as { body: string }).body);
          return { id, body: (body as { body: string }).body, user: APP_BOT, performed_via_github_app: APP_VIA };
        });
    },
    commentUpdates(id: number, times: number) {
      api()
        .patch(`${base}/issues/comments/${id}`)
        .times(times)
        .reply(200, (_uri, body) => {
          recorded.commentUpdates.push((body as { body: string }).body);
          return { id, body: (body as { body: string }).body };
        });
    },
    issue(number: number, title: string, body: string) {
      api()
        .get(`${base}/issues/${number}`)
        .reply(200, { number, title, body, state: "open", user: { login: "Codertocat", type: "User" } });
    },
    noOpenPull(branch: string) {
      api().get(`${base}/pulls`).query({ head: `${owner}:${branch}`, state: "open", per_page: "1" }).reply(200, []);
    },
    createPull(number: number) {
      api()
        .post(`${base}/pulls`)
        .reply(201, (_uri, body) => {
          const b = body as Record<string, unknown>;
          recorded.pullRequests.push(b);
          return { number, html_url: `https://github.com/${owner}/${repo}/pull/${number}`, head: { ref: b.head }, base: { ref: b.base }, draft: b.draft };
        });
    },
  };
}
