/**
 * isomorphic-git, loaded with `require`. Imported as an ES module, its CommonJS bundle (500 KB)
 * is first scanned for the names it exports (cjs-module-lexer): about 0.1 s of every process's
 * start, before a clone can begin. The module and its types are the same either way.
 */
import { createRequire } from "node:module";
import type IsomorphicGit from "isomorphic-git";

const require = createRequire(import.meta.url);

const git = require("isomorphic-git") as typeof IsomorphicGit;
export default git;
