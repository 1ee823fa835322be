import { describe, expect, it } from "vitest";
import { createMapFs } from "../../../src/git/map-fs.js";

describe("createMapFs", () => {
  it("reads back what was written, as bytes or text, without copying", async () => {
    const { promises: fs } = createMapFs();
    await fs.mkdir("/repo");
    const data = Buffer.from("content");
    await fs.writeFile("/repo/a", data);
    await fs.writeFile("/repo/b", "text", "utf8");
    expect(await fs.readFile("/repo/a")).toBe(data);
    expect(await fs.readFile("/repo/b", { encoding: "utf8" })).toBe("text");
    expect((await fs.stat("/repo/a")).size).toBe(7);
    expect((await fs.stat("/repo")).isDirectory()).toBe(true);
    expect((await fs.readdir("/repo")).sort()).toEqual(["a", "b"]);
  });

  it("returns a file that fills its ArrayBuffer as the ArrayBuffer, which isomorphic-git views without copying", async () => {
    const { promises: fs } = createMapFs();
    const pack = Buffer.from(new ArrayBuffer(8192));
    await fs.writeFile("/pack", pack);
    expect(await fs.readFile("/pack")).toBe(pack.buffer);
  });

  it("fails as Node's fs does, with the codes isomorphic-git checks", async () => {
    const { promises: fs } = createMapFs();
    await fs.mkdir("/d");
    await fs.writeFile("/d/f", "x");
    await expect(fs.readFile("/missing")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(fs.readFile("/d")).rejects.toMatchObject({ code: "EISDIR" });
    await expect(fs.writeFile("/no/such/dir/f", "x")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(fs.writeFile("/d/f/g", "x")).rejects.toMatchObject({ code: "ENOTDIR" });
    await expect(fs.mkdir("/d")).rejects.toMatchObject({ code: "EEXIST" });
    await expect(fs.mkdir("/a/b")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(fs.rmdir("/d")).rejects.toMatchObject({ code: "ENOTEMPTY" });
    await expect(fs.readdir("/d/f")).rejects.toMatchObject({ code: "ENOTDIR" });
    await expect(fs.lstat("/nope")).rejects.toMatchObject({ code: "ENOENT" });
    await expect(fs.readlink("/d/f")).rejects.toMatchObject({ code: "EINVAL" });
    await fs.unlink("/d/f");
    await expect(fs.unlink("/d/f")).rejects.toMatchObject({ code: "ENOENT" });
    await fs.rmdir("/d");
    expect(await fs.readdir("/")).toEqual([]);
  });

  it("answers isomorphic-git's argument-less probe for a promise API without failing", async () => {
    const { promises: fs } = createMapFs();
    const probe = (fs.readFile as () => Promise<unknown>)();
    expect(probe).toBeInstanceOf(Promise);
    await expect(probe).resolves.toBe("");
  });
});
