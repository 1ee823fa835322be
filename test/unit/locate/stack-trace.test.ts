import { describe, expect, it } from "vitest";
import { PathLookup } from "../../../src/locate/path-lookup.js";
import { parseStackFrames } from "../../../src/locate/stack-trace.js";
import { traceScores } from "../../../src/locate/trace-signal.js";

const PYTHON = `Traceback (most recent call last):
  File "/home/me/proj/run.py", line 3, in <module>
    main()
  File "/usr/lib/python3.11/site-packages/acme/session.py", line 120, in send
    return self.adapter.send(request)
  File "/usr/lib/python3.11/site-packages/acme/adapters.py", line 42, in send
    raise ConnectionError(err)
acme.exceptions.ConnectionError: boom`;

const PYTEST = `    def test_it():
>       assert f() == 2
testing/test_x.py:5: in test_it
    assert f() == 2
src/acme/core.py:12: in f
    return helper()
E   ValueError: bad`;

const NODE = `TypeError: Cannot read properties of undefined (reading 'id')
    at Object.handler (/srv/app/src/routes/users.ts:27:18)
    at async Router.dispatch (file:///srv/app/node_modules/router/index.js:10:5)
    at processTicksAndRejections (node:internal/process/task_queues:95:5)
    at /srv/app/src/server.js:88:3`;

const JAVA = `Exception in thread "main" java.lang.NullPointerException: x is null
\tat com.acme.billing.Invoice.total(Invoice.java:57)
\tat com.acme.billing.InvoiceService$Batch.run(InvoiceService.java:112)
\tat java.base/java.lang.Thread.run(Thread.java:833)
Caused by: java.lang.IllegalStateException
\tat com.acme.util.Checks.require(Checks.java:9)`;

const GO = `panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b2c]

goroutine 1 [running]:
github.com/acme/tool/internal/store.(*Store).Get(0x0, {0x4c1e2a, 0x3})
\t/home/runner/work/tool/internal/store/store.go:41 +0x2c
main.main()
\t/home/runner/work/tool/cmd/tool/main.go:17 +0x45
exit status 2`;

const RUST_NEW = `thread 'main' panicked at src/parser/lexer.rs:88:14:
called \`Option::unwrap()\` on a \`None\` value
stack backtrace:
   0: rust_begin_unwind
             at /rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/std/src/panicking.rs:645:5
   1: core::option::unwrap_failed
             at /rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/core/src/option.rs:1985:5
   2: mycrate::parser::lexer::Lexer::next_token
             at ./src/parser/lexer.rs:88:14
   3: mycrate::main
             at ./src/main.rs:12:5`;

const RUST_OLD = `thread 'main' panicked at 'index out of bounds: the len is 3 but the index is 7', src/grid.rs:21:9
note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace`;

describe("parseStackFrames", () => {
  it("reads Python tracebacks, innermost frame last in the text but depth 0", () => {
    const frames = parseStackFrames(PYTHON);
    expect(frames.map((f) => [f.path, f.line, f.func, f.depth])).toEqual([
      ["/home/me/proj/run.py", 3, "<module>", 2],
      ["/usr/lib/python3.11/site-packages/acme/session.py", 120, "send", 1],
      ["/usr/lib/python3.11/site-packages/acme/adapters.py", 42, "send", 0],
    ]);
  });

  it("reads pytest's short traceback lines", () => {
    const frames = parseStackFrames(PYTEST);
    expect(frames.map((f) => [f.path, f.line, f.func, f.depth])).toEqual([
      ["testing/test_x.py", 5, "test_it", 1],
      ["src/acme/core.py", 12, "f", 0],
    ]);
  });

  it("reads Node stack frames with and without a function, skipping node internals", () => {
    const frames = parseStackFrames(NODE);
    expect(frames.map((f) => [f.path, f.line, f.func, f.depth])).toEqual([
      ["/srv/app/src/routes/users.ts", 27, "handler", 0],
      ["/srv/app/node_modules/router/index.js", 10, "dispatch", 1],
      ["/srv/app/src/server.js", 88, undefined, 2],
    ]);
  });

  it("reads Java frames as package paths", () => {
    const frames = parseStackFrames(JAVA);
    expect(frames.map((f) => [f.path, f.line, f.func])).toEqual([
      ["com/acme/billing/Invoice.java", 57, "total"],
      ["com/acme/billing/InvoiceService.java", 112, "run"],
      ["java/lang/Thread.java", 833, "run"],
      ["com/acme/util/Checks.java", 9, "require"],
    ]);
    expect(frames[0]?.depth).toBe(0);
  });

  it("reads Go goroutine traces, function line then file line", () => {
    const frames = parseStackFrames(GO);
    expect(frames.map((f) => [f.path, f.line, f.func, f.depth])).toEqual([
      ["/home/runner/work/tool/internal/store/store.go", 41, "Get", 0],
      ["/home/runner/work/tool/cmd/tool/main.go", 17, "main", 1],
    ]);
  });

  it("reads Rust panics (both formats) and backtraces", () => {
    const frames = parseStackFrames(RUST_NEW);
    expect(frames[0]).toMatchObject({ path: "src/parser/lexer.rs", line: 88, depth: 0 });
    expect(frames.map((f) => f.func)).toContain("next_token");
    expect(frames.find((f) => f.func === "main")?.path).toBe("./src/main.rs");
    expect(parseStackFrames(RUST_OLD).map((f) => [f.path, f.line])).toEqual([["src/grid.rs", 21]]);
  });

  it("finds nothing in prose", () => {
    expect(parseStackFrames("The session at the adapter fails when I call send() twice.")).toEqual([]);
  });
});

describe("traceScores", () => {
  const paths = ["acme/__init__.py", "acme/session.py", "acme/adapters.py", "docs/index.md", "tests/test_session.py"];
  const lookup = new PathLookup(paths);

  it("scores the repository files on the trace, the innermost highest", () => {
    const scores = traceScores(parseStackFrames(PYTHON), { lookup });
    expect(scores.get(paths.indexOf("acme/adapters.py"))).toBe(1);
    expect(scores.get(paths.indexOf("acme/session.py"))).toBeCloseTo(0.8);
    expect(scores.has(paths.indexOf("acme/__init__.py"))).toBe(false);
  });

  it("doubts a frame whose function the file does not define", () => {
    const defines = (file: number, name: string): boolean => !(file === paths.indexOf("acme/adapters.py") && name === "send");
    const scores = traceScores(parseStackFrames(PYTHON), { lookup, defines });
    expect(scores.get(paths.indexOf("acme/adapters.py"))).toBeCloseTo(0.7);
  });
});
