import git from "./isomorphic-git.js";

let switched: Promise<void> | undefined;

/**
 * isomorphic-git hashes objects with `crypto.subtle.digest` when it exists: one awaited
 * thread-pool round trip per object, which doubles clone time. It tests for SHA-1
 * support once and caches the answer, so failing that test once makes it use the
 * synchronous `createHash` for the rest of the process.
 */
export function useSyncSha1(): Promise<void> {
  switched ??= (async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "crypto");
    Object.defineProperty(globalThis, "crypto", {
      value: { subtle: { digest: () => Promise.reject(new Error("SHA-1 through crypto.subtle is disabled")) } },
      configurable: true,
    });
    try {
      await git.hashBlob({ object: "" });
    } finally {
      if (descriptor !== undefined) Object.defineProperty(globalThis, "crypto", descriptor);
    }
  })();
  return switched;
}
