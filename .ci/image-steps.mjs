#!/usr/bin/env node
// Runs the Dockerfile's steps without a Docker engine: each stage in a folder of its own, with
// this machine's Node standing in for the base image. FROM, WORKDIR, ENV, COPY (with --from)
// and RUN are carried out as written; then the image's CMD starts with test credentials and
// its HEALTHCHECK must pass. A change that breaks the image's build or start fails here.
import { execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";

const context = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = mkdtempSync(join(tmpdir(), "image-steps-"));
const lines = readFileSync(join(context, "Dockerfile"), "utf8")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));

const stages = new Map();
let stage = null;
let healthcheck = null;
let cmd = null;

const inStage = (s, path) => join(s.root, isAbsolute(path) ? path : join(s.workdir, path));

for (const line of lines) {
  const [instruction, ...rest] = line.split(/\s+/);
  const args = rest.join(" ");
  switch (instruction.toUpperCase()) {
    case "FROM": {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage-${stages.size}`;
      stage = { name, root: join(root, name), workdir: "/", env: {} };
      mkdirSync(stage.root, { recursive: true });
      stages.set(name, stage);
      break;
    }
    case "WORKDIR":
      stage.workdir = isAbsolute(args) ? args : join(stage.workdir, args);
      mkdirSync(inStage(stage, "."), { recursive: true });
      break;
    case "ENV":
      for (const pair of args.split(/\s+/)) {
        const [k, v] = pair.split("=");
        stage.env[k] = v;
      }
      break;
    case "COPY": {
      const parts = rest.filter((p) => !p.startsWith("--chown"));
      const from = parts[0]?.startsWith("--from=") ? stages.get(parts.shift().slice("--from=".length)) : null;
      const dest = parts.pop();
      for (const src of parts) {
        const source = from === null ? join(context, src) : inStage(from, src);
        const target = dest.endsWith("/") || parts.length > 1 ? join(inStage(stage, dest), src.split("/").pop()) : inStage(stage, dest);
        cpSync(source, target, { recursive: true, verbatimSymlinks: true });
      }
      break;
    }
    case "RUN":
      process.stdout.write(`[${stage.name}] RUN ${args}\n`);
      execFileSync("sh", ["-c", args], { cwd: inStage(stage, "."), stdio: "inherit", env: { PATH: process.env.PATH, HOME: process.env.HOME, ...stage.env } });
      break;
    case "HEALTHCHECK":
      healthcheck = /\bCMD\s+(.*)$/.exec(args)?.[1] ?? null;
      break;
    case "CMD":
      cmd = JSON.parse(args);
      break;
    default:
      break; // USER, EXPOSE, ARG: nothing to carry out here.
  }
}

if (stage === null || cmd === null || healthcheck === null) throw new Error("the Dockerfile has no final stage with CMD and HEALTHCHECK");
const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const port = String(30000 + Math.floor(Math.random() * 20000));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...stage.env, PORT: port, HOST: "127.0.0.1", APP_ID: "1", PRIVATE_KEY: key, WEBHOOK_SECRET: "image-steps-secret", ANTHROPIC_API_KEY: "sk-ant-image-steps" };
const server = spawn(cmd[0], cmd.slice(1), { cwd: inStage(stage, "."), env, stdio: ["ignore", "inherit", "inherit"] });
let healthy = false;
for (let i = 0; i < 60 && !healthy && server.exitCode === null; i++) {
  await new Promise((r) => setTimeout(r, 500));
  try {
    execFileSync("sh", ["-c", healthcheck.replace(/^\[|\]$/g, "")], { env, stdio: "ignore", timeout: 5000 });
    healthy = true;
  } catch {
    // not up yet
  }
}
server.kill("SIGTERM");
rmSync(root, { recursive: true, force: true });
if (!healthy) {
  process.stderr.write("image-steps: the image's CMD did not pass its HEALTHCHECK\n");
  process.exit(1);
}
process.stdout.write("image-steps: built every stage, started CMD, HEALTHCHECK passed\n");
