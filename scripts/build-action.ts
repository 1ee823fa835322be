/**
 * Builds the GitHub Action: src/action.ts and everything it imports as one file,
 * dist-action/index.js, with the wasm files the locate step loads beside it and the licences of
 * what it bundles. The runner starts that file with its own Node (`runs.using: node20`): no
 * install, no build in the user's workflow. The output depends only on the sources and the
 * lockfile, so CI rebuilds it and fails when the committed copy differs.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { TAG_PATTERNS } from "../src/locate/tree-sitter-queries.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** dist-action/, or the folder given (the tests build a copy of their own). */
const out = resolve(process.argv[2] ?? join(root, "dist-action"));
const require = createRequire(join(root, "package.json"));

// Only what this script writes is replaced (a grammar dropped from the tagger goes too).
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (/^(index\.js|licenses\.txt|tree-sitter(-[a-z_]+)?\.wasm)$/.test(f)) rmSync(join(out, f));

// 1. One ES module. Bundled CommonJS packages `require` Node's built-ins through createRequire.
const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/action.ts"],
  outfile: join(out, "index.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  charset: "utf8",
  metafile: true,
  // Module paths as the project sees them (node_modules/…), whatever links node_modules is made of.
  preserveSymlinks: true,
  logLevel: "warning",
  banner: { js: 'import { createRequire as __stacksmithRequire } from "node:module"; const require = __stacksmithRequire(import.meta.url);' },
  // src/git/isomorphic-git.ts loads the package with `require` to skip Node's export scan; the bundle holds it instead.
  plugins: [
    {
      name: "isomorphic-git-in-bundle",
      setup(b) {
        b.onResolve({ filter: /\/isomorphic-git\.js$/ }, (args) => (args.importer.includes(`${sep}src${sep}git${sep}`) ? { path: "isomorphic-git-in-bundle", namespace: "stacksmith" } : undefined));
        b.onLoad({ filter: /.*/, namespace: "stacksmith" }, () => ({ contents: 'export { default } from "isomorphic-git";', resolveDir: root, loader: "js" }));
      },
    },
  ],
});

// 2. The wasm files: web-tree-sitter's runtime, and one grammar per language the tagger knows.
const runtimeWasm = require.resolve("web-tree-sitter/tree-sitter.wasm");
copyFileSync(runtimeWasm, join(out, "tree-sitter.wasm"));
const grammarDir = dirname(require.resolve("tree-sitter-wasms/out/tree-sitter-python.wasm"));
for (const name of Object.keys(TAG_PATTERNS).sort()) copyFileSync(join(grammarDir, `tree-sitter-${name}.wasm`), join(out, `tree-sitter-${name}.wasm`));

// 3. The licences of the bundled packages (and of the grammars), in a stable order.
function packageDirOf(input: string): string | null {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return null;
  const name = parts[at + 1]?.startsWith("@") ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
  return join(root, ...parts.slice(0, at + 1), ...name);
}
const packageDirs = new Set<string>(Object.keys(result.metafile.inputs).flatMap((input) => packageDirOf(input) ?? []));
packageDirs.add(dirname(runtimeWasm));
packageDirs.add(dirname(grammarDir));
const notices = [...packageDirs]
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string; license?: string };
    const file = readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)/i.test(f) && statSync(join(dir, f)).isFile());
    const text = file === undefined ? "" : `\n\n${readFileSync(join(dir, file), "utf8").trim()}`;
    return { key: `${pkg.name}@${pkg.version}`, text: `${pkg.name} ${pkg.version} (${pkg.license ?? "no licence field"})${text}` };
  })
  .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  .filter((notice, i, all) => i === 0 || all[i - 1]?.key !== notice.key);
writeFileSync(join(out, "licenses.txt"), `${notices.map((n) => n.text).join(`\n\n${"-".repeat(72)}\n\n`)}\n`);

// 4. What was written, for the one who ran it.
const sizes = readdirSync(out)
  .sort()
  .map((f) => `${relative(root, join(out, f)).split(sep).join("/")} ${(statSync(join(out, f)).size / 1024).toFixed(0)} KiB`);
process.stdout.write(`${sizes.join("\n")}\n`);
