import { describe, expect, it } from "vitest";
import { RepoView } from "../../../src/agent/repo-view.js";
import { writeProblem } from "../../../src/agent/write-guard.js";
import { workspaceOf } from "../../helpers/file-workspace.js";

const FILES = { "README.md": "# x\n", "src/app.py": "x = 1\n", "link": "README.md" };
const view = () => RepoView.open(workspaceOf(FILES, { link: "120000" }), "c0");
const open = { isProtected: (path: string) => path.startsWith(".github/workflows/") };

describe("writeProblem: the last check before a commit", () => {
  it("passes a plain change", async () => {
    expect(writeProblem(await view(), [{ path: "src/app.py", content: "x = 2\n" }, { path: "src/new.py", content: "" }, { path: "README.md", content: null }], open)).toBeNull();
  });

  it("refuses what the edit engine refuses, whoever produced the change", async () => {
    const v = await view();
    expect(writeProblem(v, [{ path: ".github/workflows/ci.yml", content: "on: push\n" }], open)).toBe("the change touches the protected path `.github/workflows/ci.yml`");
    expect(writeProblem(v, [{ path: "docs/\u202etxt.exe", content: "x" }], open)).toBe('the model named a path that cannot be written ("docs/\u202etxt.exe")');
    expect(writeProblem(v, [{ path: "../x", content: "x" }], open)).toMatch(/cannot be written/);
    expect(writeProblem(v, [{ path: "src", content: "x" }], open)).toBe("the change writes a file at `src`, which is a directory");
    expect(writeProblem(v, [{ path: "link/x", content: "x" }], open)).toBe("the change writes `link/x` below `link`, which is a file");
    expect(writeProblem(v, [{ path: "a", content: "x" }, { path: "a/b", content: "y" }], open)).toBe("the change writes both `a` and a file below it");
  });

  it("lets a file make way for a directory in the same change", async () => {
    expect(writeProblem(await view(), [{ path: "README.md", content: null }, { path: "README.md/index.md", content: "# x\n" }], open)).toBeNull();
  });

  it("caps what is written, in bytes: per file, per part, and the number of files", async () => {
    const v = await view();
    expect(writeProblem(v, [{ path: "big.txt", content: "é".repeat(600_000) }], open)).toBe("the change would make `big.txt` 1200000 bytes, over the 1048576-byte limit for a file the agent writes");
    expect(writeProblem(v, [{ path: "ok.txt", content: "é".repeat(500_000) }], open)).toBeNull();
    const many = Array.from({ length: 9 }, (_, i) => ({ path: `f${i}.txt`, content: "x".repeat(1_000_000) }));
    expect(writeProblem(v, many, open)).toBe("the change writes 9000000 bytes, more than the 8388608 one part may write");
    const files = Array.from({ length: 101 }, (_, i) => ({ path: `f${i}.txt`, content: "x" }));
    expect(writeProblem(v, files, open)).toBe("the change touches 101 files, more than the 100 one part may change");
  });
});
