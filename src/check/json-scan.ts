/**
 * Where a JSON text first goes wrong (JSON.parse says whether, not always where). With `comments`, the
 * JSONC that tsconfig.json and VS Code's settings use: `//` and `/* *\/` comments and trailing commas.
 */
export interface JsonError {
  /** Offset in the text (UTF-16 units). */
  offset: number;
  message: string;
}

export function scanJson(text: string, options: { comments: boolean }): JsonError | null {
  let i = 0;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { offset: i });
  };
  const space = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else if (options.comments && c === 47 && text[i + 1] === "/") {
        const end = text.indexOf("\n", i);
        i = end < 0 ? text.length : end;
      } else if (options.comments && c === 47 && text[i + 1] === "*") {
        const end = text.indexOf("*/", i + 2);
        if (end < 0) fail("a comment is not closed");
        i = end + 2;
      } else return;
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === "\n") fail("a string is not closed");
      if (c === '"') return void i++;
      if (c === "\\") {
        const e = text[i + 1] ?? "";
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("a \\u escape needs four hex digits");
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== "") i += 2;
        else fail("an invalid escape in a string");
      } else if ((c?.charCodeAt(0) ?? 0) < 32) fail("a control character in a string");
      else i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{" || c === "[") return container(c === "{" ? "}" : "]");
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (literal === null) fail(c === undefined ? "the text ends where a value should be" : `unexpected \`${c}\` where a value should be`);
    i += (literal as RegExpExecArray)[0].length;
  };
  const container = (close: "}" | "]"): void => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      if (close === "}") {
        space();
        if (text[i] !== '"') fail(text[i] === undefined ? "the text ends inside an object" : "a property name in double quotes is expected");
        string();
        space();
        if (text[i] !== ":") fail("a `:` is expected after the property name");
        i++;
      }
      value();
      space();
      if (text[i] === ",") {
        i++;
        space();
        if (options.comments && text[i] === close) return void i++;
        continue;
      }
      if (text[i] === close) return void i++;
      fail(text[i] === undefined ? `the text ends before the closing \`${close}\`` : `a \`,\` or \`${close}\` is expected`);
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail("unexpected text after the value");
    return null;
  } catch (err) {
    const offset = (err as { offset?: number }).offset ?? i;
    return { offset, message: err instanceof Error ? err.message : String(err) };
  }
}
