import { fileRole } from "../../locate/file-role.js";
import type { ChangedFile } from "./mined-record.js";

/**
 * Whether a changed file is a test: the locate step's rule (`locate/file-role.ts`), so mining
 * and locating agree. A path is a test when one of its folders is named `test`, `tests`,
 * `testing`, `__tests__`, `spec`, `specs`, `e2e`, `testdata`, `fixtures`, `__mocks__` (and the
 * like), or its name is a test by convention: `test_*.py`, `*_test.py`, `conftest.py`,
 * `*_test.go`, `*.test.ts` / `*.spec.js` (any JS or TS extension), `*Test.java` / `*Spec.kt`,
 * `*_spec.rb`, `*_test.rb`. Everything else, docs included, is code the task asks to write.
 */
export function isTestFile(path: string): boolean {
  return fileRole(path) === "test";
}

/** A change's files, the code apart from the tests (as SWE-bench keeps `test_patch` apart from `patch`). */
export function splitTests(files: readonly ChangedFile[]): { code: ChangedFile[]; tests: ChangedFile[] } {
  const code: ChangedFile[] = [];
  const tests: ChangedFile[] = [];
  for (const f of files) (isTestFile(f.path) ? tests : code).push(f);
  return { code, tests };
}
