import { describe, expect, it } from "vitest";
import { actionsLogLine } from "../../../src/shared/actions-log-line.js";
import { createActionsLogger } from "../../../src/shared/logger.js";

const record = (level: number, msg: string, fields: Record<string, unknown> = {}) => JSON.stringify({ level, time: 1, pid: 7, hostname: "runner", name: "probot", msg, ...fields });

describe("a log record as a line of the Actions log", () => {
  it("writes info as a plain line with its fields, without the process's own", () => {
    expect(actionsLogLine(record(30, "run finished", { outcome: "done" }))).toBe('run finished {"outcome":"done"}\n');
    expect(actionsLogLine(record(30, "plain"))).toBe("plain\n");
  });

  it("makes warnings and errors annotations, and debug lines debug commands", () => {
    expect(actionsLogLine(record(40, "slow"))).toBe("::warning::slow\n");
    expect(actionsLogLine(record(50, "failed", { code: 1 }))).toBe('::error::failed {"code":1}\n');
    expect(actionsLogLine(record(60, "fatal"))).toBe("::error::fatal\n");
    expect(actionsLogLine(record(20, "detail"))).toBe("::debug::detail\n");
  });

  it("keeps every record on one line, so no text can start a workflow command of its own", () => {
    const hostile = "title\n::add-mask::x\r\n::set-output name=outcome::done";
    const info = actionsLogLine(record(30, hostile));
    expect(info.split("\n")).toEqual([expect.not.stringMatching(/^\s*::/), ""]);
    expect(actionsLogLine(record(30, "::stop-commands::t"))).not.toMatch(/^\s*::/);
    expect(actionsLogLine(record(30, "  ::warning::x"))).not.toMatch(/^\s*::/);
    const error = actionsLogLine(record(50, hostile));
    expect(error).toBe("::error::title%0A::add-mask::x%0D%0A::set-output name=outcome::done\n");
    expect(actionsLogLine(record(50, "100% done"))).toBe("::error::100%25 done\n");
  });

  it("is what the Actions logger writes, with secrets in known fields redacted", () => {
    const lines: string[] = [];
    const log = createActionsLogger({ level: "debug", write: (line) => lines.push(line) });
    log.info({ token: "ghs_secret", repo: "o/r" }, "cloning");
    log.warn("careful");
    log.trace("hidden");
    expect(lines).toEqual(['cloning {"token":"[redacted]","repo":"o/r"}\n', "::warning::careful\n"]);
  });
});
