/** Signal: files on the stack traces pasted in the issue, innermost frames first. */
import type { PathLookup } from "./path-lookup.js";
import type { Frame } from "./stack-trace.js";

/** Each further frame of a trace (moving outwards) counts this much less than the one inside it. */
export const FRAME_DECAY = 0.8;

export interface TraceContext {
  lookup: PathLookup;
  /** Whether a file defines a function of that name (frames whose function is elsewhere are doubted). */
  defines?: (file: number, name: string) => boolean;
}

/** The files a frame's path can denote, and how sure the match is. */
export function resolveFrame(frame: Frame, lookup: PathLookup): { files: number[]; confidence: number } {
  const components = frame.path.split("/").filter((c) => c !== "" && c !== "." && c !== "..");
  if (components.length === 0) return { files: [], confidence: 0 };
  const { files, matched } = lookup.bySuffix(components);
  if (files.length === 0) return { files, confidence: 0 };
  const absolute = frame.path.startsWith("/") || /^[A-Za-z]:/.test(frame.path);
  // A lone basename of an absolute path (`/usr/lib/python3/ast.py` vs `ast.py`) is weak evidence.
  const confidence = matched >= 2 || components.length === 1 ? 1 : absolute ? 0.3 : 0.6;
  return { files, confidence: confidence / files.length };
}

export function traceScores(frames: readonly Frame[], context: TraceContext): Map<number, number> {
  const scores = new Map<number, number>();
  const byTrace = new Map<string, Frame[]>();
  for (const f of frames) {
    const list = byTrace.get(f.language) ?? [];
    list.push(f);
    byTrace.set(f.language, list);
  }
  for (const list of byTrace.values()) {
    const ordered = [...list].sort((a, b) => a.depth - b.depth);
    let rank = 0;
    for (const frame of ordered) {
      const { files, confidence } = resolveFrame(frame, context.lookup);
      if (files.length === 0) continue;
      const weight = Math.pow(FRAME_DECAY, rank) * confidence;
      rank++;
      for (const file of files) {
        const doubt = frame.func !== undefined && context.defines !== undefined && !context.defines(file, frame.func) && !isEntryName(frame.func) ? 0.7 : 1;
        scores.set(file, Math.max(scores.get(file) ?? 0, weight * doubt));
      }
    }
  }
  return scores;
}

function isEntryName(name: string): boolean {
  return name === "<module>" || name === "<anonymous>" || name === "main" || name.startsWith("<");
}
