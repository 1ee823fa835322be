import { describe, expect, it } from "vitest";
import { envFromActionInputs, inputVariable } from "../../../src/config/action-inputs.js";

describe("the Action's inputs as the environment", () => {
  it("names each input's variable as the runner does: upper case, spaces to underscores, hyphens kept", () => {
    expect(inputVariable("anthropic-api-key")).toBe("INPUT_ANTHROPIC-API-KEY");
    expect(inputVariable("state secret")).toBe("INPUT_STATE_SECRET");
  });

  it("maps each input onto the variable the entry point reads, trimmed", () => {
    const env = envFromActionInputs({
      "INPUT_ANTHROPIC-API-KEY": " sk-ant-key \n",
      "INPUT_GITHUB-TOKEN": "ghs_token",
      INPUT_MODEL: "claude-opus-4-7",
      "INPUT_ANTHROPIC-BASE-URL": "http://127.0.0.1:9/",
      "INPUT_STATE-SECRET": "a-state-secret-of-16+",
      INPUT_PROVIDER: "openai-compatible",
      "INPUT_OPENAI-BASE-URL": "https://models.example.com/v1",
      "INPUT_OPENAI-API-KEY": "sk-local",
    });
    expect(env).toMatchObject({
      STACKSMITH_PROVIDER: "openai-compatible",
      OPENAI_BASE_URL: "https://models.example.com/v1",
      OPENAI_API_KEY: "sk-local",
      ANTHROPIC_API_KEY: "sk-ant-key",
      GITHUB_TOKEN: "ghs_token",
      STACKSMITH_MODEL: "claude-opus-4-7",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9/",
      STACKSMITH_STATE_SECRET: "a-state-secret-of-16+",
    });
  });

  it("lets a given input win over the workflow's variable, and an empty one leave it", () => {
    const env = envFromActionInputs({ "INPUT_GITHUB-TOKEN": "from-input", GITHUB_TOKEN: "from-env", INPUT_MODEL: "", STACKSMITH_MODEL: "kept" });
    expect(env.GITHUB_TOKEN).toBe("from-input");
    expect(env.STACKSMITH_MODEL).toBe("kept");
    expect(envFromActionInputs({ INPUT_MODEL: "  " })).not.toHaveProperty("STACKSMITH_MODEL");
  });

  it("reaches the API of the GitHub Enterprise host the workflow runs on, and api.github.com otherwise", () => {
    expect(envFromActionInputs({ GITHUB_SERVER_URL: "https://ghe.example.com" })).toMatchObject({ GHE_HOST: "ghe.example.com" });
    expect(envFromActionInputs({ GITHUB_SERVER_URL: "http://127.0.0.1:8080" })).toMatchObject({ GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" });
    expect(envFromActionInputs({ GITHUB_SERVER_URL: "https://github.com" })).not.toHaveProperty("GHE_HOST");
    expect(envFromActionInputs({ GITHUB_SERVER_URL: "https://ghe.example.com", GHE_HOST: "api.ghe.example.com" }).GHE_HOST).toBe("api.ghe.example.com");
  });
});
