/**
 * The shape of a table's rows, for a columnar writer (Parquet): plain data, so each export
 * states its columns beside the rows it builds, and the file adapter needs no knowledge of them.
 */
export type Shape =
  | { readonly kind: "string" }
  | { readonly kind: "int64" }
  | { readonly kind: "double" }
  | { readonly kind: "struct"; readonly fields: TableShape }
  | { readonly kind: "list"; readonly of: Shape };

/** Named columns (or struct fields), in order. */
export type TableShape = readonly (readonly [name: string, shape: Shape])[];

export const STRING: Shape = { kind: "string" };
export const INT64: Shape = { kind: "int64" };
export const DOUBLE: Shape = { kind: "double" };
export const struct = (fields: TableShape): Shape => ({ kind: "struct", fields });
export const list = (of: Shape): Shape => ({ kind: "list", of });

/** Chat messages, `[{role, content}]`, as trainers' conversational columns hold them. */
export const MESSAGES: Shape = list(struct([["role", STRING], ["content", STRING]]));
