import type { Writable } from "node:stream";

/** One line of progress: a bar when the total is known, else a count. Pure. */
export function renderProgress(done: number, total: number | null, detail: string, width = 24): string {
  if (total === null || total <= 0) return `${done} ${detail}`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${detail}`;
}

/**
 * Progress on stderr. On a terminal the line is redrawn in place, at most every 100 ms;
 * elsewhere (a log file, CI) a line is written at each tenth of the total, or every 100
 * items when the total is unknown, so logs stay short. Hand-written: a dozen lines, where a
 * progress-bar package would bring its own terminal handling for no gain.
 */
export class ProgressLine {
  readonly #out: Writable & { isTTY?: boolean };
  readonly #total: number | null;
  readonly #now: () => number;
  #lastDraw = 0;
  #lastStep = -1;
  #drawn = false;

  constructor(out: Writable, total: number | null, now: () => number = Date.now) {
    this.#out = out;
    this.#total = total;
    this.#now = now;
  }

  update(done: number, detail: string): void {
    const line = renderProgress(done, this.#total, detail);
    if (this.#out.isTTY === true) {
      const t = this.#now();
      if (t - this.#lastDraw < 100 && done !== this.#total) return;
      this.#lastDraw = t;
      this.#out.write(`\r\x1b[2K${line}`);
      this.#drawn = true;
      return;
    }
    const step = this.#total === null ? Math.floor(done / 100) : Math.floor((10 * done) / this.#total);
    if (step === this.#lastStep) return;
    this.#lastStep = step;
    this.#out.write(`${line}\n`);
  }

  /** Ends the line on a terminal. */
  done(): void {
    if (this.#drawn) this.#out.write("\n");
  }
}
