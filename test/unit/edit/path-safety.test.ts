import { describe, expect, it } from "vitest";
import { pathProblem } from "../../../src/edit/path-safety.js";

describe("pathProblem", () => {
  it("accepts plain repository paths, in any script a project may use", () => {
    for (const path of ["src/app.py", "docs/read me.md", ".github/ISSUE_TEMPLATE/bug.md", "docs/日本語.md", "locale/ru/описание.txt", "café/menu.txt", "a-b_c.d/e"]) {
      expect(pathProblem(path), path).toBeNull();
    }
  });

  it("refuses paths that leave the repository or reach into .git, however a file system spells them", () => {
    expect(pathProblem("/etc/passwd")).toBe("absolute");
    expect(pathProblem("C:/x")).toBe("absolute");
    expect(pathProblem("a/../../x")).toBe("parent");
    for (const path of [".git/config", ".GIT/hooks/pre-commit", "sub/.Git/config", ".git./config", ".git /config", "GIT~1/config"]) expect(pathProblem(path), path).toBe("git-dir");
    for (const path of ["", "a//b", "./a", "a\\b", "a\u0000b", "a\nb", "a\u0085b"]) expect(pathProblem(path), JSON.stringify(path)).toBe("invalid");
  });

  it("refuses characters that make a path read as another: bidi controls, invisible characters, odd spaces, compatibility forms, mixed-script look-alikes", () => {
    const deceptive = [
      "docs/\u202etxt.exe", // right-to-left override: shown as docs/exe.txt
      "docs/\u2066a\u2069.md", // isolate
      "src/\u200bapp.py", // zero-width space
      "src/app\u200d.py", // zero-width joiner
      "src/app.py\ufeff", // byte order mark
      "src/a\u00adpp.py", // soft hyphen
      "src/a\ufe0fpp.py", // variation selector
      "src/\u{e0061}pp.py", // tag character
      "src/\u3164.py", // Hangul filler
      "src/a\u00a0b.py", // no-break space
      "src/a\u2028b.py", // line separator
      "\uff0egithub/workflows/x.yml", // fullwidth full stop
      "src/\ufb01le.py", // "fi" ligature
      "src/\u0430pp.py", // Cyrillic а among Latin letters
      "src/c\u03bfnfig.py", // Greek ο among Latin letters
      "src/e\u0301.py", // decomposed é: not the form GitHub and git show
    ];
    for (const path of deceptive) expect(pathProblem(path), JSON.stringify(path)).toBe("deceptive");
  });
});
