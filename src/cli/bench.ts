import { UsageError, type CliCommand } from "./io.js";

/** Each benchmark is loaded only when it runs; add one with a line here. */
const BENCHMARKS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  locate: {
    summary: "rank files for issues (Acc@k, MRR, ms per task) per signal, combined, against plain BM25",
    load: async () => (await import("./bench-locate.js")).benchLocate,
  },
  replay: {
    summary: "replay gold patches through the edit engine and compare with git apply",
    load: async () => (await import("./bench-replay.js")).benchReplay,
  },
};

function usage(): string {
  const lines = Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(10)} ${b.summary}`);
  return ["usage: stacksmith bench <benchmark> [options]", "", "benchmarks:", ...lines, ""].join("\n");
}

/** `stacksmith bench <benchmark> …`: runs one benchmark. */
export const bench: CliCommand = async (argv, io) => {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const benchmark = BENCHMARKS[name];
  if (benchmark === undefined) throw new UsageError(`unknown benchmark '${name}'\n\n${usage()}`);
  return (await benchmark.load())(rest, io);
};
