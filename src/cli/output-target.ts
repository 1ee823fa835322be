import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { UsageError } from "./io.js";

/**
 * How an output file is written. A regular file (or a new one) is written beside itself and
 * renamed into place when complete, so a failed run never leaves it truncated. Anything else
 * that exists (/dev/null, /dev/stdout, a named pipe) is written to as it is: renaming over it
 * would replace the device or the pipe with a file.
 */
export async function outputMode(target: string, shown: string): Promise<"replace" | "stream"> {
  const folder = await stat(dirname(target)).catch(() => null);
  if (folder === null || !folder.isDirectory()) throw new UsageError(`cannot write ${shown}: the folder ${dirname(target)} does not exist`);
  const existing = await stat(target).catch(() => null);
  if (existing === null || existing.isFile()) return "replace";
  if (existing.isDirectory()) throw new UsageError(`cannot write ${shown}: it is a folder`);
  return "stream";
}
