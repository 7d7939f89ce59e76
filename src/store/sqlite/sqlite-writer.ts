import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { WriterMessage, WriterReply, WriterRequest, WriterStart } from "./sqlite-writer-messages.js";
import type { SqliteWriteAnswer, SqliteWriteArgs, SqliteWriteName } from "./sqlite-writes.js";

/** The writer thread ended (it crashed, or was stopped): no write it was sent will be made. */
export class WriterThreadStopped extends Error {}

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The run's side of the SQLite writer thread (sqlite-writer-thread.ts). Writes go to the thread
 * and run there one after another, so SQLite's own work, most of what a write costs, is done on
 * the other core while the run goes on. Answers come back in the order writes were sent.
 * A failed write rejects with the driver's error (a `Database.SqliteError` when SQLite raised it);
 * if the thread itself dies, every write waiting and every later one rejects with its error.
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private broken: Error | undefined;
  private started = false;
  /** Resolves once the thread has opened its connection and prepared its queries; rejects if it could not. */
  readonly ready: Promise<void>;

  constructor(start: WriterStart) {
    this.worker = startThread(start);
    let onReady!: () => void;
    let onFailed!: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFailed = reject;
    });
    this.ready.catch(() => undefined); // a caller that never waits for it learns of it on its writes
    this.worker.on("message", (reply: WriterMessage) => {
      if (reply !== "ready") return this.settle(reply);
      this.started = true;
      // From now on the thread keeps the process alive only while a write is under way (or
      // while it is being stopped: see abandon()).
      if (this.waiting.size === 0 && this.broken === undefined) this.worker.unref();
      onReady();
    });
    const fail = (error: Error) => {
      this.breakAll(error);
      onFailed(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new WriterThreadStopped(`its writer thread stopped (exit code ${code})`)));
  }

  write<K extends SqliteWriteName>(name: K, args: SqliteWriteArgs<K>): Promise<SqliteWriteAnswer<K>> {
    return this.send(name, args) as Promise<SqliteWriteAnswer<K>>;
  }

  /**
   * Stops a thread that is still starting, which no write was sent to: a run shorter than the
   * thread's start (tens of ms) need not wait for it.
   */
  async abandon(): Promise<void> {
    this.broken ??= new WriterThreadStopped("its writer thread was stopped before it was used");
    // Held until it has exited: a thread whose "ready" was on its way when this began would
    // otherwise be let go (unref) by it, and a process with nothing else to do would end here,
    // in the middle of closing the store.
    this.worker.ref();
    await this.worker.terminate();
  }

  /** Closes the thread's connection after the writes sent before, then lets the thread end. */
  async close(): Promise<void> {
    if (this.broken !== undefined) return;
    await this.send("close", undefined).catch((error: unknown) => {
      if (this.broken === undefined) throw error;
    });
  }

  private send(name: WriterRequest["name"], args: unknown): Promise<unknown> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const id = this.nextId++;
    if (this.waiting.size === 0 && this.started) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, name, args } satisfies WriterRequest);
    });
  }

  private settle(reply: WriterReply): void {
    const waiting = this.waiting.get(reply.id);
    if (waiting === undefined) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0 && this.started) this.worker.unref();
    if (reply.error === undefined) waiting.resolve(reply.value);
    else waiting.reject(reply.error.code === undefined ? new Error(reply.error.message) : new Database.SqliteError(reply.error.message, reply.error.code));
  }

  private breakAll(error: Error): void {
    this.broken ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/**
 * Starts the thread: from dist/ (built by tsc) the .js entry beside this module; from the
 * sources (tests) the .ts one, with tsx registered in the thread first.
 */
function startThread(start: WriterStart): Worker {
  const here = import.meta.url;
  // The thread's young generation is kept small: it only ever holds one batch of rows at a time,
  // and with the default (48 MB) its heap alone grew to 54 MB; with 4 MB, to 17 MB.
  const options = { workerData: start, resourceLimits: { maxYoungGenerationSizeMb: 4 } };
  if (!here.endsWith(".ts")) return new Worker(new URL("./sqlite-writer-thread.js", here), options);
  // tsx's ESM API, as `import` resolves it (a require-style lookup finds its CommonJS build).
  const require = createRequire(here);
  const tsxManifest = require.resolve("tsx/package.json");
  const exports = (require(tsxManifest) as { exports: Record<string, { import: { default: string } }> }).exports;
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxManifest), exports["./esm/api"]!.import.default)).href;
  const entry = new URL("./sqlite-writer-thread.ts", here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
