import { describe, expect, it } from "vitest";
import { CrossOriginRedirectError, sameOriginRedirect } from "../../../src/git/redirect-policy.js";

describe("sameOriginRedirect", () => {
  it("follows a redirect within the origin, relative or absolute", () => {
    expect(sameOriginRedirect("https://github.com/old/repo.git/info/refs", "/new/repo.git/info/refs").href).toBe("https://github.com/new/repo.git/info/refs");
    expect(sameOriginRedirect("https://github.com/a", "https://github.com:443/b").href).toBe("https://github.com/b");
  });

  it("refuses a downgrade from https to http, even on the same host", () => {
    expect(() => sameOriginRedirect("https://github.com/a/b.git/info/refs", "http://github.com/a/b.git/info/refs")).toThrow(
      "the git server redirected from https to http (http://github.com); refusing to send credentials there",
    );
  });

  it("refuses another host, another port and another scheme", () => {
    for (const location of ["https://evil.example/a", "https://github.com:8443/a", "//evil.example/a", "ftp://github.com/a", "file:///etc/passwd"]) {
      expect(() => sameOriginRedirect("https://github.com/a", location)).toThrow(CrossOriginRedirectError);
    }
    expect(() => sameOriginRedirect("https://github.com/a", "https://evil.example/a")).toThrow(
      "the git server redirected to another host (https://evil.example); refusing to send credentials there",
    );
  });
});
