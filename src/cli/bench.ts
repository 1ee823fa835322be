import { UsageError, type CliCommand } from "./io.js";

/** `stacksmith bench <name>`: each benchmark is loaded only when it runs. */
const BENCHMARKS: Record<string, () => Promise<CliCommand>> = {
  locate: async () => (await import("./bench-locate.js")).benchLocate,
};

const bench: CliCommand = async (argv, io) => {
  const [name, ...rest] = argv;
  const load = name === undefined ? undefined : BENCHMARKS[name];
  if (load === undefined) throw new UsageError(`usage: stacksmith bench <${Object.keys(BENCHMARKS).join("|")}> [options]`);
  return (await load())(rest, io);
};

export default bench;
