import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * The server's key for the state it hides in its own comments and pull request bodies.
 * Every marker carries an HMAC over its kind, its scope (repository and issue) and its
 * payload; a marker that does not verify is ignored, so state the app reads back is its own
 * and cannot be forged, moved to another issue or edited.
 */
export class StateKey {
  readonly #key: Buffer;

  /** `secret`: STACKSMITH_STATE_SECRET, or the app's private key (any process of the app has it). */
  constructor(secret: string) {
    if (secret.length < 16) throw new Error("the state secret must be at least 16 characters");
    this.#key = Buffer.from(hkdfSync("sha256", secret, "stacksmith", "stacksmith state v1", 32));
  }

  mac(text: string): string {
    return createHmac("sha256", this.#key).update(text, "utf8").digest("base64url");
  }

  verify(text: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(text), "utf8");
    const given = Buffer.from(mac, "utf8");
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** What a marker is bound to: one issue of one repository. */
export interface StateSeal {
  key: StateKey;
  scope: string;
}

export function sealFor(key: StateKey, repo: { owner: string; name: string }, issue: number): StateSeal {
  return { key, scope: `${repo.owner.toLowerCase()}/${repo.name.toLowerCase()}#${issue}` };
}
