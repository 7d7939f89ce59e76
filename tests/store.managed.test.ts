import { describe, expect, test } from "vitest";
import { isPipewrightError } from "../src/errors.js";
import { managed } from "../src/store/managed-store.js";
import { createMemoryStore } from "../src/store/memory-store.js";
import type { Store } from "../src/store/store.js";

/** A memory store that counts lifecycle calls and can make init slow or failing. */
function countingStore(options: { initDelayMs?: number; failInits?: number } = {}) {
  const inner = createMemoryStore();
  const counts = { init: 0, close: 0 };
  let failuresLeft = options.failInits ?? 0;
  const store: Store = {
    ...inner,
    async init() {
      counts.init += 1;
      await new Promise((resolve) => setTimeout(resolve, options.initDelayMs ?? 0));
      if (failuresLeft-- > 0) throw new Error("database is locked");
    },
    async close() {
      counts.close += 1;
    },
  };
  return { store, counts };
}

const isClosedError = (error: unknown) => isPipewrightError(error, "store_error") && /was closed/.test(error.message);

describe("managed", () => {
  test("concurrent init calls, and calls made without init, share one driver init", async () => {
    const { store, counts } = countingStore({ initDelayMs: 20 });
    const wrapped = managed(store);
    await Promise.all([wrapped.init(), wrapped.init(), wrapped.getRun("r1"), wrapped.listEvents()]);
    await wrapped.init();
    expect(counts.init).toBe(1);
  });

  test("close runs the driver's close once, however often it is called", async () => {
    const { store, counts } = countingStore();
    const wrapped = managed(store);
    await wrapped.init();
    await Promise.all([wrapped.close(), wrapped.close()]);
    await wrapped.close();
    expect(counts.close).toBe(1);
  });

  test("calls after close reject with a store_error saying the store was closed", async () => {
    const wrapped = managed(createMemoryStore());
    await wrapped.init();
    await wrapped.close();
    await expect(wrapped.getLease("t1")).rejects.toSatisfy(isClosedError);
    await expect(wrapped.init()).rejects.toSatisfy(isClosedError);
    await expect(wrapped.getLease("t1")).rejects.toThrow(/memory store at memory was closed/);
  });

  test("close waits for calls already in flight", async () => {
    const inner = createMemoryStore();
    let finished = false;
    const slow: Store = {
      ...inner,
      async getRun(runId) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        finished = true;
        return inner.getRun(runId);
      },
      async close() {
        expect(finished).toBe(true);
      },
    };
    const wrapped = managed(slow);
    await wrapped.init();
    const call = wrapped.getRun("r1");
    await wrapped.close();
    await expect(call).resolves.toBeUndefined();
  });

  test("a store closed before it was ever opened never calls the driver", async () => {
    const { store, counts } = countingStore();
    const wrapped = managed(store);
    await wrapped.close();
    expect(counts).toEqual({ init: 0, close: 0 });
    await expect(wrapped.getRun("r1")).rejects.toSatisfy(isClosedError);
  });

  test("a failed init is retried by the next call", async () => {
    const { store, counts } = countingStore({ failInits: 1 });
    const wrapped = managed(store);
    await expect(wrapped.init()).rejects.toThrow(/locked/);
    await expect(wrapped.getRun("r1")).resolves.toBeUndefined();
    expect(counts.init).toBe(2);
  });

  test("wrapping a managed store again returns the same store", () => {
    const wrapped = managed(createMemoryStore());
    expect(managed(wrapped)).toBe(wrapped);
  });
});
