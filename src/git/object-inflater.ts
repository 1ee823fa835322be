/**
 * Inflates a pack's objects one after another through one zlib context, reset between
 * objects, each straight into a buffer of its size: no engine, window and output chunk made
 * per object, as `inflateSync` makes them. An object cut off by the end of the bytes so far is
 * resumed where it stopped once more arrive, so each byte of the pack is inflated once.
 *
 * node:zlib has no public synchronous API that keeps its context: this drives the engine's
 * handle as `inflateSync` itself does (`writeSync` and the two-number write state), and falls
 * back to `inflateSync`, restarting cut objects, where a Node release lacks them.
 */
import zlib, { constants } from "node:zlib";
import { inflateAt, PackError } from "./pack-format.js";

/** The part of an Inflate engine's handle that `inflateSync` uses. */
interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
}

interface Engine {
  handle: ZlibHandle;
  /** After each write: output bytes left, input bytes left. */
  state: Uint32Array;
  inflate: zlib.Inflate;
}

function openEngine(): Engine | null {
  const inflate = zlib.createInflate();
  // A corrupt stream destroys the engine (seen as `destroyed` after the write) and emits the error later: that one is not wanted.
  inflate.on("error", () => undefined);
  const internals = inflate as unknown as { _handle?: Partial<ZlibHandle>; _writeState?: unknown };
  const handle = internals._handle;
  if (typeof handle?.writeSync !== "function" || !(internals._writeState instanceof Uint32Array) || internals._writeState.length !== 2) {
    inflate.close();
    return null;
  }
  return { handle: handle as ZlibHandle, state: internals._writeState, inflate };
}

export class ObjectInflater {
  #engine: Engine | null | undefined;
  /** The object being inflated and cut off: its output so far and the input it has taken. */
  #out: Buffer | null = null;
  #produced = 0;
  #consumed = 0;

  /** Whether a cut object is resumed (else inflated again from its start, so wait for more bytes before retrying). */
  get resumes(): boolean {
    return this.#open() !== null;
  }

  /**
   * Inflates the zlib stream at the start of `input` into its `size` bytes and says how many
   * input bytes it took; null when `input` ends before the stream does. Call again with the
   * same start and more bytes (`resume`), or with the next object.
   *
   * A stream that ends exactly at the end of `input` may lack its checksum, so it counts as
   * cut: the pack's 20-byte trailer always follows the last object.
   */
  inflate(input: Buffer, size: number, resume = false): { data: Buffer; used: number } | null {
    const engine = this.#open();
    if (engine === null) return inflateAt(input, size);
    if (!resume || this.#out === null) {
      engine.inflate.reset();
      // One byte over the size, to see an object that inflates to more than its header says.
      this.#out = Buffer.allocUnsafe(size + 1);
      this.#produced = 0;
      this.#consumed = 0;
    }
    const out = this.#out;
    const from = this.#consumed;
    engine.handle.writeSync(constants.Z_SYNC_FLUSH, input, from, input.length - from, out, this.#produced, out.length - this.#produced);
    if (engine.inflate.destroyed) {
      this.#engine = undefined;
      this.#out = null;
      throw new PackError("an object does not inflate: the zlib stream is corrupt");
    }
    const [outLeft = 0, inLeft = 0] = engine.state;
    this.#produced = out.length - outLeft;
    this.#consumed = input.length - inLeft;
    if (this.#produced > size) throw new PackError(`an object inflates to more than the ${size} bytes its header says`);
    if (inLeft === 0) return null;
    this.#out = null;
    if (this.#produced < size) throw new PackError(`an object inflated to ${this.#produced} bytes, its header says ${size}`);
    return { data: out.subarray(0, size), used: this.#consumed };
  }

  /** Frees the zlib context now rather than when it is collected. */
  close(): void {
    this.#engine?.inflate.close();
    this.#engine = undefined;
    this.#out = null;
  }

  #open(): Engine | null {
    if (this.#engine === undefined) this.#engine = openEngine();
    return this.#engine;
  }
}
