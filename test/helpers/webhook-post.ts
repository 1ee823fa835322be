import { createHmac } from "node:crypto";

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** POSTs a webhook delivery like GitHub does, optionally with a signature. */
export async function postWebhook(
  url: string,
  delivery: { id: string; name: string; payload: unknown },
  signature: string | null | ((body: string) => string),
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(delivery.payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-github-event": delivery.name,
    "x-github-delivery": delivery.id,
    "user-agent": "GitHub-Hookshot/test",
  };
  const sig = typeof signature === "function" ? signature(body) : signature;
  if (sig !== null) headers["x-hub-signature-256"] = sig;
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, body: await response.text() };
}
