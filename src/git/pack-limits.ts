/**
 * How much a pack from the server may cost to index. The server says how many objects a pack
 * has and how big each one inflates; a hostile or broken one can claim anything, so nothing
 * is allocated or inflated on its word beyond these limits.
 */
import { PackTooLargeError } from "./pack-format.js";

export interface PackLimits {
  /** The pack's own size, as received. */
  maxPackBytes: number;
  /** What one object may inflate to: a whole object, a delta, or what a delta rebuilds. */
  maxObjectBytes: number;
  /** What all objects together may inflate to, deltas and what they rebuild included (a zip bomb's bound). */
  maxInflatedBytes: number;
}

const MiB = 2 ** 20;

/** isomorphic-git reads pack offsets as 32-bit numbers: it cannot read a bigger pack. */
export const MAX_PACK_BYTES = 2 ** 31 - 1;

/**
 * The least room an object takes in a pack: a one-byte header and a zlib stream of at least
 * 8 bytes (2 of header, 2 of the smallest deflate block, 4 of checksum).
 */
export const MIN_OBJECT_BYTES = 9;

export const DEFAULT_PACK_LIMITS: PackLimits = { maxPackBytes: MAX_PACK_BYTES, maxObjectBytes: 256 * MiB, maxInflatedBytes: 4096 * MiB };

/**
 * The limits for a server that clones repositories of up to `maxRepoMb` MB: a pack of at most
 * that size, whose objects inflate to at most four times as much.
 */
export function packLimitsForRepoMb(maxRepoMb: number): PackLimits {
  const maxInflatedBytes = Math.ceil(4 * maxRepoMb * MiB);
  return {
    maxPackBytes: Math.min(MAX_PACK_BYTES, Math.ceil(maxRepoMb * MiB)),
    maxObjectBytes: Math.min(DEFAULT_PACK_LIMITS.maxObjectBytes, maxInflatedBytes),
    maxInflatedBytes,
  };
}

/** Counts what a pack's objects inflate to, and refuses an object before it is inflated past a limit. */
export class InflateBudget {
  #spent = 0;

  constructor(readonly limits: PackLimits) {}

  /** Throws unless object `i` may inflate to `size` bytes. */
  check(i: number, size: number): void {
    if (size > this.limits.maxObjectBytes) {
      throw new PackTooLargeError(`object ${i} inflates to ${size} bytes, over the limit of ${this.limits.maxObjectBytes} bytes per object`);
    }
    if (this.#spent + size > this.limits.maxInflatedBytes) {
      throw new PackTooLargeError(`the pack's objects inflate to more than ${this.limits.maxInflatedBytes} bytes in all, the limit`);
    }
  }

  /** Counts `size` bytes inflated. */
  spend(size: number): void {
    this.#spent += size;
  }

  /** `check`, then `spend`. */
  take(i: number, size: number): void {
    this.check(i, size);
    this.#spent += size;
  }
}
