import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoConfigJsonSchema } from "../../../src/config/json-schema.js";

describe("stacksmith.schema.json", () => {
  it("is the schema the config code generates (run `npm run schema` after changing the config)", () => {
    const committed: unknown = JSON.parse(readFileSync(new URL("../../../stacksmith.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(repoConfigJsonSchema());
  });

  it("describes every field with its default", () => {
    const schema = repoConfigJsonSchema() as { properties: Record<string, { default?: unknown }>; additionalProperties: unknown };
    expect(schema.properties.label?.default).toBe("agent");
    expect(schema.properties.protectedPaths?.default).toContain(".github/workflows/**");
    expect(schema.additionalProperties).toBe(false);
  });
});
