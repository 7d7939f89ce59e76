import type { SqliteWriteName } from "./sqlite-writes.js";

/** What the writer thread is started with. */
export interface WriterStart {
  readonly location: string;
}

/** A write for the thread to run (`close`: close the connection, after the writes sent before). */
export interface WriterRequest {
  readonly id: number;
  readonly name: SqliteWriteName | "close";
  readonly args?: unknown;
}

/** The thread's answer to one request. */
export type WriterReply =
  | { readonly id: number; readonly value: unknown; readonly error?: undefined }
  | { readonly id: number; readonly error: { readonly message: string; readonly code: string | undefined } };

/** What the thread sends: `ready` once, when its connection is open, then one reply per request. */
export type WriterMessage = "ready" | WriterReply;
