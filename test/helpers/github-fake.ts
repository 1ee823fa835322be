import nock from "nock";
import { git } from "./git-server.js";
import { GITHUB_API, INSTALLATION_TOKEN } from "./github-mock.js";
import { mergeOnGitHub, rebaseOnto, type MergeMethod } from "./merge-as-github.js";
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
  /** A closed pull request's head as it was when it closed, and what its merge made on the base (GitHub keeps both). */
  headSha?: string;
  mergeCommitSha?: string;
  /** GitHub's `mergeable_state` for it (`clean`, `dirty`…); unset: not computed yet. */
  mergeableState?: string;
}

/** A native stack as the fake holds it: its number and its pull requests, bottom to top. */
export interface FakeStack {
  number: number;
  prs: number[];
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
 * comments: list and edit the issue's comments; comment-list: list them only; new-comment: post one; pulls: edit pull
 * requests; open-pulls: find and create them; pull: read one; checks: check runs, their
 * annotations and job logs, and commit statuses; check-runs: the check runs and statuses only;
 * pr-comments: comments posted on pull requests; rerun: re-running an Actions job; stack-create, stack-find, stack-add: the Stacks
 * API's create, list (which finds a pull request's stack) and add (each 404 unless
 * `stacksEnabled`, as GitHub answers a repository without stacked pull requests).
 */
export type EndpointGroup =
  | "token"
  | "config"
  | "permission"
  | "comments"
  | "comment-list"
  | "new-comment"
  | "pr-comments"
  | "issue"
  | "reactions"
  | "pulls"
  | "open-pulls"
  | "pull"
  | "reviews"
  | "checks"
  | "check-runs"
  | "rerun"
  | "stack-create"
  | "stack-find"
  | "stack-add";

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
  /** Each pull request edit, with the head its branch had when it was made. */
  pullUpdates: Array<{ number: number; fields: Json; headSha: string }> = [];
  commentWrites = 0;
  /** Comments posted on pull requests (not the issue), in order. */
  prComments: Array<{ pr: number; body: string }> = [];
  /** The Actions jobs re-run, in order. */
  reruns: number[] = [];
  /** Whether the repository has GitHub's stacked pull requests, and the stacks it holds. */
  stacksEnabled = false;
  stacks: FakeStack[] = [];
  /** Every Stacks API request, in order. */
  stackRequests: Array<{ method: string; path: string; body: unknown }> = [];
  /** Every write the app made (method, path, and for pull request edits the fields), in order. */
  writes: string[] = [];
  /** `.github/stacksmith.yml` on the default branch (null: there is none). */
  config: string | null = null;
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
      merge_commit_sha: p.mergeCommitSha ?? null,
      mergeable_state: p.mergeableState ?? "unknown",
      head: { ref: p.head, sha: p.state === "open" ? this.#sha(p.head) : (p.headSha ?? "0".repeat(40)) },
      base: { ref: p.base },
      stack: this.#stackRef(p.number),
      user: { login: "stacksmith[bot]", type: "Bot" },
      performed_via_github_app: APP_VIA,
    };
  }

  /** The documented `stack` object of a pull request in a stack, or null. */
  #stackRef(pr: number): Json | null {
    const stack = this.stacks.find((s) => s.prs.includes(pr));
    if (stack === undefined) return null;
    const trunk = this.#trunkOf(stack);
    return { id: 9_000 + stack.number, number: stack.number, size: stack.prs.length, position: stack.prs.indexOf(pr) + 1, base: { ref: trunk, sha: this.#sha(trunk) } };
  }

  /** The stack's base: the bottom pull request's base, merged or not. */
  #trunkOf(stack: FakeStack): string {
    return this.pulls.find((p) => p.number === stack.prs[0])?.base ?? "main";
  }

  #stackJson(stack: FakeStack): Json {
    const pulls = stack.prs.map((n) => this.pulls.find((p) => p.number === n)).filter((p): p is FakePull => p !== undefined);
    return {
      id: 9_000 + stack.number,
      number: stack.number,
      node_id: `S_${stack.number}`,
      url: `https://api.github.com/repos/${this.owner}/${this.repo}/stacks/${stack.number}`,
      base: { ref: this.#trunkOf(stack) },
      open: pulls.some((p) => p.state === "open"),
      created_at: "2026-11-26T12:00:00Z",
      pull_requests: pulls.map((p) => ({
        number: p.number,
        state: p.state,
        draft: p.draft,
        merged_at: p.merged ? "2026-11-26T13:00:00Z" : null,
        head: { ref: p.head, sha: p.state === "open" ? this.#sha(p.head) : (p.headSha ?? "0".repeat(40)) },
      })),
    };
  }

  /** Why GitHub would refuse these pull requests as a stack (422), as its documented messages say, or null. */
  #stackRefusal(prs: number[], below: FakePull | undefined): string | null {
    const pulls = prs.map((n) => this.pulls.find((p) => p.number === n));
    if (pulls.some((p) => p === undefined || p.state !== "open")) return "Pull requests must be open";
    const stacked = prs.filter((n) => this.stacks.some((s) => s.prs.includes(n)));
    if (stacked.length > 0) return `Pull requests ${stacked.map((n) => `#${n}`).join(", ")} are already stacked`;
    const chain = [below, ...pulls];
    for (let i = 1; i < chain.length; i++) {
      const prev = chain[i - 1];
      if (prev !== undefined && chain[i]?.base !== prev.head) return "Pull requests must form a stack, where each PR's base ref is the previous PR's head ref";
    }
    return null;
  }

  /**
   * Merges a pull request as GitHub's button does, on the bare repository, and closes it with
   * GitHub's record (its last head, the merge commit). In a native stack, every pull request
   * below it merges with it, and GitHub then retargets the lowest one left to the stack's base
   * and rebases the rest onto it (`cascade`: the FAQ's `git rebase --onto <new> <old tip> <branch>`).
   */
  merge(number: number, method: MergeMethod, options: { cascade?: boolean } = {}): { headSha: string; mergeCommitSha: string } {
    const pr = this.pulls.find((p) => p.number === number);
    if (pr === undefined) throw new Error(`no pull request #${number}`);
    const stack = this.stacks.find((s) => s.prs.includes(number));
    const trunk = stack === undefined ? pr.base : this.#trunkOf(stack);
    const merged = mergeOnGitHub(this.bare, { head: pr.head, base: stack === undefined ? pr.base : trunk, method, title: pr.title });
    Object.assign(pr, { state: "closed", merged: true, headSha: merged.headSha, mergeCommitSha: merged.mergeCommitSha });
    if (stack !== undefined && options.cascade === true) {
      let onto = merged.mergeCommitSha;
      let upstream = merged.headSha;
      const above = stack.prs.slice(stack.prs.indexOf(number) + 1).map((n) => this.pulls.find((p) => p.number === n));
      above.forEach((p, i) => {
        if (p === undefined || p.state !== "open") return;
        if (i === 0) p.base = trunk;
        const oldTip = this.#sha(p.head);
        onto = rebaseOnto(this.bare, { branch: p.head, onto, upstream });
        upstream = oldTip;
      });
    }
    return merged;
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
          api()
            .get(`${b}/contents/${encodeURIComponent(".github/stacksmith.yml")}`)
            .query(true)
            .reply(() =>
              this.config === null
                ? [404, { message: "Not Found" }]
                : [200, { type: "file", encoding: "base64", content: Buffer.from(this.config).toString("base64"), path: ".github/stacksmith.yml" }],
            );
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
        case "comment-list":
        case "comments":
          api().get(`${b}/issues/${this.issue.number}/comments`).query(true).reply(200, () => this.comments);
          if (group === "comment-list") break;
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
        case "pr-comments":
          api()
            .post((path) => {
              const n = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path)?.[1];
              return n !== undefined && Number(n) !== this.issue.number;
            })
            .reply(201, (uri, body) => {
              const pr = Number(/issues\/(\d+)\/comments/.exec(uri)?.[1]);
              this.prComments.push({ pr, body: (body as Json).body as string });
              this.writes.push(`POST issues/${pr}/comments`);
              return { id: this.#nextComment++, body: (body as Json).body, user: APP_BOT, performed_via_github_app: APP_VIA };
            });
          break;
        case "rerun":
          api()
            .post(/\/actions\/jobs\/\d+\/rerun$/)
            .reply(201, (uri) => {
              this.reruns.push(Number(/jobs\/(\d+)\/rerun/.exec(uri)?.[1]));
              return {};
            });
          break;
        case "stack-find":
          api()
            .get(`${b}/stacks`)
            .query(true)
            .reply((uri) => {
              this.stackRequests.push({ method: "GET", path: uri, body: null });
              if (!this.stacksEnabled) return [404, { message: "Not Found" }];
              const pr = Number(new URL(uri, GITHUB_API).searchParams.get("pull_request") ?? "0");
              const found = [...this.stacks].reverse().filter((s) => pr === 0 || s.prs.includes(pr));
              return [200, found.map((s) => this.#stackJson(s))];
            });
          break;
        case "stack-create":
          api()
            .post(`${b}/stacks`)
            .reply((uri, body) => {
              this.stackRequests.push({ method: "POST", path: uri, body });
              if (!this.stacksEnabled) return [404, { message: "Not Found" }];
              const prs = ((body as Json).pull_requests as number[] | undefined) ?? [];
              if (prs.length < 2) return [422, { message: "Validation Failed", errors: ["Stack must contain at least two pull requests"] }];
              const refused = this.#stackRefusal(prs, undefined);
              if (refused !== null) return [422, { message: "Validation Failed", errors: [refused] }];
              const stack = { number: 42 + this.stacks.length, prs: [...prs] };
              this.stacks.push(stack);
              this.writes.push("POST stacks");
              return [201, this.#stackJson(stack)];
            });
          break;
        case "stack-add":
          api()
            .post(/\/stacks\/\d+\/add$/)
            .reply((uri, body) => {
              this.stackRequests.push({ method: "POST", path: uri, body });
              if (!this.stacksEnabled) return [404, { message: "Not Found" }];
              const stack = this.stacks.find((s) => s.number === Number(/stacks\/(\d+)\/add/.exec(uri)?.[1]));
              if (stack === undefined) return [404, { message: "Not Found" }];
              const prs = ((body as Json).pull_requests as number[] | undefined) ?? [];
              const top = this.pulls.find((p) => p.number === stack.prs.at(-1));
              const refused = prs.length === 0 ? "Validation Failed" : this.#stackRefusal(prs, top);
              if (refused !== null) return [422, { message: "Validation Failed", errors: [refused] }];
              stack.prs.push(...prs);
              this.writes.push(`POST stacks/${stack.number}/add`);
              return [200, this.#stackJson(stack)];
            });
          break;
        case "open-pulls":
          api()
            .get(`${b}/pulls`)
            .query(true)
            .reply(200, (uri) => {
              const params = new URL(uri, GITHUB_API).searchParams;
              const head = params.get("head")?.split(":")[1];
              const base = params.get("base");
              return this.pulls.filter((p) => p.state === "open" && (head === undefined ? p.base === base : p.head === head)).map((p) => this.#pullJson(p));
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
              this.pullUpdates.push({ number, fields, headSha: this.#sha(pr.head) });
              this.writes.push(`PATCH pulls/${number} ${Object.keys(fields).sort().join(",")}`);
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
