import { createPrivateKey } from "node:crypto";
import { getPrivateKey } from "@probot/get-private-key";
import type { Env } from "../config/env.js";

/**
 * The GitHub App's private key as Probot reads it (PRIVATE_KEY, in PEM, with `\n` escapes or
 * base64; or the file at PRIVATE_KEY_PATH), or null when none is set. Throws a one-line
 * error when the variables name a key that cannot be read.
 */
export function resolvePrivateKey(env: Pick<Env, "PRIVATE_KEY" | "PRIVATE_KEY_PATH">): string | null {
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) return null;
  const source: Record<string, string> = {};
  if (env.PRIVATE_KEY) source.PRIVATE_KEY = env.PRIVATE_KEY;
  if (env.PRIVATE_KEY_PATH) source.PRIVATE_KEY_PATH = env.PRIVATE_KEY_PATH;
  let key: string | null;
  try {
    key = getPrivateKey({ env: source });
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^\[@probot\/get-private-key\] /, "") : String(err);
    throw new Error(`the GitHub App's private key cannot be read: ${message}`);
  }
  if (key === null) return null;
  try {
    createPrivateKey(key);
  } catch {
    throw new Error("the GitHub App's private key is not a valid PEM key: paste the whole .pem file the app's settings page gave you into PRIVATE_KEY, or point PRIVATE_KEY_PATH at it");
  }
  return key;
}
