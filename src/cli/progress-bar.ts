import type { Writable } from "node:stream";

/** A duration as a person reads it: 45s, 3m05s, 2h07m. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/**
 * One line of progress: a bar when the total is known, else a count. With the time spent so far,
 * a known total also gives the time left at the pace so far. Pure.
 */
export function renderProgress(done: number, total: number | null, detail: string, width = 24, elapsedMs?: number): string {
  if (total === null || total <= 0) return `${done} ${detail}`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${detail}`;
  if (elapsedMs === undefined || done <= 0) return bar;
  if (done >= total) return `${bar}, took ${formatDuration(elapsedMs)}`;
  return `${bar}, ETA ${formatDuration((elapsedMs / done) * (total - done))}`;
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
  readonly #started: number;
  #lastDraw = 0;
  #lastStep = -1;
  #drawn = false;

  constructor(out: Writable, total: number | null, now: () => number = Date.now) {
    this.#out = out;
    this.#total = total;
    this.#now = now;
    this.#started = now();
  }

  update(done: number, detail: string): void {
    const t = this.#now();
    const line = renderProgress(done, this.#total, detail, 24, t - this.#started);
    if (this.#out.isTTY === true) {
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
