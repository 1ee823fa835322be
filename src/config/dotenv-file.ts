import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * Loads `.env` (Probot's setup page writes the app's credentials there) into the environment,
 * before anything reads it: a variable already set in the environment wins over the file.
 * Returns the names the file set. A missing file is no error; an unreadable one is.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, path = join(process.cwd(), ".env")): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new Error(`${path} cannot be read: ${(err as Error).message}`);
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value === undefined || env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
