import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A TypeScript entry point run as its own Node process (through tsx), with its output kept. */
export interface NodeProcess {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves once the output contains `text`; rejects if the process exits first. */
  waitFor(text: string | RegExp): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment without the app's own settings, so a test states every one it uses. */
export function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(APP_ID|PRIVATE_KEY|PRIVATE_KEY_PATH|WEBHOOK_SECRET|WEBHOOK_PROXY_URL|REDIS_URL|GHE_HOST|GHE_PROTOCOL|ANTHROPIC_|STACKSMITH_|GITHUB_|INPUT_|LOG_)/.test(name)) delete env[name];
  }
  return env;
}

export function startNode(entry: string, args: string[], env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: ROOT,
    env: { ...baseEnv(), NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const found = () => (typeof text === "string" ? output.includes(text) : text.test(output));
        if (found()) return resolve();
        const check = () => {
          if (!found()) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then(({ code, signal }) => {
          if (!found()) reject(new Error(`${entry} exited (${code ?? signal}) before printing ${String(text)}:\n${output}`));
        });
      }),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
