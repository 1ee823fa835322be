import { redactSecrets } from "./sanitize.js";

/**
 * The secrets one job must never write anywhere: the server's keys and every installation
 * token handed out during the job. Applied where text enters the job from the model (so
 * nothing derived from an answer, a branch name, a commit, a file, the hidden state, holds
 * one) and again on everything written to GitHub.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string>) {
    for (const secret of secrets) this.add(secret);
  }

  /** Secrets shorter than 8 characters are not kept: they would redact ordinary words. */
  add(secret: string): void {
    if (secret.length >= 8) this.#secrets.add(secret);
  }

  text(value: string): string {
    return redactSecrets(value, this.#secrets);
  }

  /** A copy of a JSON-like value with every string redacted (dates and other objects kept). */
  deep<T>(value: T): T {
    return this.#deep(value) as T;
  }

  #deep(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.#deep(v));
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#deep(v)]));
    }
    return value;
  }
}
