import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync, symlinkSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A real git smart-HTTP server: `git http-backend` behind a small Node wrapper on 127.0.0.1. */
export interface GitServer {
  url: string;
  root: string;
  /** The URL of a repository served as `<owner>/<name>.git`. */
  repoUrl(owner: string, name: string): string;
  /** The path of the bare repository on disk. */
  repoPath(owner: string, name: string): string;
  /** Requests seen, for assertions: method, path, and the bytes of the response body once it has ended. */
  requests: GitRequestRecord[];
  /** The tokens the server accepts now (tests change it to expire one). */
  tokens: Set<string>;
  close(): Promise<void>;
}

export interface GitRequestRecord {
  method: string;
  path: string;
  responseBytes: number;
}

export interface GitServerOptions {
  /** The token clients must send as `x-access-token:<token>` Basic auth. */
  token: string;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.com",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: tmpdir(),
};

export function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, { cwd, env: { ...process.env, ...GIT_ENV }, input, encoding: "utf8", maxBuffer: 1 << 30 }).trimEnd();
}

function authorised(req: IncomingMessage, tokens: Set<string>): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Basic (.+)$/.exec(header);
  if (match?.[1] === undefined) return false;
  const [user, token] = Buffer.from(match[1], "base64").toString("utf8").split(":");
  return user === "x-access-token" && token !== undefined && tokens.has(token);
}

function runBackend(root: string, req: IncomingMessage, res: ServerResponse, path: string, query: string, record: GitRequestRecord): void {
  const child = spawn("git", ["http-backend"], {
    env: {
      ...process.env,
      ...GIT_ENV,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: path,
      QUERY_STRING: query,
      REQUEST_METHOD: req.method ?? "GET",
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_USER: "x-access-token",
      REMOTE_ADDR: "127.0.0.1",
      HTTP_CONTENT_ENCODING: req.headers["content-encoding"] ?? "",
      GIT_HTTP_MAX_REQUEST_BUFFER: "1000M",
    },
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) {
      record.responseBytes += chunk.length;
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    record.responseBytes += head.length - end - 4;
    res.write(head.subarray(end + 4));
  });
  child.stderr.resume();
  child.on("close", () => {
    if (!headersDone) res.writeHead(500);
    res.end();
  });
}

export async function startGitServer(options: GitServerOptions): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), "stacksmith-git-"));
  const requests: GitRequestRecord[] = [];
  const tokens = new Set([options.token]);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const record: GitRequestRecord = { method: req.method ?? "GET", path: url.pathname, responseBytes: 0 };
    requests.push(record);
    if (!authorised(req, tokens)) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="git"' }).end("authentication required");
      return;
    }
    runBackend(root, req, res, url.pathname, url.search.replace(/^\?/, ""), record);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    root,
    requests,
    tokens,
    repoUrl: (owner, name) => `${base}/${owner}/${name}.git`,
    repoPath: (owner, name) => join(root, owner, `${name}.git`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(root, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

export interface CommitSpec {
  message: string;
  /** Path → content; null deletes the file; a symlink or a submodule (gitlink) entry. */
  files: Record<string, string | Buffer | null | { symlink: string } | { gitlink: string }>;
}

/**
 * Creates a bare repository `<owner>/<name>.git` under the server root from a list of
 * commits (each a file map applied on top of the previous one) on `branch`.
 */
export function createBareRepo(server: GitServer, owner: string, name: string, commits: CommitSpec[], branch = "main"): string {
  const bare = server.repoPath(owner, name);
  mkdirSync(dirname(bare), { recursive: true });
  git(dirname(bare), ["init", "-q", "--bare", "-b", branch, bare]);
  git(bare, ["config", "http.receivepack", "true"]);
  if (commits.length === 0) return bare;
  const work = mkdtempSync(join(tmpdir(), "stacksmith-work-"));
  try {
    git(work, ["init", "-q", "-b", branch]);
    for (const commit of commits) {
      const gitlinks: Array<[string, string]> = [];
      for (const [path, content] of Object.entries(commit.files)) {
        const full = join(work, path);
        if (content === null) {
          rmSync(full, { force: true });
          continue;
        }
        mkdirSync(dirname(full), { recursive: true });
        if (typeof content === "object" && "symlink" in content) symlinkSync(content.symlink, full);
        else if (typeof content === "object" && "gitlink" in content) gitlinks.push([path, content.gitlink]);
        else writeFileSync(full, content);
      }
      git(work, ["add", "-A"]);
      for (const [path, sha] of gitlinks) git(work, ["update-index", "--add", "--cacheinfo", `160000,${sha},${path}`]);
      git(work, ["commit", "-q", "--allow-empty", "-m", commit.message]);
    }
    git(work, ["push", "-q", bare, `${branch}:${branch}`]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bare;
}

/** Makes the bare repository refuse every push with `message`, as a protected branch does. */
export function rejectPushes(bare: string, message: string): void {
  const hook = join(bare, "hooks", "pre-receive");
  writeFileSync(hook, `#!/bin/sh\necho "${message}" >&2\nexit 1\n`);
  chmodSync(hook, 0o755);
}
