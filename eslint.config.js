// @ts-check
import tseslint from "typescript-eslint";

/**
 * Each library is imported only inside its adapter folder. The composition roots
 * (src/main.ts, src/worker.ts, src/app.ts, src/action.ts, src/cli/) wire adapters together.
 */
const adapters = [
  { libs: ["probot", "probot/*", "@octokit/*", "@probot/*"], allowed: ["src/github/**", "src/main.ts", "src/worker.ts", "src/app.ts", "src/action.ts"] },
  { libs: ["isomorphic-git", "isomorphic-git/*", "memfs", "memfs/*"], allowed: ["src/git/**"] },
  { libs: ["@anthropic-ai/sdk", "@anthropic-ai/sdk/*", "openai", "openai/*"], allowed: ["src/llm/**"] },
  { libs: ["bullmq", "ioredis"], allowed: ["src/queue/bullmq*.ts", "src/queue/redis*.ts"] },
  { libs: ["web-tree-sitter", "tree-sitter-wasms", "tree-sitter-wasms/*"], allowed: ["src/locate/tree-sitter*.ts", "src/check/tree-sitter*.ts"] },
  { libs: ["diff"], allowed: ["src/edit/**"] },
  { libs: ["yaml"], allowed: ["src/config/**", "src/check/data-format*.ts"] },
  { libs: ["smol-toml"], allowed: ["src/check/data-format*.ts"] },
  { libs: ["hyparquet-writer"], allowed: ["src/cli/parquet-file.ts"] },
  { libs: ["eventsource-parser"], allowed: ["src/llm/**"] },
  { libs: ["pino", "pino/*", "pino-pretty"], allowed: ["src/shared/logger.ts"] },
];

export default tseslint.config(
  { ignores: ["dist/**", "dist-action/**", "node_modules/**", "coverage/**", "bench/.cache/**", "vendor/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-console": "error",
      "no-restricted-imports": [
        "error",
        { patterns: adapters.map(({ libs }) => ({ group: libs, message: "Import this library only from its adapter folder." })) },
      ],
    },
  },
  // Per adapter path: every library but the ones allowed there stays restricted.
  ...[...new Set(adapters.flatMap((a) => a.allowed))].map((glob) => ({
    files: [glob],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: adapters
            .filter((a) => !a.allowed.includes(glob))
            .map((a) => ({ group: a.libs, message: "Import this library only from its adapter folder." })),
        },
      ],
    },
  })),
  // The learning loop's data code stands below the agent: nothing in it reaches up into the pipeline.
  {
    files: ["src/dataset/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...adapters.map(({ libs }) => ({ group: libs, message: "Import this library only from its adapter folder." })),
            { group: ["**/agent/*", "**/local/*", "**/cli/*"], message: "dataset/ does not import the agent, the local platform or the CLI." },
          ],
        },
      ],
    },
  },
);
