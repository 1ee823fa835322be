import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A smart-HTTP git server on 127.0.0.1 that answers with bytes the test wrote: for servers
 * `git http-backend` cannot play (lying, endless or hostile ones).
 */
export interface ScriptedGitServer {
  /** The URL of its one repository. */
  repoUrl: string;
  close(): Promise<void>;
}

export interface Script {
  /** Writes the body of GET info/refs?service=git-upload-pack. */
  advertise: (res: ServerResponse) => void;
  /** Writes the body of POST git-upload-pack. */
  uploadPack?: (res: ServerResponse, req: IncomingMessage) => void;
}

export function pkt(payload: string | Buffer): Buffer {
  const bytes = typeof payload === "string" ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from((bytes.length + 4).toString(16).padStart(4, "0")), bytes]);
}

export const FLUSH = Buffer.from("0000");
export const CAPABILITIES = "multi_ack_detailed thin-pack side-band-64k ofs-delta shallow no-progress";

/** An advertisement of `refs` (name → oid), the first line carrying the capabilities. */
export function advertisement(refs: Record<string, string>): Buffer {
  const lines = Object.entries(refs).map(([name, oid], i) => pkt(`${oid} ${name}${i === 0 ? `\0${CAPABILITIES}` : ""}\n`));
  return Buffer.concat([pkt("# service=git-upload-pack\n"), FLUSH, ...lines, FLUSH]);
}

/** An upload-pack result: shallow lines, NAK, then `pack` in side-band-64k packets and a flush. */
export function uploadPackResult(shallow: string[], pack: Buffer): Buffer {
  const parts = [...shallow.map((oid) => pkt(`shallow ${oid}\n`)), FLUSH, pkt("NAK\n")];
  for (let i = 0; i < pack.length; i += 65515) parts.push(pkt(Buffer.concat([Buffer.from([1]), pack.subarray(i, i + 65515)])));
  parts.push(FLUSH);
  return Buffer.concat(parts);
}

export async function startScriptedGitServer(script: Script): Promise<ScriptedGitServer> {
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.endsWith("/info/refs?service=git-upload-pack")) {
      res.writeHead(200, { "content-type": "application/x-git-upload-pack-advertisement" });
      script.advertise(res);
      return;
    }
    if (req.method === "POST" && req.url?.endsWith("/git-upload-pack") && script.uploadPack !== undefined) {
      req.resume();
      res.writeHead(200, { "content-type": "application/x-git-upload-pack-result" });
      script.uploadPack(res, req);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    repoUrl: `http://127.0.0.1:${port}/acme/widgets.git`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
