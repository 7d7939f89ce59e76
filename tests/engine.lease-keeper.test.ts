import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, test } from "vitest";
import { LeaseKeeper } from "../src/engine/lease-keeper.js";
import { isPipewrightError } from "../src/errors.js";
import type { Store } from "../src/store/store.js";
import { holdLeases, spiedStore } from "./helpers/spied-store.js";

const pollMs = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function keeper(store: Store, signal?: AbortSignal): LeaseKeeper {
  const leases = new LeaseKeeper({ store, runId: "this-run", now: Date.now, pollMs, ...(signal && { signal }) });
  leases.start();
  return leases;
}

describe("LeaseKeeper", () => {
  test("a task another live run holds is handed over once that run releases it", async () => {
    const { store } = spiedStore();
    await store.init();
    const other = await holdLeases(store, ["a"]);
    const leases = keeper(store);
    expect(await leases.tryAcquire("a")).toBe(false);
    let holds = false;
    const waiting = leases.acquire("a").then(() => (holds = true));
    await sleep(pollMs * 3);
    expect(holds).toBe(false);
    await store.releaseLease("a", other);
    await waiting;
    expect((await store.getLease("a"))?.ownerId).toBe(leases.ownerId);
    await leases.stop();
    expect(await store.getLease("a")).toBeUndefined();
  });

  test("thousands of waiting tasks are asked for in one store call per 1,024 per poll, not one each", async () => {
    const { store, leaseCalls } = spiedStore();
    const batches = () => leaseCalls.map((ids) => ids.length);
    await store.init();
    const ids = Array.from({ length: 3000 }, (_, i) => `t${i}`);
    const other = await holdLeases(store, ids);
    leaseCalls.length = 0;
    const leases = keeper(store);
    const waits = Promise.all(ids.map((id) => leases.acquire(id)));
    await sleep(pollMs * 5);
    expect(batches().length).toBeGreaterThanOrEqual(3);
    // Each poll asks for every waiting task, in batches of at most 1,024.
    expect(batches().slice(0, 3)).toEqual([1024, 1024, 952]);
    await store.releaseLeases(ids, other);
    await waits;
    expect(new Set(await Promise.all(ids.map(async (id) => (await store.getLease(id))?.ownerId)))).toEqual(new Set([leases.ownerId]));
    await leases.stop();
  });

  test("a lease held by a dead process on this machine is taken over at once", async () => {
    const { store } = spiedStore();
    await store.init();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await holdLeases(store, ["a", "b"], dead);
    const leases = keeper(store);
    expect(await leases.tryAcquire("a")).toBe(true);
    expect((await store.getLease("a"))?.ownerId).toBe(leases.ownerId);
    await leases.stop();
  });

  test("a lease held on a machine of the same name but another pid namespace (a container) is not taken over for a pid missing here", async () => {
    const { store } = spiedStore();
    await store.init();
    const missingHere = spawnSync(process.execPath, ["-e", ""]).pid;
    await holdLeases(store, ["a"], missingHere, `${hostname()} (pid namespace 4026532999)`);
    const leases = keeper(store);
    expect(await leases.tryAcquire("a")).toBe(false);
    expect((await store.getLease("a"))?.pid).toBe(missingHere);
    await leases.stop();
  });

  test("an abort ends the wait at once, with the signal's reason", async () => {
    const { store } = spiedStore();
    await store.init();
    await holdLeases(store, ["a", "b"]);
    const controller = new AbortController();
    const leases = keeper(store, controller.signal);
    const waiting = Promise.all(["a", "b"].map((id) => leases.acquire(id)));
    controller.abort(new Error("stop now"));
    await expect(waiting).rejects.toThrow("stop now");
    await expect(leases.acquire("c")).rejects.toThrow("stop now");
    await leases.stop();
  });

  test("a store that fails while tasks wait fails each of them with its error", async () => {
    const { store } = spiedStore();
    await store.init();
    await holdLeases(store, ["a", "b"]);
    const broken: Store = Object.create(store) as Store;
    Object.assign(broken, { acquireLeases: () => Promise.reject(new Error("database is locked")) });
    const leases = keeper(broken);
    const outcomes = await Promise.allSettled([leases.acquire("a"), leases.acquire("b")]);
    expect(outcomes.map((o) => (o.status === "rejected" ? (o.reason as Error).message : "acquired"))).toEqual(["database is locked", "database is locked"]);
    await leases.stop();
  });

  test("stopping ends the waits that are left, as interrupted", async () => {
    const { store } = spiedStore();
    await store.init();
    await holdLeases(store, ["a"]);
    const leases = keeper(store);
    const waiting = leases.acquire("a");
    await leases.stop();
    const error = await waiting.catch((e: unknown) => e);
    expect(isPipewrightError(error, "interrupted")).toBe(true);
  });

  test("stopping while a poll is under way lets it finish and releases what it took", async () => {
    const { store } = spiedStore();
    await store.init();
    const other = await holdLeases(store, ["a"]);
    // A store slow to answer lease requests, as one over a network can be.
    let asking = (): void => undefined;
    const asked = new Promise<void>((resolve) => (asking = resolve));
    const slow: Store = Object.create(store) as Store;
    Object.assign(slow, {
      acquireLeases: async (requests: Parameters<Store["acquireLeases"]>[0]) => {
        asking();
        await sleep(100);
        return store.acquireLeases(requests);
      },
    });
    const leases = keeper(slow);
    const waiting = leases.acquire("a").catch((error: unknown) => error);
    await store.releaseLease("a", other);
    await asked; // the poll has asked for "a", which is free now
    await leases.stop();
    expect(isPipewrightError(await waiting, "interrupted")).toBe(true);
    await sleep(150); // past the slow answer
    expect(await store.getLease("a")).toBeUndefined();
  });

  test("two waits on one task both end when the run gets it", async () => {
    const { store } = spiedStore();
    await store.init();
    const other = await holdLeases(store, ["a"]);
    const leases = keeper(store);
    const both = Promise.all([leases.acquire("a"), leases.acquire("a")]);
    await store.releaseLease("a", other);
    await both;
    expect((await store.getLease("a"))?.ownerId).toBe(leases.ownerId);
    await leases.stop();
  });
});
