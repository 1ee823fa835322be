import type { StateSeal } from "./state-key.js";

/**
 * Machine-readable state hidden in markdown, on a line of its own:
 * `<!-- stacksmith:<kind> <base64 JSON> <hmac> -->`. Base64 keeps `-->` and other markdown
 * out of the payload; the HMAC (state-key.ts) binds it to its kind and scope. Readers take
 * only whole lines that verify, the last one first, so text rendered above it (which is
 * escaped anyway) cannot pass for state. Callers validate what they read.
 */

const MAX_PAYLOAD = 200_000;

function signed(kind: string, seal: StateSeal, payload: string): string {
  return `${kind}\n${seal.scope}\n${payload}`;
}

export function hiddenData(kind: string, data: unknown, seal: StateSeal): string {
  const payload = Buffer.from(JSON.stringify(data), "utf8").toString("base64");
  return `<!-- stacksmith:${kind} ${payload} ${seal.key.mac(signed(kind, seal, payload))} -->`;
}

export function readHiddenData(kind: string, markdown: string, seal: StateSeal): unknown {
  const prefix = `<!-- stacksmith:${kind} `;
  const lines = markdown.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? "").trim();
    if (!line.startsWith(prefix) || !line.endsWith(" -->") || line.length > MAX_PAYLOAD) continue;
    const [payload, mac, ...rest] = line.slice(prefix.length, -" -->".length).split(" ");
    if (payload === undefined || mac === undefined || rest.length > 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) continue;
    if (!seal.key.verify(signed(kind, seal, payload), mac)) continue;
    try {
      return JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as unknown;
    } catch {
      continue;
    }
  }
  return undefined;
}
