import { describe, expect, it } from "vitest";
import { branchName, slugify } from "../../../src/agent/branch-name.js";

describe("branch names", () => {
  it("are deterministic slugs of the title", () => {
    expect(branchName(12, 1, "Crash when dividing by zero!")).toBe("stacksmith/issue-12/1-crash-when-dividing-by-zero");
    expect(branchName(12, 1, "Crash when dividing by zero!")).toBe(branchName(12, 1, "Crash when dividing by zero!"));
  });

  it("handle accents, symbols, emoji-only and long titles", () => {
    expect(slugify("Café déjà vu")).toBe("cafe-deja-vu");
    expect(slugify("🔥🔥")).toBe("change");
    expect(slugify("a".repeat(30) + " " + "b".repeat(30))).toBe("a".repeat(30) + "-" + "b".repeat(9));
    expect(slugify("ends with dash at fifteen", 15)).toBe("ends-with-dash");
  });
});
