import { repoConfigJsonSchema } from "../config/json-schema.js";
import { UsageError, type CliCommand } from "./io.js";

const HELP = "usage: stacksmith schema   prints the JSON schema of .github/stacksmith.yml (for editors: `# yaml-language-server: $schema=…`)\n";

/** Prints the JSON schema of `.github/stacksmith.yml`. */
export const schemaCommand: CliCommand = async (argv, io) => {
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    io.stdout.write(HELP);
    return 0;
  }
  if (argv.length > 0) throw new UsageError(`unexpected argument '${argv[0] ?? ""}'\n${HELP}`.trimEnd());
  io.stdout.write(`${JSON.stringify(repoConfigJsonSchema(), null, 2)}\n`);
  return 0;
};
