import nock from "nock";
import { git } from "./git-server.js";
import { GITHUB_API, INSTALLATION_TOKEN } from "./github-mock.js";
import { APP_BOT, APP_VIA } from "./test-env.js";

/**
 * A stateful stand-in for GitHub's REST API of one repository, served through nock: the
 * comments, pull requests, reviews and check runs the app reads and writes. Branch heads
 * come from the real bare repository. Each endpoint group is mocked only when a test asks
 * for it, so an endpoint a test registers but never uses fails it.
 */

type Json = Record<string, unknown>;

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  /** The GitHub App a comment was written through (the app's own: APP_VIA). */
  performed_via_github_app?: { id: number; slug: string };
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: "open" | "closed";
  merged: boolean;
}

export interface FakeReview {
  id: number;
  pr: number;
  state: string;
  body: string;
  user: string;
  comments: Array<{ id: number; path: string; line: number; body: string }>;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  conclusion: "success" | "failure";
  app: string;
  annotations?: Array<{ path: string; line: number; message: string }>;
  log?: string;
}

/**
 * comments: list and edit the issue's comments; new-comment: post one; pulls: edit pull
 * requests; open-pulls: find and create them; pull: read one; checks: check runs, their
 * annotations and job logs, and commit statuses; check-runs: the check runs and statuses only.
 */
export type EndpointGroup = "token" | "config" | "permission" | "comments" | "new-comment" | "issue" | "reactions" | "pulls" | "open-pulls" | "pull" | "reviews" | "checks" | "check-runs";

export class GitHubFake {
  readonly owner: string;
  readonly repo: string;
  readonly bare: string;
  readonly issue: { number: number; title: string; body: string };
  comments: FakeComment[] = [];
  pulls: FakePull[] = [];
  reviews: FakeReview[] = [];
  checkRuns = new Map<string, FakeCheckRun[]>();
  /** Commit statuses by commit (CI that reports statuses rather than checks). */
  statuses = new Map<string, Array<{ context: string; state: "success" | "failure" | "error" | "pending"; description?: string }>>();
  reactions: Array<{ path: string; content: string }> = [];
  replies: Array<{ pr: number; commentId: number; body: string }> = [];
  pullCreates: Json[] = [];
  pullUpdates: Array<{ number: number; fields: Json }> = [];
  commentWrites = 0;
  /** Logins with write access; everyone else has read access. */
  writers = new Set(["Codertocat", "ana", "maintainer"]);
  /** Logins with triage access (GitHub reports `read`, with the role `triage`). */
  triagers = new Set<string>();
  #nextComment = 5000;

  constructor(owner: string, repo: string, bare: string, issue: { number: number; title: string; body: string }) {
    this.owner = owner;
    this.repo = repo;
    this.bare = bare;
    this.issue = issue;
  }

  get #base(): string {
    return `/repos/${this.owner}/${this.repo}`;
  }

  /** The one progress comment's body (the app's bot comment). */
  get progress(): string {
    return this.comments.find((c) => c.performed_via_github_app?.id === APP_VIA.id)?.body ?? "";
  }

  #sha(ref: string): string {
    return git(this.bare, ["rev-parse", ref]);
  }

  #pullJson(p: FakePull): Json {
    return {
      number: p.number,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${p.number}`,
      title: p.title,
      body: p.body,
      draft: p.draft,
      state: p.state,
      merged: p.merged,
      head: { ref: p.head, sha: p.state === "open" ? this.#sha(p.head) : "0".repeat(40) },
      base: { ref: p.base },
      user: { login: "stacksmith[bot]", type: "Bot" },
      performed_via_github_app: APP_VIA,
    };
  }

  /** Serves the given endpoint groups until the test ends. */
  serve(groups: EndpointGroup[]): void {
    const api = () => nock(GITHUB_API).persist();
    const b = this.#base;
    for (const group of groups) {
      switch (group) {
        case "token":
          api()
            .post("/app/installations/1/access_tokens")
            .reply(201, { token: INSTALLATION_TOKEN, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: "all" });
          break;
        case "config":
          api().get(`${b}/contents/${encodeURIComponent(".github/stacksmith.yml")}`).query(true).reply(404, { message: "Not Found" });
          break;
        case "permission":
          api()
            .get(/\/collaborators\/[^/]+\/permission$/)
            .reply(200, (uri) => {
              const login = /collaborators\/([^/]+)\/permission/.exec(uri)?.[1] ?? "";
              const permission = this.writers.has(login) ? "write" : "read";
              return { permission, role_name: this.triagers.has(login) ? "triage" : permission, user: { login } };
            });
          break;
        case "issue":
          api().get(`${b}/issues/${this.issue.number}`).reply(200, () => ({ ...this.issue, state: "open", user: { login: "reporter", type: "User" } }));
          break;
        case "reactions":
          api()
            .post(/\/reactions$/)
            .reply(201, (uri, body) => {
              this.reactions.push({ path: uri.replace(`${b}/`, "").replace(/\/reactions$/, ""), content: (body as Json).content as string });
              return { id: 1 };
            });
          break;
        case "comments":
          api().get(`${b}/issues/${this.issue.number}/comments`).query(true).reply(200, () => this.comments);
          api()
            .patch(/\/issues\/comments\/\d+$/)
            .reply(200, (uri, body) => {
              const id = Number(uri.split("/").at(-1));
              const comment = this.comments.find((c) => c.id === id);
              if (comment === undefined) return [404, { message: "Not Found" }];
              comment.body = (body as Json).body as string;
              this.commentWrites += 1;
              return comment;
            });
          break;
        case "new-comment":
          api()
            .post(`${b}/issues/${this.issue.number}/comments`)
            .reply(201, (_uri, body) => {
              const comment: FakeComment = { id: this.#nextComment++, body: (body as Json).body as string, user: APP_BOT, performed_via_github_app: APP_VIA };
              this.comments.push(comment);
              this.commentWrites += 1;
              return comment;
            });
          break;
        case "open-pulls":
          api()
            .get(`${b}/pulls`)
            .query(true)
            .reply(200, (uri) => {
              const head = new URL(uri, GITHUB_API).searchParams.get("head")?.split(":")[1];
              return this.pulls.filter((p) => p.head === head && p.state === "open").map((p) => this.#pullJson(p));
            });
          api()
            .post(`${b}/pulls`)
            .reply(201, (_uri, body) => {
              const b2 = body as Json;
              this.pullCreates.push(b2);
              const pr: FakePull = { number: 100 + this.pulls.length + 1, title: String(b2.title), body: String(b2.body), head: String(b2.head), base: String(b2.base), draft: b2.draft === true, state: "open", merged: false };
              this.pulls.push(pr);
              return this.#pullJson(pr);
            });
          break;
        case "pulls":
          api()
            .patch(/\/pulls\/\d+$/)
            .reply(200, (uri, body) => {
              const number = Number(uri.split("/").at(-1));
              const pr = this.pulls.find((p) => p.number === number);
              if (pr === undefined) return [404, { message: "Not Found" }];
              const fields = body as Json;
              this.pullUpdates.push({ number, fields });
              if (typeof fields.body === "string") pr.body = fields.body;
              if (typeof fields.title === "string") pr.title = fields.title;
              if (typeof fields.base === "string") pr.base = fields.base;
              return this.#pullJson(pr);
            });
          break;
        case "pull":
          api()
            .get(/\/pulls\/\d+$/)
            .reply(200, (uri) => {
              const pr = this.pulls.find((p) => p.number === Number(uri.split("/").at(-1)));
              return pr === undefined ? [404, { message: "Not Found" }] : this.#pullJson(pr);
            });
          break;
        case "reviews":
          api()
            .get(/\/pulls\/\d+\/reviews\/\d+$/)
            .reply(200, (uri) => {
              const review = this.reviews.find((r) => r.id === Number(uri.split("/").at(-1)));
              return review === undefined ? [404, {}] : { id: review.id, state: review.state.toUpperCase(), body: review.body, user: { login: review.user } };
            });
          api()
            .get(/\/pulls\/\d+\/reviews\/\d+\/comments/)
            .reply(200, (uri) => {
              const id = Number(/reviews\/(\d+)\/comments/.exec(uri)?.[1]);
              const review = this.reviews.find((r) => r.id === id);
              return (review?.comments ?? []).map((c) => ({ ...c, user: { login: review?.user ?? "" } }));
            });
          api()
            .post(/\/pulls\/\d+\/comments\/\d+\/replies$/)
            .reply(201, (uri, body) => {
              const match = /pulls\/(\d+)\/comments\/(\d+)\/replies/.exec(uri);
              this.replies.push({ pr: Number(match?.[1]), commentId: Number(match?.[2]), body: (body as Json).body as string });
              return { id: 1 };
            });
          break;
        case "checks":
        case "check-runs":
          api()
            .get(/\/commits\/[0-9a-f]{40}\/check-runs/)
            .query(true)
            .reply(200, (uri) => {
              const sha = /commits\/([0-9a-f]{40})/.exec(uri)?.[1] ?? "";
              const runs = this.checkRuns.get(sha) ?? [];
              return {
                total_count: runs.length,
                check_runs: runs.map((r) => ({ id: r.id, name: r.name, status: "completed", conclusion: r.conclusion, app: { slug: r.app }, output: { summary: "" } })),
              };
            });
          api()
            .get(/\/commits\/[0-9a-f]{40}\/status$/)
            .query(true)
            .reply(200, (uri) => {
              const sha = /commits\/([0-9a-f]{40})/.exec(uri)?.[1] ?? "";
              const statuses = (this.statuses.get(sha) ?? []).map((st, i) => ({ id: i + 1, context: st.context, state: st.state, description: st.description ?? null, target_url: null }));
              return { state: statuses.some((st) => st.state !== "success") ? "failure" : "success", sha, statuses, total_count: statuses.length };
            });
          if (group === "check-runs") break;
          api()
            .get(/\/check-runs\/\d+\/annotations/)
            .query(true)
            .reply(200, (uri) => {
              const id = Number(/check-runs\/(\d+)/.exec(uri)?.[1]);
              const run = [...this.checkRuns.values()].flat().find((r) => r.id === id);
              return (run?.annotations ?? []).map((a) => ({ path: a.path, start_line: a.line, annotation_level: "failure", message: a.message }));
            });
          api()
            .get(/\/actions\/jobs\/\d+\/logs$/)
            .reply(200, (uri) => {
              const id = Number(/jobs\/(\d+)/.exec(uri)?.[1]);
              return [...this.checkRuns.values()].flat().find((r) => r.id === id)?.log ?? "";
            }, { "content-type": "text/plain" });
          break;
      }
    }
  }
}
