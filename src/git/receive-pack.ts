/**
 * The client side of git's smart-HTTP receive-pack, protocol v1 (gitprotocol-http,
 * gitprotocol-pack): updates one branch with a compare-and-swap. The command names the
 * value the branch must have now (`old`, the zero id for "must not exist"); the server
 * updates the ref only if it still has that value, so a push never overwrites commits it
 * did not expect, even when someone pushes between our look and our write.
 */
import { gitRequest, type GitHttpResponse } from "./git-http.js";
import { FLUSH_PKT, GitProtocolError, PktLineSplitter, packetText, pktLine } from "./pkt-line.js";
import { expectContentType, readAdvertisement, type Advertisement } from "./ref-advertisement.js";

export const ZERO_OID = "0".repeat(40);
const AGENT = "agent=stacksmith";

export type ReceivePackRefs = Advertisement;

/** The server said no to the ref update; `reason` is its own words. */
export class RefUpdateRejected extends Error {
  override readonly name = "RefUpdateRejected";
  constructor(
    readonly ref: string,
    readonly reason: string,
  ) {
    super(`${ref}: ${reason}`);
  }
}

/** Reads a response of pkt-lines to its end, at most `maxPackets` of them. */
async function packets(res: GitHttpResponse, maxPackets: number): Promise<Array<Buffer | null>> {
  const splitter = new PktLineSplitter();
  const out: Array<Buffer | null> = [];
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    for (const packet of splitter.push(chunk)) {
      if (out.length >= maxPackets) throw new GitProtocolError("the server sent more than expected");
      out.push(packet === null ? null : Buffer.from(packet));
    }
  }
  if (!splitter.drained) throw new GitProtocolError("the response ends in the middle of a packet");
  return out;
}

/** GET info/refs for receive-pack: the branches the server has now (ref-advertisement.ts). */
export function listPushRefs(repoUrl: string, headers: Record<string, string>): Promise<ReceivePackRefs> {
  return readAdvertisement(repoUrl, headers, "git-receive-pack");
}

export interface RefUpdate {
  ref: string;
  /** The value the ref must have on the server now; ZERO_OID: it must not exist. */
  old: string;
  new: string;
}

/**
 * POST git-receive-pack: one ref update and the pack of objects it needs. Resolves when the
 * server reports the update done; throws RefUpdateRejected when it reports it refused.
 */
export async function sendPack(ad: ReceivePackRefs, headers: Record<string, string>, update: RefUpdate, pack: Buffer): Promise<void> {
  if (!ad.capabilities.has("report-status")) throw new GitProtocolError("the server does not support report-status");
  const sideBand = ad.capabilities.has("side-band-64k");
  const caps = ["report-status", ...(sideBand ? ["side-band-64k"] : []), ...(ad.capabilities.has("quiet") ? ["quiet"] : []), AGENT];
  const commands = pktLine(`${update.old} ${update.new} ${update.ref}\0${caps.join(" ")}\n`) + FLUSH_PKT;
  const res = await gitRequest({
    url: `${ad.repoUrl}/git-receive-pack`,
    method: "POST",
    headers: { ...headers, "content-type": "application/x-git-receive-pack-request", accept: "application/x-git-receive-pack-result" },
    body: Buffer.concat([Buffer.from(commands, "utf8"), pack]),
  });
  expectContentType(res, "application/x-git-receive-pack-result");
  const report = sideBand ? await unband(await packets(res, 100_000)) : await packets(res, 1_000);
  checkReport(report, update.ref);
}

/** The report-status packets carried in side-band 1 (gitprotocol-pack, "report-status"). */
async function unband(bands: Array<Buffer | null>): Promise<Array<Buffer | null>> {
  const splitter = new PktLineSplitter();
  const out: Array<Buffer | null> = [];
  for (const packet of bands) {
    if (packet === null) continue;
    const band = packet[0];
    if (band === 1) for (const p of splitter.push(packet.subarray(1))) out.push(p === null ? null : Buffer.from(p));
    else if (band === 3) throw new GitProtocolError(`the server failed: ${packetText(packet.subarray(1))}`);
    else if (band !== 2) throw new GitProtocolError(`unexpected side-band ${String(band)}`);
  }
  return out;
}

function checkReport(report: Array<Buffer | null>, ref: string): void {
  const lines = report.filter((p): p is Buffer => p !== null).map(packetText);
  const unpack = lines[0];
  if (unpack === undefined) throw new GitProtocolError("the server sent no report of the push");
  if (unpack !== "unpack ok") throw new RefUpdateRejected(ref, `the server could not unpack the objects (${unpack.replace(/^unpack /, "")})`);
  for (const line of lines.slice(1)) {
    if (line === `ok ${ref}`) return;
    if (line.startsWith(`ng ${ref} `)) throw new RefUpdateRejected(ref, line.slice(`ng ${ref} `.length));
  }
  throw new GitProtocolError(`the server's report does not mention ${ref}`);
}
