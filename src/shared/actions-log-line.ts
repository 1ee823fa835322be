/**
 * A log record as a line of a GitHub Actions log. Warnings and errors become workflow commands
 * (`::warning::`, `::error::`), so the run's summary shows them; debug lines show when the
 * repository turns step debugging on. Every record is one line, and no record can issue a
 * workflow command of its own: the runner reads any line starting with `::` as one, so the text
 * is escaped the way @actions/core escapes a command's data.
 */
const COMMAND_OF_LEVEL: Readonly<Record<number, string | null>> = { 10: "debug", 20: "debug", 30: null, 40: "warning", 50: "error", 60: "error" };

/** %, CR and LF as @actions/core's `escapeData` writes them. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** One pino JSON record as an Actions log line (with its newline). */
export function actionsLogLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    record = { level: 30, msg: json.trim() };
  }
  // The logger's name (Probot's `probot`) and the process's own fields say nothing in a step's log.
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, name: _name, ...fields } = record;
  const text = [typeof msg === "string" ? msg : "", Object.keys(fields).length > 0 ? JSON.stringify(fields) : ""].filter((s) => s !== "").join(" ");
  const command = COMMAND_OF_LEVEL[typeof level === "number" ? level : 30] ?? null;
  if (command !== null) return `::${command}::${escapeData(text)}\n`;
  // A plain line: kept on one line, and never read as a command.
  return `${text.replace(/[\r\n]+/g, " ").replace(/^(\s*):/, "$1%3A")}\n`;
}
