import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", "./test/helpers/count-reporter.ts"],
    pool: "forks",
    // Most integration tests wait on git, Redis and child processes rather than the CPU.
    maxWorkers: 4,
    // Test files share a worker's module cache (Probot, isomorphic-git and tree-sitter load once
    // per worker); every file cleans up its own HTTP mocks, servers and queues.
    isolate: false,
  },
});
