import { z } from "zod";
import { RepoConfig } from "./repo-config.js";

/** The JSON schema of `.github/stacksmith.yml`, for editors; `stacksmith.schema.json` is this, committed. */
export function repoConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(RepoConfig, { io: "input", target: "draft-2020-12" }),
    $id: "https://github.com/stacksmith/stacksmith/blob/main/stacksmith.schema.json",
    title: "Stacksmith repository configuration (.github/stacksmith.yml)",
  };
}
