"use strict";
/**
 * pako 1.x's API, as isomorphic-git uses it (inflate, deflate, Inflate#push/result/err/msg/
 * strm.avail_in), over node:zlib. Installed through `overrides` in the app's package.json.
 */
const zlib = require("node:zlib");

/** Copies a small result out of zlib's output chunk, so a kept object does not pin the chunk. */
function own(buffer) {
  return buffer.byteLength * 2 < buffer.buffer.byteLength ? new Uint8Array(buffer) : buffer;
}

function inflate(input) {
  return own(zlib.inflateSync(input));
}

function deflate(input, options) {
  return zlib.deflateSync(input, { level: options && options.level !== undefined ? options.level : -1 });
}

/** Streaming inflate: pushes collect input until one zlib stream ends; input after it is left in `strm.avail_in`. */
class Inflate {
  constructor() {
    this.chunks = [];
    this.length = 0;
    this.result = undefined;
    this.err = 0;
    this.msg = "";
    this.ended = false;
    this.strm = { avail_in: 0 };
  }

  push(chunk, mode) {
    if (this.ended) return false;
    const data = typeof chunk === "string" ? Buffer.from(chunk, "binary") : chunk;
    this.chunks.push(data);
    this.length += data.byteLength;
    const input = this.chunks.length === 1 ? data : Buffer.concat(this.chunks, this.length);
    try {
      const { buffer, engine } = zlib.inflateSync(input, { info: true });
      this.result = own(buffer);
      this.strm.avail_in = this.length - engine.bytesWritten;
      this.ended = true;
      this.chunks = [];
      return true;
    } catch (err) {
      const truncated = err && err.code === "Z_BUF_ERROR";
      if (truncated && mode !== true && mode !== 4) return true;
      this.err = err && typeof err.errno === "number" ? err.errno : -3;
      this.msg = err && err.message ? err.message : String(err);
      this.ended = true;
      return false;
    }
  }
}

module.exports = { inflate, deflate, Inflate, inflateRaw: zlib.inflateRawSync, deflateRaw: zlib.deflateRawSync };
