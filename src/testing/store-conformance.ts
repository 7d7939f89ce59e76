import assert from "node:assert/strict";
import { isPipewrightError } from "../errors.js";
import { managed } from "../store/managed-store.js";
import type { LeaseHolder, LeaseRequest, NewEvent, RunQuery, RunStart, RunStatus, Store, TaskRecord } from "../store/store.js";
import type { JsonValue } from "../util/json.js";

/** The parts of a test runner the suite needs: vitest's and node:test's functions both fit. */
export interface ConformanceRunner {
  describe(name: string, fn: () => void): void;
  test(name: string, fn: () => Promise<void> | void): void;
  /** When given, stores are closed in this hook; otherwise at the end of each test. */
  afterEach?(fn: () => Promise<void> | void): void;
}

// A fixed clock: every time below is t0 plus a few milliseconds.
const t0 = 1_700_000_000_000;

/**
 * Runs the Store contract's tests against a driver. `makeStore` is called once per test and must
 * return a new, empty store (wrapped in `managed()` here if it is not already); the suite inits it
 * and closes it. Use it for your own driver:
 *
 * @example
 * import { describe, test, afterEach } from "vitest";
 * testStoreConformance("my driver", () => createMyStore(), { describe, test, afterEach });
 */
export function testStoreConformance(
  name: string,
  makeStore: () => Promise<Store> | Store,
  runner: ConformanceRunner,
): void {
  const opened: Store[] = [];
  const closeOpened = async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  };
  const open = async () => {
    const store = managed(await makeStore());
    opened.push(store);
    await store.init();
    return store;
  };
  const storeTest = (title: string, body: (store: Store) => Promise<void>) =>
    runner.test(title, async () => {
      if (runner.afterEach !== undefined) return body(await open());
      try {
        await body(await open());
      } finally {
        await closeOpened();
      }
    });

  runner.describe(`Store conformance: ${name}`, () => {
    runner.afterEach?.(closeOpened);

    runner.describe("runs", () => {
      storeTest("a started run reads back as running, with nothing finished yet", async (store) => {
        await store.recordRunStarted(runStart("r1", { rootTaskIds: ["a(x=1)", "b()"] }));
        assert.deepEqual(await store.getRun("r1"), {
          runId: "r1",
          rootTaskIds: ["a(x=1)", "b()"],
          status: "running",
          startedAt: t0,
          finishedAt: null,
          exitCode: null,
          host: "host-1",
          pid: 101,
          heartbeatAt: t0,
          summary: null,
        });
      });

      storeTest("a finished run reads back with its status, exit code, finish time and summary", async (store) => {
        await store.recordRunStarted(runStart("r1"));
        const summary = { ok: false, exitCode: 1, counts: { ran: 2, failed: 1 } };
        await store.recordRunFinished({ runId: "r1", status: "failed", finishedAt: t0 + 50, exitCode: 1, summary });
        const run = await store.getRun("r1");
        assert.equal(run?.status, "failed");
        assert.equal(run.finishedAt, t0 + 50);
        assert.equal(run.exitCode, 1);
        assert.deepEqual(run.summary, summary);
      });

      storeTest("getRun returns undefined for a run id never recorded", async (store) => {
        assert.equal(await store.getRun("nope"), undefined);
      });

      storeTest("listRuns returns runs newest first, at most limit of them", async (store) => {
        await store.recordRunStarted(runStart("middle", { startedAt: t0 + 10 }));
        await store.recordRunStarted(runStart("oldest", { startedAt: t0 }));
        await store.recordRunStarted(runStart("newest", { startedAt: t0 + 20 }));
        const ids = async (limit?: number) => (await store.listRuns(limit === undefined ? undefined : { limit })).map((run) => run.runId);
        assert.deepEqual(await ids(), ["newest", "middle", "oldest"]);
        assert.deepEqual(await ids(2), ["newest", "middle"]);
        assert.deepEqual(await ids(0), []);
      });

      storeTest("listRuns pages through history: before a run id, the runs listed after it, ties in order", async (store) => {
        // b and c started in the same millisecond: c, recorded last, is listed first.
        await store.recordRunStarted(runStart("a", { startedAt: t0 }));
        await store.recordRunStarted(runStart("b", { startedAt: t0 + 10 }));
        await store.recordRunStarted(runStart("c", { startedAt: t0 + 10 }));
        await store.recordRunStarted(runStart("d", { startedAt: t0 + 20 }));
        const page = async (query: { before?: string; limit?: number }) => (await store.listRuns(query)).map((run) => run.runId);
        assert.deepEqual(await page({ limit: 2 }), ["d", "c"]);
        assert.deepEqual(await page({ before: "c", limit: 2 }), ["b", "a"]);
        assert.deepEqual(await page({ before: "b" }), ["a"]);
        assert.deepEqual(await page({ before: "d" }), ["c", "b", "a"]);
        assert.deepEqual(await page({ before: "a", limit: 5 }), []);
        await assert.rejects(store.listRuns({ before: "ghost" }), storeErrorMatching(/ghost/));
      });

      storeTest("listRuns with a status lists only the runs with that status, and pages within them", async (store) => {
        await store.recordRunStarted(runStart("a", { startedAt: t0 }));
        await store.recordRunStarted(runStart("b", { startedAt: t0 + 10 }));
        await store.recordRunStarted(runStart("c", { startedAt: t0 + 20 }));
        await store.recordRunStarted(runStart("d", { startedAt: t0 + 30 }));
        await store.recordRunFinished({ runId: "b", status: "succeeded", finishedAt: t0 + 15, exitCode: 0, summary: null });
        const page = async (query: RunQuery) => (await store.listRuns(query)).map((run) => run.runId);
        assert.deepEqual(await page({ status: "running" }), ["d", "c", "a"]);
        assert.deepEqual(await page({ status: "running", limit: 1 }), ["d"]);
        assert.deepEqual(await page({ status: "running", before: "d", limit: 1 }), ["c"]);
        // The cursor need not have the status itself: it only marks where the last page ended.
        assert.deepEqual(await page({ status: "running", before: "b" }), ["a"]);
        assert.deepEqual(await page({ status: "succeeded" }), ["b"]);
        assert.deepEqual(await page({ status: "crashed" }), []);
        await assert.rejects(store.listRuns({ status: "runing" as RunStatus }), storeErrorMatching(/runing/));
      });

      storeTest("a heartbeat moves a running run's heartbeatAt, and leaves a finished run as it was", async (store) => {
        await store.recordRunStarted(runStart("live"));
        await store.recordRunHeartbeat("live", t0 + 10_000);
        assert.equal((await store.getRun("live"))?.heartbeatAt, t0 + 10_000);
        assert.equal((await store.getRun("live"))?.status, "running");
        await store.recordRunStarted(runStart("done"));
        await store.recordRunFinished({ runId: "done", status: "succeeded", finishedAt: t0 + 50, exitCode: 0, summary: { ok: true } });
        await store.recordRunHeartbeat("done", t0 + 60);
        const done = await store.getRun("done");
        assert.equal(done?.status, "succeeded");
        assert.equal(done.finishedAt, t0 + 50);
        assert.deepEqual(done.summary, { ok: true });
        await assert.rejects(store.recordRunHeartbeat("ghost", t0), storeErrorMatching(/ghost/));
      });

      storeTest("a run recorded as crashed is finished at its last heartbeat, with no exit code", async (store) => {
        await store.recordRunStarted(runStart("r1"));
        await store.recordRunHeartbeat("r1", t0 + 10_000);
        const summary = { error: { code: "crashed", message: "its process is gone" } };
        assert.equal(await store.recordRunCrashed({ runId: "r1", heartbeatAt: t0 + 10_000, summary }), true);
        const run = await store.getRun("r1");
        assert.equal(run?.status, "crashed");
        assert.equal(run.finishedAt, t0 + 10_000);
        assert.equal(run.exitCode, null);
        assert.deepEqual(run.summary, summary);
        assert.deepEqual((await store.listRuns({ status: "crashed" })).map((r) => r.runId), ["r1"]);
        await assert.rejects(store.recordRunCrashed({ runId: "ghost", heartbeatAt: t0, summary }), storeErrorMatching(/ghost/));
      });

      storeTest("a run is not recorded as crashed if it beat or finished after the caller looked", async (store) => {
        const summary = { error: "gone" };
        await store.recordRunStarted(runStart("beat"));
        await store.recordRunHeartbeat("beat", t0 + 10_000);
        // The caller saw the heartbeat at t0; the run has beaten since.
        assert.equal(await store.recordRunCrashed({ runId: "beat", heartbeatAt: t0, summary }), false);
        assert.equal((await store.getRun("beat"))?.status, "running");
        await store.recordRunStarted(runStart("done"));
        await store.recordRunFinished({ runId: "done", status: "failed", finishedAt: t0 + 5, exitCode: 1, summary: null });
        assert.equal(await store.recordRunCrashed({ runId: "done", heartbeatAt: t0, summary }), false);
        assert.equal((await store.getRun("done"))?.status, "failed");
      });

      storeTest("a run recorded as crashed that beats again is running again; its own finish always counts", async (store) => {
        await store.recordRunStarted(runStart("slow"));
        assert.equal(await store.recordRunCrashed({ runId: "slow", heartbeatAt: t0, summary: { error: "no heartbeat" } }), true);
        await store.recordRunHeartbeat("slow", t0 + 400_000);
        const back = await store.getRun("slow");
        assert.equal(back?.status, "running");
        assert.equal(back.finishedAt, null);
        assert.equal(back.summary, null);
        assert.equal(back.heartbeatAt, t0 + 400_000);
        await store.recordRunCrashed({ runId: "slow", heartbeatAt: t0 + 400_000, summary: { error: "no heartbeat" } });
        await store.recordRunFinished({ runId: "slow", status: "succeeded", finishedAt: t0 + 500_000, exitCode: 0, summary: { ok: true } });
        const finished = await store.getRun("slow");
        assert.equal(finished?.status, "succeeded");
        assert.equal(finished.exitCode, 0);
      });

      storeTest("starting a run id twice, or finishing a run never started, is a store_error", async (store) => {
        await store.recordRunStarted(runStart("r1"));
        await assert.rejects(store.recordRunStarted(runStart("r1")), storeErrorMatching(/r1/));
        const finish = { runId: "ghost", status: "succeeded", finishedAt: t0, exitCode: 0, summary: null } as const;
        await assert.rejects(store.recordRunFinished(finish), storeErrorMatching(/ghost/));
      });
    });

    runner.describe("leases", () => {
      storeTest("a free lease is acquired, and getLease shows its holder", async (store) => {
        assert.equal(await store.getLease("t1"), undefined);
        assert.deepEqual(await store.acquireLease(lease("t1", "A")), { acquired: true });
        assert.deepEqual(await store.getLease("t1"), holder("t1", "A"));
      });

      storeTest("a live lease held by another owner is refused, naming the holder", async (store) => {
        await store.acquireLease(lease("t1", "A"));
        assert.deepEqual(await store.acquireLease(lease("t1", "B", { now: t0 + 5 })), { acquired: false, holder: holder("t1", "A") });
        assert.deepEqual(await store.getLease("t1"), holder("t1", "A"));
      });

      storeTest("a lease counts as free from the moment it expires, and another owner takes it over", async (store) => {
        await store.acquireLease(lease("t1", "A", { expiresAt: t0 + 100 }));
        const early = await store.acquireLease(lease("t1", "B", { now: t0 + 99, expiresAt: t0 + 200 }));
        assert.equal(early.acquired, false);
        const onTime = await store.acquireLease(lease("t1", "B", { now: t0 + 100, expiresAt: t0 + 200 }));
        assert.deepEqual(onTime, { acquired: true });
        assert.deepEqual(await store.getLease("t1"), holder("t1", "B", { expiresAt: t0 + 200 }));
      });

      storeTest("the owner of a live lease reacquires it and moves its expiry", async (store) => {
        await store.acquireLease(lease("t1", "A", { expiresAt: t0 + 100 }));
        assert.deepEqual(await store.acquireLease(lease("t1", "A", { now: t0 + 10, expiresAt: t0 + 500 })), { acquired: true });
        assert.equal((await store.getLease("t1"))?.expiresAt, t0 + 500);
      });

      storeTest("renewLeases extends the owner's leases and returns the ids it no longer holds", async (store) => {
        await store.acquireLease(lease("t1", "A", { expiresAt: t0 + 100 }));
        await store.acquireLease(lease("t2", "A", { expiresAt: t0 + 100 }));
        await store.acquireLease(lease("t2", "B", { now: t0 + 100, expiresAt: t0 + 300 })); // A's lapsed; B took it
        assert.deepEqual(await store.renewLeases("A", ["t1", "t2", "never-leased"], t0 + 1000), ["t2", "never-leased"]);
        assert.equal((await store.getLease("t1"))?.expiresAt, t0 + 1000);
        assert.deepEqual(await store.getLease("t2"), holder("t2", "B", { expiresAt: t0 + 300 }));
        assert.deepEqual(await store.renewLeases("A", [], t0 + 2000), []);
      });

      storeTest("releaseLease frees a task only when its owner releases it", async (store) => {
        await store.acquireLease(lease("t1", "A"));
        await store.releaseLease("t1", "B");
        assert.deepEqual(await store.getLease("t1"), holder("t1", "A"));
        await store.releaseLease("t1", "A");
        assert.equal(await store.getLease("t1"), undefined);
        assert.deepEqual(await store.acquireLease(lease("t1", "B")), { acquired: true });
      });

      storeTest("acquireLeases takes many leases at once, each as acquireLease would, in request order", async (store) => {
        await store.acquireLease(lease("busy", "B"));
        const results = await store.acquireLeases([lease("a", "A"), lease("busy", "A"), lease("b", "A")]);
        assert.deepEqual(results, [{ acquired: true }, { acquired: false, holder: holder("busy", "B") }, { acquired: true }]);
        assert.deepEqual(await store.getLease("b"), holder("b", "A"));
        assert.deepEqual(await store.acquireLeases([]), []);
      });

      storeTest("releaseLeases releases only the leases the owner holds", async (store) => {
        await store.acquireLeases([lease("a", "A"), lease("b", "A"), lease("c", "B")]);
        await store.releaseLeases(["a", "b", "c"], "A");
        assert.equal(await store.getLease("a"), undefined);
        assert.equal(await store.getLease("b"), undefined);
        assert.deepEqual(await store.getLease("c"), holder("c", "B"));
        await store.releaseLeases([], "A");
      });

      storeTest("acquireLeases answers each of hundreds of requests as acquireLease would, at its own now", async (store) => {
        await store.acquireLease(lease("task-70", "B"));
        await store.acquireLease(lease("task-71", "B"));
        await store.acquireLease(lease("task-150", "B", { expiresAt: t0 + 50 }));
        await store.acquireLease(lease("task-151", "B", { expiresAt: t0 + 50 }));
        await store.acquireLease(lease("task-199", "A", { expiresAt: t0 + 50 }));
        // Requests past 150 come a little later: B's leases ending at t0 + 50 are free from then on.
        const requests = Array.from({ length: 200 }, (_, i) => lease(`task-${i}`, "A", { now: i < 151 ? t0 + 10 : t0 + 60 }));
        const results = await store.acquireLeases(requests);
        const refused = new Map([
          [70, holder("task-70", "B")],
          [71, holder("task-71", "B")],
          [150, holder("task-150", "B", { expiresAt: t0 + 50 })],
        ]);
        results.forEach((result, i) => {
          const by = refused.get(i);
          assert.deepEqual(result, by === undefined ? { acquired: true } : { acquired: false, holder: by }, `task-${i}`);
        });
        assert.equal(results.length, 200);
        assert.deepEqual(await store.getLease("task-151"), holder("task-151", "A"));
        assert.deepEqual(await store.getLease("task-70"), holder("task-70", "B"));
      });

      storeTest("acquireLeases with a task id twice answers the second request after the first", async (store) => {
        const later = { expiresAt: t0 + 90_000 };
        const results = await store.acquireLeases([lease("t1", "A"), lease("t2", "A"), lease("t1", "B"), lease("t2", "A", later)]);
        assert.deepEqual(results, [{ acquired: true }, { acquired: true }, { acquired: false, holder: holder("t1", "A") }, { acquired: true }]);
        assert.deepEqual(await store.getLease("t2"), holder("t2", "A", later));
      });

      storeTest("releaseLeases releases hundreds of leases at once, still only the owner's", async (store) => {
        const ids = Array.from({ length: 300 }, (_, i) => `task-${i}`);
        await store.acquireLeases(ids.map((id, i) => lease(id, i % 7 === 0 ? "B" : "A")));
        await store.releaseLeases([...ids, "never-leased"], "A");
        for (const [i, id] of ids.entries()) {
          assert.deepEqual(await store.getLease(id), i % 7 === 0 ? holder(id, "B") : undefined, id);
        }
      });

      storeTest("leases taken together are renewed, released and taken over one task at a time", async (store) => {
        const ids = ["t1", "t2", "t3", "t4"];
        await store.acquireLeases(ids.map((id) => lease(id, "A", { expiresAt: t0 + 100 })));
        assert.deepEqual(await store.renewLeases("A", ["t1", "t2"], t0 + 1000), []);
        assert.equal((await store.getLease("t1"))?.expiresAt, t0 + 1000);
        assert.equal((await store.getLease("t3"))?.expiresAt, t0 + 100, "a task not named keeps its expiry");
        // t3 and t4 lapse; B takes t3 over, and A keeps nothing of it.
        assert.deepEqual(await store.acquireLease(lease("t3", "B", { now: t0 + 100, expiresAt: t0 + 500 })), { acquired: true });
        assert.deepEqual(await store.renewLeases("A", ids, t0 + 2000), ["t3"]);
        assert.deepEqual(await store.getLease("t3"), holder("t3", "B", { expiresAt: t0 + 500 }));
        assert.deepEqual(await store.getLease("t4"), holder("t4", "A", { expiresAt: t0 + 2000 }), "an expired lease nobody took is still renewed");
        await store.releaseLeases(["t2"], "A");
        assert.equal(await store.getLease("t2"), undefined);
        assert.deepEqual(await store.getLease("t1"), holder("t1", "A", { expiresAt: t0 + 2000 }));
        await store.breakLease("t1", "A");
        assert.equal(await store.getLease("t1"), undefined);
        assert.deepEqual(await store.getLease("t4"), holder("t4", "A", { expiresAt: t0 + 2000 }));
        assert.deepEqual(await store.acquireLease(lease("t4", "B", { now: t0 + 10 })), { acquired: false, holder: holder("t4", "A", { expiresAt: t0 + 2000 }) });
      });

      storeTest("breakLease removes the named owner's unexpired lease, and no one else's", async (store) => {
        await store.acquireLease(lease("t1", "A"));
        await store.breakLease("t1", "B");
        assert.deepEqual(await store.getLease("t1"), holder("t1", "A"));
        await store.breakLease("t1", "A");
        assert.equal(await store.getLease("t1"), undefined);
        assert.deepEqual(await store.acquireLease(lease("t1", "B", { now: t0 + 1 })), { acquired: true });
      });
    });

    runner.describe("task records", () => {
      storeTest("a failed result keeps the fingerprint and inputs of the outputs in place", async (store) => {
        await store.recordTaskResults([taskResult("t1", { fingerprint: { v: 1 }, inputs: ["a", "b"] })]);
        await store.recordTaskResults([taskResult("t1", { status: "failed", error: "boom", attempts: 2, fingerprint: null, inputs: [] })]);
        const record = (await store.getTaskRecords(["t1"])).get("t1");
        assert.deepEqual(record, taskResult("t1", { status: "failed", error: "boom", attempts: 2, fingerprint: { v: 1 }, inputs: ["a", "b"] }));
      });

      storeTest("listConsumers returns the records whose inputs include any of the ids", async (store) => {
        await store.recordTaskResults([
          taskResult("raw"),
          taskResult("clean", { inputs: ["raw"] }),
          taskResult("features", { inputs: ["clean"] }),
          taskResult("report", { inputs: ["features", "clean"] }),
        ]);
        assert.deepEqual((await store.listConsumers(["clean"])).map((r) => r.taskId), ["features", "report"]);
        assert.deepEqual((await store.listConsumers(["raw", "features"])).map((r) => r.taskId), ["clean", "report"]);
        assert.deepEqual(await store.listConsumers(["nobody"]), []);
        assert.deepEqual(await store.listConsumers([]), []);
        const [report] = await store.listConsumers(["features"]);
        assert.deepEqual(report?.inputs, ["clean", "features"]);
        await store.recordTaskResults([taskResult("report", { inputs: ["clean"] })]);
        assert.deepEqual((await store.listConsumers(["features"])).map((r) => r.taskId), [], "a new success replaces the inputs");
      });

      storeTest("the latest result recorded for a task id wins", async (store) => {
        await store.recordTaskResults([taskResult("t1", { status: "failed", error: "boom", attempts: 1 })]);
        await store.recordTaskResults([taskResult("t1", { status: "succeeded", attempts: 2, runId: "r2" })]);
        const records = await store.getTaskRecords(["t1"]);
        assert.deepEqual(records.get("t1"), taskResult("t1", { status: "succeeded", attempts: 2, runId: "r2" }));
      });

      storeTest("within one batch, the later result for the same task id wins", async (store) => {
        await store.recordTaskResults([taskResult("t1", { attempts: 1 }), taskResult("t2"), taskResult("t1", { attempts: 3 })]);
        const records = await store.getTaskRecords(["t1", "t2"]);
        assert.equal(records.get("t1")?.attempts, 3);
        assert.deepEqual(records.get("t2"), taskResult("t2"));
      });

      storeTest("within one batch, a later failure keeps the earlier success's fingerprint and inputs", async (store) => {
        await store.recordTaskResults([taskResult("t1", { fingerprint: { v: 0 }, inputs: ["old"] })]);
        await store.recordTaskResults([
          taskResult("t1", { fingerprint: { v: 1 }, inputs: ["a", "b"] }),
          taskResult("t2", { inputs: ["x"] }),
          taskResult("t1", { status: "failed", error: "boom", attempts: 2, fingerprint: null, inputs: [] }),
          taskResult("t2", { inputs: ["y"], attempts: 2 }),
        ]);
        const records = await store.getTaskRecords(["t1", "t2"]);
        assert.deepEqual(records.get("t1"), taskResult("t1", { status: "failed", error: "boom", attempts: 2, fingerprint: { v: 1 }, inputs: ["a", "b"] }));
        assert.deepEqual(records.get("t2"), taskResult("t2", { inputs: ["y"], attempts: 2 }));
        assert.deepEqual(await store.listConsumers(["old", "x"]), []);
      });

      storeTest("in a batch of hundreds, the last result for each repeated task id wins, inputs too", async (store) => {
        // 200 results for 150 ids: the first 50 ids come again at the end.
        const results = Array.from({ length: 200 }, (_, i) => taskResult(`task(i=${i % 150})`, { attempts: i + 1, inputs: [`in-${i}`] }));
        await store.recordTaskResults(results);
        const records = await store.getTaskRecords(results.map((result) => result.taskId));
        assert.equal(records.size, 150);
        for (let i = 0; i < 150; i++) {
          const last = i < 50 ? i + 150 : i;
          assert.deepEqual(records.get(`task(i=${i})`), taskResult(`task(i=${i})`, { attempts: last + 1, inputs: [`in-${last}`] }));
        }
        assert.deepEqual(await store.listConsumers(["in-0", "in-49"]), []);
      });

      storeTest("getTaskRecords returns the ids that have a record and leaves out the rest", async (store) => {
        await store.recordTaskResults([taskResult("a"), taskResult("b")]);
        const records = await store.getTaskRecords(["a", "missing", "b"]);
        assert.deepEqual([...records.keys()].sort(), ["a", "b"]);
        assert.deepEqual(records.get("b"), taskResult("b"));
        assert.equal((await store.getTaskRecords([])).size, 0);
      });

      storeTest("thousands of task results are written and read back in one call each", async (store) => {
        const ids = Array.from({ length: 5000 }, (_, i) => `task(i=${i})`);
        await store.recordTaskResults(ids.map((id) => taskResult(id, { fingerprint: { n: id } })));
        const records = await store.getTaskRecords([...ids, "missing"]);
        assert.equal(records.size, ids.length);
        assert.deepEqual(records.get("task(i=4999)"), taskResult("task(i=4999)", { fingerprint: { n: "task(i=4999)" } }));
        const fingerprints = await store.getFingerprints([...ids, "missing"]);
        assert.equal(fingerprints.size, ids.length);
        assert.deepEqual(fingerprints.get("task(i=0)"), { n: "task(i=0)" });
        assert.deepEqual(fingerprints.get("task(i=4999)"), { n: "task(i=4999)" });
      });

      storeTest("getFingerprints returns each recorded fingerprint, and leaves out ids with none", async (store) => {
        await store.recordTaskResults([
          taskResult("a", { fingerprint: { v: 1 } }),
          taskResult("untracked", { fingerprint: null }),
          taskResult("broke", { fingerprint: { v: 2 } }),
        ]);
        // A failure keeps the fingerprint of the outputs in place, as getTaskRecords says.
        await store.recordTaskResults([taskResult("broke", { status: "failed", error: "boom", fingerprint: null })]);
        const fingerprints = await store.getFingerprints(["a", "untracked", "broke", "missing"]);
        assert.deepEqual(
          [...fingerprints.entries()].sort(([x], [y]) => (x < y ? -1 : 1)),
          [
            ["a", { v: 1 }],
            ["broke", { v: 2 }],
          ],
        );
        assert.equal((await store.getFingerprints([])).size, 0);
        await store.recordTaskResults([taskResult("a", { fingerprint: { v: 3 } })]);
        assert.deepEqual((await store.getFingerprints(["a"])).get("a"), { v: 3 }, "a new success replaces it");
      });
    });

    runner.describe("events", () => {
      storeTest("events get increasing seq numbers in the order they were appended", async (store) => {
        await store.appendEvents([event("r1", "run_started"), event("r1", "task_started", "t1")]);
        await store.appendEvents([]);
        await store.appendEvents([event("r1", "task_succeeded", "t1"), event("r1", "run_finished")]);
        const events = await store.listEvents();
        assert.deepEqual(events.map((e) => e.type), ["run_started", "task_started", "task_succeeded", "run_finished"]);
        for (let i = 1; i < events.length; i++) assert.ok(events[i]!.seq > events[i - 1]!.seq, "seq must increase");
        assert.deepEqual(events[1], { ...event("r1", "task_started", "t1"), seq: events[1]!.seq });
      });

      storeTest("hundreds of events appended at once keep their order", async (store) => {
        const events = Array.from({ length: 203 }, (_, i) => ({ ...event("r1", "task_log", `t${i}`), data: { i } }));
        await store.appendEvents(events);
        await store.appendEvents([event("r1", "run_finished")]);
        const stored = await store.listEvents();
        assert.deepEqual(stored.map(({ seq: _seq, ...rest }) => rest), [...events, event("r1", "run_finished")]);
        for (let i = 1; i < stored.length; i++) assert.ok(stored[i]!.seq > stored[i - 1]!.seq, "seq must increase");
      });

      storeTest("listEvents filters by run, task, afterSeq and limit, oldest first", async (store) => {
        await store.appendEvents([
          event("r1", "run_started"),
          event("r1", "task_started", "t1"),
          event("r2", "task_started", "t1"),
          event("r1", "task_log", "t2"),
          event("r1", "task_succeeded", "t1"),
        ]);
        const all = await store.listEvents();
        const seqs = (events: readonly { seq: number }[]) => events.map((e) => e.seq);
        const at = (...indexes: number[]) => indexes.map((i) => all[i]!.seq);
        assert.deepEqual(seqs(await store.listEvents({ runId: "r1" })), at(0, 1, 3, 4));
        assert.deepEqual(seqs(await store.listEvents({ taskId: "t1" })), at(1, 2, 4));
        assert.deepEqual(seqs(await store.listEvents({ runId: "r1", taskId: "t1" })), at(1, 4));
        assert.deepEqual(seqs(await store.listEvents({ afterSeq: all[2]!.seq })), at(3, 4));
        assert.deepEqual(seqs(await store.listEvents({ runId: "r1", afterSeq: all[1]!.seq, limit: 1 })), at(3));
        assert.deepEqual(seqs(await store.listEvents({ taskId: "t1", afterSeq: all[1]!.seq })), at(2, 4));
        assert.deepEqual(seqs(await store.listEvents({ limit: 2 })), at(0, 1));
        assert.deepEqual(await store.listEvents({ runId: "unknown" }), []);
      });
    });

    runner.describe("progress", () => {
      storeTest("recordProgress records results, releases the owner's leases and appends events, as the three methods would", async (store) => {
        await store.acquireLeases([lease("t1", "A"), lease("t2", "A"), lease("t3", "B")]);
        await store.recordTaskResults([taskResult("t2", { fingerprint: { code: "v0" }, inputs: ["x"] })]);
        await store.appendEvents([event("r1", "run_started")]);
        await store.recordProgress({
          results: [taskResult("t1", { inputs: ["t0"] }), taskResult("t2", { status: "failed", error: "boom", fingerprint: null })],
          released: { ownerId: "A", taskIds: ["t1", "t2", "t3"] },
          events: [event("r1", "task_succeeded", "t1"), event("r1", "task_failed", "t2")],
        });
        const records = await store.getTaskRecords(["t1", "t2"]);
        assert.deepEqual(records.get("t1"), taskResult("t1", { inputs: ["t0"] }));
        assert.deepEqual(records.get("t2"), taskResult("t2", { status: "failed", error: "boom", fingerprint: { code: "v0" }, inputs: ["x"] }), "a failure keeps what produced the outputs");
        assert.equal(await store.getLease("t1"), undefined);
        assert.equal(await store.getLease("t2"), undefined);
        assert.deepEqual(await store.getLease("t3"), holder("t3", "B"), "only the named owner's leases go");
        const events = await store.listEvents();
        assert.deepEqual(events.map((e) => `${e.type} ${e.taskId}`), ["run_started null", "task_succeeded t1", "task_failed t2"]);
        for (let i = 1; i < events.length; i++) assert.ok(events[i]!.seq > events[i - 1]!.seq, "seq must increase");
      });

      storeTest("recordProgress takes any part alone, and hundreds of each at once", async (store) => {
        const ids = Array.from({ length: 300 }, (_, i) => `task-${i}`);
        await store.acquireLeases(ids.map((id) => lease(id, "A")));
        await store.recordProgress({});
        await store.recordProgress({ results: [], released: { ownerId: "A", taskIds: [] }, events: [] });
        assert.deepEqual(await store.getLease("task-0"), holder("task-0", "A"), "an empty progress changes nothing");
        await store.recordProgress({ results: ids.map((id) => taskResult(id)) });
        await store.recordProgress({ events: ids.map((id) => event("r1", "task_succeeded", id)) });
        assert.deepEqual(await store.getLease("task-299"), holder("task-299", "A"), "results alone release nothing");
        await store.recordProgress({ released: { ownerId: "A", taskIds: ids } });
        assert.equal((await store.getTaskRecords(ids)).size, 300);
        assert.deepEqual((await store.listEvents()).map((e) => e.taskId), ids);
        for (const id of ids) assert.equal(await store.getLease(id), undefined, id);
      });
    });

    runner.describe("JSON values", () => {
      storeTest("params, summary, fingerprint and event data come back exactly as written", async (store) => {
        for (const [i, value] of tortureJson.entries()) {
          await store.recordRunStarted(runStart(`r${i}`));
          await store.recordRunFinished({ runId: `r${i}`, status: "succeeded", finishedAt: t0, exitCode: 0, summary: value });
          assertSameJson((await store.getRun(`r${i}`))?.summary, value);
        }
        await store.recordTaskResults(tortureJson.map((value, i) => taskResult(`t${i}`, { params: value, fingerprint: value })));
        const records = await store.getTaskRecords(tortureJson.map((_, i) => `t${i}`));
        const fingerprints = await store.getFingerprints(tortureJson.map((_, i) => `t${i}`));
        await store.appendEvents(tortureJson.map((value) => ({ ...event("r1", "task_log"), data: value })));
        const events = await store.listEvents({ runId: "r1" });
        tortureJson.forEach((value, i) => {
          assertSameJson(records.get(`t${i}`)?.params, value);
          assertSameJson(records.get(`t${i}`)?.fingerprint, value);
          // A JSON null fingerprint is "none", which getFingerprints leaves out.
          if (value === null) assert.equal(fingerprints.has(`t${i}`), false);
          else assertSameJson(fingerprints.get(`t${i}`), value);
          assertSameJson(events[i]?.data, value);
        });
        await store.recordTaskResults([taskResult("untracked", { fingerprint: null })]);
        assert.equal((await store.getTaskRecords(["untracked"])).get("untracked")?.fingerprint, null);
      });

      storeTest("a stored value is a copy: changing the caller's object afterwards changes nothing", async (store) => {
        const params: { [key: string]: JsonValue } = { date: "2024-01-01", tags: ["a"] };
        await store.recordTaskResults([taskResult("t1", { params })]);
        params["date"] = "changed";
        const first = await store.getTaskRecords(["t1"]);
        (first.get("t1")?.params as { [key: string]: JsonValue })["tags"] = "changed too";
        assert.deepEqual((await store.getTaskRecords(["t1"])).get("t1")?.params, { date: "2024-01-01", tags: ["a"] });
        const fingerprint = (await store.getFingerprints(["t1"])).get("t1") as { [key: string]: JsonValue };
        fingerprint["code"] = "changed";
        assert.deepEqual((await store.getFingerprints(["t1"])).get("t1"), { code: "v1" });
      });
    });

    runner.describe("lifecycle", () => {
      storeTest("a closed store rejects every call with a store_error saying it was closed", async (store) => {
        await store.recordRunStarted(runStart("r1"));
        await store.close();
        await store.close(); // closing twice is harmless
        await assert.rejects(store.getRun("r1"), storeErrorMatching(/closed/));
        await assert.rejects(store.acquireLease(lease("t1", "A")), storeErrorMatching(/closed/));
        await assert.rejects(store.init(), storeErrorMatching(/closed/));
      });
    });
  });
}

// Values that trip up naive encodings: key order, unicode, escapes, extreme numbers, nesting.
const tortureJson: readonly JsonValue[] = [
  { zebra: 1, apple: { nested: [1, "two", null, true, { deep: [] }] }, empty: {} },
  ["héllo wörld", "🚀 emoji", 'quotes " and \\ backslash', "line\nbreak\ttab", "\u0000 nul", ""],
  [0, -1, 0.1, 1e300, -2.5e-300, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
  "just a string",
  42,
  false,
  [],
];

function assertSameJson(actual: unknown, expected: JsonValue): void {
  assert.deepEqual(actual, expected);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), "key order must survive too");
}

function storeErrorMatching(message: RegExp) {
  return (error: unknown) => isPipewrightError(error, "store_error") && message.test(error.message);
}

function runStart(runId: string, overrides: Partial<RunStart> = {}): RunStart {
  return { runId, rootTaskIds: ["report()"], startedAt: t0, host: "host-1", pid: 101, ...overrides };
}

function holder(taskId: string, ownerId: string, overrides: { expiresAt?: number } = {}): LeaseHolder {
  const pid = 1000 + ownerId.charCodeAt(0);
  return { taskId, ownerId, runId: `run-of-${ownerId}`, host: `host-${ownerId}`, pid, expiresAt: t0 + 60_000, ...overrides };
}

function lease(taskId: string, ownerId: string, overrides: { now?: number; expiresAt?: number } = {}): LeaseRequest {
  return { ...holder(taskId, ownerId), now: t0, ...overrides };
}

function taskResult(taskId: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    inputs: [],
    taskId,
    taskName: taskId.split("(")[0] ?? taskId,
    params: { id: taskId },
    status: "succeeded",
    runId: "r1",
    attempts: 1,
    startedAt: t0,
    finishedAt: t0 + 10,
    error: null,
    fingerprint: { code: "v1" },
    ...overrides,
  };
}

function event(runId: string, type: NewEvent["type"], taskId: string | null = null): NewEvent {
  return { runId, type, taskId, at: t0, data: { runId, type } };
}
