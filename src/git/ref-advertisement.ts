/**
 * GET info/refs (gitprotocol-http, protocol v1): the refs a git server has and what it can do,
 * for upload-pack (fetch) and receive-pack (push) alike. Protocol v1 lists every ref: on a host
 * that advertises pull requests (refs/pull/*) or a fork network's objects (`.have`), tens of
 * thousands of lines. They are parsed as they arrive, without copies or regular expressions;
 * `.have` lines, about objects only, are skipped.
 */
import { gitRequest, type GitHttpResponse } from "./git-http.js";
import { GitProtocolError, PktLineSplitter } from "./pkt-line.js";

export type GitService = "git-upload-pack" | "git-receive-pack";

export interface Advertisement {
  /** The repository's URL after redirects: where to POST. */
  repoUrl: string;
  /** Ref name → oid. */
  refs: Map<string, string>;
  capabilities: Set<string>;
}

const MiB = 2 ** 20;
/** The most of an advertisement read (about 60 bytes a ref: 64 MiB is a million refs). */
export const MAX_ADVERTISEMENT_BYTES = 64 * MiB;

export function expectContentType(res: GitHttpResponse, expected: string): void {
  if (!res.contentType.startsWith(expected)) {
    res.body.destroy();
    throw new GitProtocolError(`the server is not a smart-HTTP git server (content-type ${JSON.stringify(res.contentType)})`);
  }
}

/** Reads at most `maxBytes`, and nothing after the flush that ends the list. */
export async function readAdvertisement(repoUrl: string, headers: Record<string, string>, service: GitService, maxBytes = MAX_ADVERTISEMENT_BYTES): Promise<Advertisement> {
  const refsPath = `/info/refs?service=${service}`;
  const res = await gitRequest({ url: `${repoUrl}${refsPath}`, method: "GET", headers, redirects: 5 });
  expectContentType(res, `application/x-${service}-advertisement`);
  const refs = new Map<string, string>();
  const capabilities = new Set<string>();
  const splitter = new PktLineSplitter();
  let section: "service" | "refs" | "done" = "service";
  let received = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) throw new GitProtocolError(`the server's ref advertisement is over ${Math.round(maxBytes / MiB)} MiB; refusing to read more`);
    for (const packet of splitter.push(chunk)) {
      if (section === "done") throw new GitProtocolError("the server's ref advertisement goes on after its end");
      if (packet === null) {
        section = section === "service" ? "refs" : "done";
        continue;
      }
      if (startsWith(packet, "ERR ")) throw new GitProtocolError(`the server refused: ${text(packet).slice(4)}`);
      if (section === "service" && startsWith(packet, "# service=")) continue;
      section = "refs";
      // A shallow repository's advertisement ends with the commits it is cut at.
      if (isShallowLine(packet)) continue;
      readRefLine(packet, refs, capabilities);
    }
  }
  if (!splitter.drained) throw new GitProtocolError("the ref advertisement ends in the middle of a packet");
  const base = res.url.endsWith(refsPath) ? res.url.slice(0, -refsPath.length) : repoUrl;
  return { repoUrl: base, refs, capabilities };
}

/** `<40 hex> <name>[\0<capabilities>][\n]`, into `refs` (and `capabilities`). */
function readRefLine(line: Buffer, refs: Map<string, string>, capabilities: Set<string>): void {
  let end = line.length;
  if (line[end - 1] === 0x0a) end--;
  const nul = line.indexOf(0, 41);
  const nameEnd = nul >= 0 && nul < end ? nul : end;
  const space = line.indexOf(0x20, 41);
  if (nameEnd <= 41 || line[40] !== 0x20 || !isHex40(line) || (space >= 0 && space < nameEnd)) {
    throw new GitProtocolError(`bad ref line ${JSON.stringify(text(line).slice(0, 100))}`);
  }
  if (nameEnd < end) for (const cap of line.toString("utf8", nameEnd + 1, end).split(" ")) if (cap !== "") capabilities.add(cap);
  // `.have` (objects of an alternate) and `capabilities^{}` (an empty repository's placeholder) name no ref.
  if (is(line, 41, nameEnd, ".have") || is(line, 41, nameEnd, "capabilities^{}")) return;
  refs.set(line.toString("utf8", 41, nameEnd), line.toString("latin1", 0, 40));
}

/** `shallow <40 hex>[\n]`. */
function isShallowLine(line: Buffer): boolean {
  const length = line[line.length - 1] === 0x0a ? line.length - 1 : line.length;
  return length === 48 && startsWith(line, "shallow ") && isHex40(line, 8);
}

function isHex40(line: Buffer, at = 0): boolean {
  for (let i = at; i < at + 40; i++) {
    const c = line[i] ?? 0;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

function startsWith(packet: Buffer, prefix: string): boolean {
  return is(packet, 0, Math.min(packet.length, prefix.length), prefix);
}

/** Whether bytes start..end of `buf` are the ASCII string `s`. */
function is(buf: Buffer, start: number, end: number, s: string): boolean {
  if (end - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (buf[start + i] !== s.charCodeAt(i)) return false;
  return true;
}

function text(packet: Buffer): string {
  const s = packet.toString("utf8");
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}
