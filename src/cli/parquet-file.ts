import { rename, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { fileWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import type { Shape, TableShape } from "../dataset/export/table-shape.js";
import { StacksmithError } from "../shared/errors.js";
import { outputMode } from "./output-target.js";

/** Rows held before they are written as one row group: a trainer's loader reads a group at a time. */
const GROUP_ROWS = 256;
const GROUP_CHARS = 32 * 1024 * 1024;

export interface RowFile {
  write(row: object): Promise<void>;
  /** Writes the footer and moves the finished file into place. */
  commit(): Promise<void>;
  /** Drops the unfinished file; the previous one, if any, is untouched. */
  abort(): Promise<void>;
}

/**
 * Parquet's schema for a table shape: every field required; a list is the standard three
 * levels (`<name> (LIST)` › `repeated group list` › `element`), as pyarrow writes it.
 */
export function parquetSchema(shape: TableShape): SchemaElement[] {
  const out: SchemaElement[] = [{ name: "root", num_children: shape.length }];
  const add = (name: string, s: Shape, repetition: "REQUIRED" | "REPEATED" = "REQUIRED"): void => {
    switch (s.kind) {
      case "string":
        out.push({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: repetition });
        return;
      case "int64":
        out.push({ name, type: "INT64", repetition_type: repetition });
        return;
      case "double":
        out.push({ name, type: "DOUBLE", repetition_type: repetition });
        return;
      case "struct":
        out.push({ name, repetition_type: repetition, num_children: s.fields.length });
        for (const [field, inner] of s.fields) add(field, inner);
        return;
      case "list":
        out.push({ name, repetition_type: repetition, converted_type: "LIST", num_children: 1 });
        out.push({ name: "list", repetition_type: "REPEATED", num_children: 1 });
        add("element", s.of);
        return;
    }
  };
  for (const [name, s] of shape) add(name, s);
  return out;
}

/** A value made ready for the writer (64-bit integers as bigint), checked against its shape. */
function encode(value: unknown, s: Shape, where: string): unknown {
  const wrong = (): never => {
    throw new StacksmithError("INTERNAL", `an exported row does not fit its table: ${where} is not a ${s.kind}`);
  };
  switch (s.kind) {
    case "string":
      return typeof value === "string" ? value : wrong();
    case "int64":
      return Number.isSafeInteger(value) ? BigInt(value as number) : wrong();
    case "double":
      return typeof value === "number" ? value : wrong();
    case "list":
      return Array.isArray(value) ? value.map((v, i) => encode(v, s.of, `${where}[${i}]`)) : wrong();
    case "struct": {
      if (typeof value !== "object" || value === null) return wrong();
      const record = value as Record<string, unknown>;
      return Object.fromEntries(s.fields.map(([field, inner]) => [field, encode(record[field], inner, `${where}.${field}`)]));
    }
  }
}

function textSize(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + textSize(v), 0);
  if (typeof value === "object" && value !== null) return Object.values(value).reduce((n: number, v) => n + textSize(v), 0);
  return 8;
}

/**
 * A Parquet file written row group by row group (at most 256 rows or 32 M characters are held),
 * as `<path>.partial`, renamed when complete (a device or pipe is written as it is, output-target.ts).
 * Snappy-compressed, as pyarrow writes by default.
 */
export async function openParquetFile(path: string, cwd: string, shape: TableShape): Promise<RowFile> {
  const target = resolve(cwd, path);
  const mode = await outputMode(target, path);
  const partial = `${target}.partial`;
  const writer = new ParquetWriter({ writer: fileWriter(mode === "replace" ? partial : target), schema: parquetSchema(shape), createdBy: "stacksmith" });
  let rows: Record<string, unknown>[] = [];
  let chars = 0;
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    const columnData = shape.map(([name]) => ({ name, data: rows.map((r) => r[name]) }));
    rows = [];
    chars = 0;
    await writer.write({ columnData, rowGroupSize: Number.MAX_SAFE_INTEGER });
  };
  return {
    async write(row) {
      const encoded = encode(row, { kind: "struct", fields: shape }, "row") as Record<string, unknown>;
      rows.push(encoded);
      chars += textSize(encoded);
      if (rows.length >= GROUP_ROWS || chars >= GROUP_CHARS) await flush();
    },
    async commit() {
      await flush();
      await writer.finish();
      if (mode === "replace") await rename(partial, target);
    },
    async abort() {
      if (mode === "replace") await rm(partial, { force: true });
    },
  };
}
