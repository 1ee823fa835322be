import { randomBytes } from "node:crypto";

/** A fresh frame id (96 random bits, hex), made once per job or command run. */
export function newFrameNonce(): string {
  return randomBytes(12).toString("hex");
}
