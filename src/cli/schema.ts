import { repoConfigJsonSchema } from "../config/json-schema.js";
import type { CliCommand } from "./io.js";

/** Prints the JSON schema of `.github/stacksmith.yml`. */
export const schemaCommand: CliCommand = async (_argv, io) => {
  io.stdout.write(`${JSON.stringify(repoConfigJsonSchema(), null, 2)}\n`);
  return 0;
};
