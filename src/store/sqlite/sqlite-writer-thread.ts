// The SQLite store's writer thread: one connection of its own, on which every write of the
// store runs, one transaction per request, in the order they arrive. Started by sqlite-writer.ts;
// not imported.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { openDatabase } from "./open-database.js";
import { prepareSqliteQueries } from "./sqlite-queries.js";
import { runSqliteWrite, type SqliteWriteName } from "./sqlite-writes.js";
import type { WriterMessage, WriterReply, WriterRequest, WriterStart } from "./sqlite-writer-messages.js";

const { location } = workerData as WriterStart;
const port = parentPort!;
const db = openDatabase(location);
const queries = prepareSqliteQueries(db);
port.postMessage("ready" satisfies WriterMessage);

port.on("message", (request: WriterRequest) => {
  if (request.name === "close") {
    db.close();
    port.postMessage({ id: request.id, value: undefined } satisfies WriterReply);
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { id: request.id, value: runSqliteWrite(db, queries, request.name as SqliteWriteName, request.args as never) };
  } catch (error) {
    reply = { id: request.id, error: { message: error instanceof Error ? error.message : String(error), code: error instanceof Database.SqliteError ? error.code : undefined } };
  }
  port.postMessage(reply);
});
