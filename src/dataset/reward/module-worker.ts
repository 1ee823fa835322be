import { Worker } from "node:worker_threads";

/**
 * A worker thread running a module next to this one (`name` without extension): the compiled
 * `.js` in production. Run from TypeScript sources (tests, `tsx`), the worker loads the `.ts`
 * through tsx's `tsImport`, because Node 20 workers do not inherit loader hooks given with
 * `--import`.
 */
export function startModuleWorker(name: string, workerData?: unknown): Worker {
  const options = workerData === undefined ? {} : { workerData };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, import.meta.url), options);
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const code = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(code, { eval: true, ...options });
}
