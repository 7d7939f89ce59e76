import { setImmediate as realSetImmediate } from "node:timers";

/**
 * Runs `callback` on the next turn of the event loop, with Node's own setImmediate taken when
 * this module loads: a test that fakes timers afterwards (vi.useFakeTimers) freezes the global
 * one, and a run waiting on it would wait forever.
 */
export const turnLoop: (callback: () => void) => void = realSetImmediate;
