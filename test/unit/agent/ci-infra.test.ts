import { describe, expect, it } from "vitest";
import { infraFault } from "../../../src/agent/ci-infra.js";

describe("infraFault", () => {
  it("knows a runner that went away", () => {
    expect(infraFault("Run tests\n##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped.")).toBe("its runner was shut down");
    expect(infraFault("The hosted runner: GitHub Actions 12 lost communication with the server.")).toBe("its runner lost its connection to GitHub");
    expect(infraFault("##[error]The operation was cancelled by the system.")).toBe("GitHub cancelled it");
  });

  it("knows a network fault while fetching dependencies, not one in the code's own tests", () => {
    expect(infraFault("npm ERR! code ECONNRESET\nnpm ERR! network aborted")).toBe("the network failed while it fetched its dependencies");
    expect(infraFault("WARNING: Retrying ... pip install: Read timed out. (read timeout=15)")).toBe("the network failed while it fetched its dependencies");
    expect(infraFault("FAILED tests/test_client.py::test_retry - ConnectionError: ECONNRESET")).toBeNull();
  });

  it("says nothing of a plain code failure", () => {
    expect(infraFault("FAILED test_ops.py::test_safe_divide - assert 0.0 == 0\n1 failed, 12 passed")).toBeNull();
    expect(infraFault("")).toBeNull();
  });
});
