/**
 * Whether a failed CI job failed for a reason outside the code: its runner went away, or the
 * network failed while it fetched what it needed. Such a job is re-run once instead of edited.
 * Pure: the text is the job's log end, annotations and summary.
 */

const RUNNER_FAULTS: ReadonlyArray<[RegExp, string]> = [
  [/The runner has received a shutdown signal/i, "its runner was shut down"],
  [/lost communication with the server/i, "its runner lost its connection to GitHub"],
  [/(?:canceled|cancelled) by the system|The job was not acquired by Runner/i, "GitHub cancelled it"],
  [/No space left on device/i, "its runner ran out of disk space"],
];

const NETWORK_FAULT =
  /\b(?:ETIMEDOUT|ECONNRESET|ECONNREFUSED|EAI_AGAIN|ENOTFOUND|Could not resolve host|Temporary failure in name resolution|TLS handshake timeout|Connection timed out|Connection reset by peer|Read timed out|502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out)\b/i;
const FETCHING = /\b(?:npm|yarn|pnpm|pip|poetry|uv|cargo|gradle|maven|mvn|apt-get|apt|brew|bundle|gem|composer|nuget|dotnet restore|go: downloading|go mod|download(?:ing)?|fetch(?:ing)?|registry|install(?:ing)?|clone|checkout)\b/i;

/** What went wrong outside the code, in a few words, or null when nothing in the text says so. */
export function infraFault(text: string): string | null {
  for (const [pattern, reason] of RUNNER_FAULTS) if (pattern.test(text)) return reason;
  for (const line of text.split("\n")) {
    if (NETWORK_FAULT.test(line) && FETCHING.test(line)) return "the network failed while it fetched its dependencies";
  }
  return null;
}
