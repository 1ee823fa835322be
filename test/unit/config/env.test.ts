import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL, parseEnv, priceTable } from "../../../src/config/env.js";

describe("environment", () => {
  it("refuses to start with a model it has no price for, since no dollar limit could hold", () => {
    expect(() => parseEnv({ STACKSMITH_MODEL: "some-unpriced-model" })).toThrow(
      "invalid environment: STACKSMITH_MODEL: some-unpriced-model has no price, so no dollar limit could hold; add its price to STACKSMITH_PRICES",
    );
    expect(() => parseEnv({ STACKSMITH_MODEL: "claude-opus-4-10" })).toThrow("STACKSMITH_MODEL");
  });

  it("starts with the default model, or one that STACKSMITH_PRICES prices", () => {
    expect(parseEnv({}).STACKSMITH_MODEL).toBe(DEFAULT_MODEL);
    const env = parseEnv({ STACKSMITH_MODEL: "gateway-model", STACKSMITH_PRICES: '{"gateway-model": {"input": 1, "output": 2, "cacheRead": 0.1, "cacheWrite": 1.25}}' });
    expect(priceTable(env)["gateway-model"]?.output).toBe(2);
    expect(priceTable(env)[DEFAULT_MODEL]?.input).toBe(2);
  });

  it("takes the server's port and host, and refuses a port that is not one instead of falling back to 3000", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, HOST: "localhost" });
    expect(parseEnv({ PORT: "8080", HOST: "0.0.0.0" })).toMatchObject({ PORT: 8080, HOST: "0.0.0.0" });
    expect(parseEnv({ PORT: "0", HOST: "" })).toMatchObject({ PORT: 0, HOST: "localhost" });
    for (const port of ["abc", "80.5", "-1", "65536", "3000x"]) {
      expect(() => parseEnv({ PORT: port }), port).toThrow("invalid environment: PORT: must be a port number from 0 to 65535");
    }
  });
});
