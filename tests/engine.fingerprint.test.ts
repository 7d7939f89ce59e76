import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { param, task } from "pipewright";
import { computeFingerprint, fingerprintHash, unrecordedHash } from "../src/engine/fingerprint.js";
import { canonicalJson } from "../src/util/json.js";

// The hash recorded for every task since fingerprints exist: outputs recorded by an earlier
// version must not all turn stale because the hash is now computed another way.
function recordedHash(id: string, version: string | null, params: unknown, inputs: Record<string, string>): string {
  return createHash("sha256").update(canonicalJson({ id, version, params, inputs })).digest("hex").slice(0, 32);
}

describe("computeFingerprint", () => {
  const report = task("report", {
    version: "3",
    params: { day: param.date(), tags: param.list(param.string(), { default: [] }) },
    run: async () => undefined,
  });

  it("hashes the canonical JSON of id, version, parameters and inputs, whatever the input ids look like", () => {
    const instance = report({ day: "2024-01-02", tags: ["b", "a\"q"] });
    const deps = ["zeta(x=1)", "10", "9", "alpha", 'quo"te', "ünï", "a,b(c=d)", "__proto__", "constructor"];
    const hashes = new Map(deps.slice(0, 6).map((id, i) => [id, `h${i}`]));
    const fingerprint = computeFingerprint(instance, deps, hashes);
    const inputs = Object.fromEntries(deps.map((id) => [id, hashes.get(id) ?? unrecordedHash(id)]));
    expect(fingerprint.inputs).toEqual(inputs);
    expect(fingerprint.hash).toBe(recordedHash(instance.id, "3", fingerprint.params, inputs));
    expect(fingerprint.params).toEqual({ day: "2024-01-02", tags: ["b", 'a"q'] });
  });

  it("fingerprintHash gives the same hash without the map of inputs (what a wrapper needs)", () => {
    const instance = report({ day: "2024-01-02" });
    const deps = ["b(x=2)", "a(x=1)", "__proto__"];
    const hashes = new Map([["a(x=1)", "h1"]]);
    expect(fingerprintHash(instance, deps, hashes)).toBe(computeFingerprint(instance, deps, hashes).hash);
    expect(fingerprintHash(instance, [], hashes)).toBe(recordedHash(instance.id, "3", { day: "2024-01-02", tags: [] }, {}));
  });

  it("gives a task without requirements or version the hash it always had", () => {
    const leaf = task("leaf", { params: { i: param.int() }, run: async () => undefined });
    const fingerprint = computeFingerprint(leaf({ i: 7 }), [], new Map());
    expect(fingerprint).toEqual({ hash: recordedHash("leaf(i=7)", null, { i: 7 }, {}), version: null, params: { i: 7 }, inputs: {} });
  });

  it("changes when an input's hash changes, and not when the requirements are listed in another order", () => {
    const instance = report({ day: "2024-01-02" });
    const a = computeFingerprint(instance, ["x", "y"], new Map([["x", "1"], ["y", "2"]]));
    expect(computeFingerprint(instance, ["y", "x"], new Map([["x", "1"], ["y", "2"]])).hash).toBe(a.hash);
    expect(computeFingerprint(instance, ["x", "y"], new Map([["x", "1"], ["y", "3"]])).hash).not.toBe(a.hash);
  });
});
