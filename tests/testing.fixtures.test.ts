import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bytes, csv, json, localFile, ndjson, param, task, text } from "pipewright";
import { checkFixtures, FixtureMismatchError, recordFixtures, stub } from "pipewright/testing";

// A 5-step pipeline on one external input; `settings` stands for code a developer changes.
const settings = { drift: 1, title: "Scores" };
interface Event {
  readonly user: string;
  readonly score: number;
}
const events = task("events", {
  params: { day: param.date() },
  output: ({ day }) => localFile(`input/events-${day}.csv`, csv<{ user: string; score: number }>({ cast: true })),
});
const cleanEvents = task("cleanEvents", {
  params: { day: param.date() },
  requires: ({ day }) => events({ day }),
  output: ({ day }) => localFile(`data/${day}/clean.ndjson`, ndjson<Event>()),
  run: async ({ input, output }) => output.write((await input.read()).filter((e) => e.score >= 0)),
});
const userStats = task("userStats", {
  params: { day: param.date() },
  requires: ({ day }) => cleanEvents({ day }),
  output: ({ day }) => localFile(`data/${day}/stats.json`, json<Record<string, { mean: number; count: number }>>()),
  async run({ input, output }) {
    const stats: Record<string, { mean: number; count: number }> = {};
    for (const e of await input.read()) {
      const s = (stats[e.user] ??= { mean: 0, count: 0 });
      s.mean = (s.mean * s.count + e.score) / (s.count + 1);
      s.count++;
    }
    await output.write(stats);
  },
});
const scores = task("scores", {
  params: { day: param.date() },
  requires: ({ day }) => ({ stats: userStats({ day }) }),
  output: ({ day }) => localFile(`data/${day}/scores.csv`, csv<{ user: string; z: number }>({ cast: true })),
  async run({ input, output }) {
    const stats = Object.entries(await input.stats.read());
    const mean = stats.reduce((sum, [, s]) => sum + s.mean, 0) / stats.length;
    await output.write(stats.map(([user, s]) => ({ user, z: ((s.mean - mean) / 3) * settings.drift })));
  },
});
const histogram = task("histogram", {
  params: { day: param.date() },
  requires: ({ day }) => scores({ day }),
  output: ({ day }) => localFile(`data/${day}/histogram.bin`, bytes()),
  run: async ({ input, output }) => output.write(Buffer.from((await input.read()).map((r) => Math.round(r.z * 10) + 128))),
});
const summary = task("summary", {
  params: { day: param.date() },
  requires: ({ day }) => ({ scores: scores({ day }), histogram: histogram({ day }) }),
  output: ({ day }) => localFile(`reports/${day}.md`, text()),
  async run({ input, output, params }) {
    const rows = await input.scores.read();
    const lines = rows.map((r) => `| ${r.user} | ${r.z.toFixed(4)} |`);
    await output.write([`# ${settings.title} on ${params.day}`, "", ...lines, "", `${(await input.histogram.read()).length} bins`, ""].join("\n"));
  },
});
const tasks = { events, cleanEvents, userStats, scores, histogram, summary };
const day = "2024-01-01";
const sample = "user,score\nann,0.9\nann,0.7\nbob,0.4\nbob,-1\ncid,0.31\n";

let dir: string;
let fixtures: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pw-fixtures-"));
  fixtures = join(dir, "fixtures");
  await writeFile(join(dir, "sample.csv"), sample);
  Object.assign(settings, { drift: 1, title: "Scores" });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const record = () => recordFixtures(summary({ day }), { dir: fixtures, files: { [`input/events-${day}.csv`]: sample } });

describe("recordFixtures", () => {
  it("stores every step's inputs and outputs once, as readable files, and reports sizes and kinds", async () => {
    const result = await record();
    expect(result.tasks).toEqual([
      { id: "events(day=2024-01-01)", role: "external" },
      { id: "cleanEvents(day=2024-01-01)", role: "step" },
      { id: "userStats(day=2024-01-01)", role: "step" },
      { id: "scores(day=2024-01-01)", role: "step" },
      { id: "histogram(day=2024-01-01)", role: "step" },
      { id: "summary(day=2024-01-01)", role: "step" },
    ]);
    expect(result.kinds).toEqual({ csv: 2, ndjson: 1, json: 1, bytes: 1, text: 1, "task.json": 6, index: 1 });
    expect(result.totalBytes).toBe(result.files.reduce((sum, f) => sum + f.bytes, 0));
    expect(result.warnings).toEqual([]);
    expect(await readFile(join(fixtures, "outputs/cleanEvents(day=2024-01-01).ndjson"), "utf8")).toBe(
      '{"user":"ann","score":0.9}\n{"user":"ann","score":0.7}\n{"user":"bob","score":0.4}\n{"user":"cid","score":0.31}\n',
    );
    expect(await readFile(join(fixtures, "outputs/userStats(day=2024-01-01).json"), "utf8")).toContain('  "ann": {\n    "count": 2,\n    "mean": 0.8');
    expect(await readFile(join(fixtures, "outputs/summary(day=2024-01-01).md"), "utf8")).toMatch(/^# Scores on 2024-01-01\n/);
    expect(await readdir(join(fixtures, "outputs/bytes"))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.bin$/)]);
    const step = JSON.parse(await readFile(join(fixtures, "summary/summary(day=2024-01-01)/task.json"), "utf8"));
    expect(step).toEqual({
      id: "summary(day=2024-01-01)",
      task: "summary",
      params: { day: "2024-01-01" },
      role: "step",
      inputs: [
        { requirement: "scores", task: "scores(day=2024-01-01)", files: ["outputs/scores(day=2024-01-01).csv"] },
        { requirement: "histogram", task: "histogram(day=2024-01-01)", files: [expect.stringMatching(/^outputs\/bytes\/[0-9a-f]{64}\.bin$/)] },
      ],
      outputs: [{ location: "reports/2024-01-01.md", kind: "text", file: "outputs/summary(day=2024-01-01).md" }],
    });
  });

  it("gives the same files when recorded twice, and replaces an earlier recording", async () => {
    await record();
    const first = await readFile(join(fixtures, "outputs/scores(day=2024-01-01).csv"), "utf8");
    await record();
    expect(await readFile(join(fixtures, "outputs/scores(day=2024-01-01).csv"), "utf8")).toBe(first);
  });

  it("refuses a folder that holds other files", async () => {
    await expect(recordFixtures(summary({ day }), { dir })).rejects.toThrow(`${dir} is not empty and holds no fixtures.json`);
  });

  it("copies external inputs from a project folder, leaving the project's own data alone", async () => {
    const project = join(dir, "project");
    await mkdir(join(project, "input"), { recursive: true });
    await writeFile(join(project, `input/events-${day}.csv`), sample);
    const result = await recordFixtures(userStats({ day }), { dir: fixtures, externalsFrom: project });
    expect(result.tasks.map((t) => t.role)).toEqual(["external", "step", "step"]);
    expect(await readFile(join(fixtures, "outputs/events(day=2024-01-01).csv"), "utf8")).toBe(sample);
    expect(await readdir(project)).toEqual(["input"]);
    await expect(recordFixtures(userStats({ day: "2024-01-02" }), { dir: join(dir, "other"), externalsFrom: project })).rejects.toThrow(
      `events(day=2024-01-02) is an external input and input/events-2024-01-02.csv is not in ${project}.`,
    );
  });

  it("stores a binary output shared by many steps once, listed once, and writes every step's files", async () => {
    // More steps than are written at once, several sharing one content.
    const blob = task("blob", {
      params: { i: param.int() },
      output: ({ i }) => localFile(`data/blob-${i}.bin`, bytes()),
      run: ({ params, output }) => output.write(Buffer.from([params.i % 3])),
    });
    const all = task("all", { requires: () => Array.from({ length: 80 }, (_, i) => blob({ i })) });
    const result = await recordFixtures(all(), { dir: fixtures });
    const bins = result.files.filter((f) => f.kind === "bytes");
    expect(bins).toHaveLength(3);
    expect(new Set(bins.map((f) => f.path)).size).toBe(3);
    expect((await readdir(join(fixtures, "outputs/bytes"))).sort()).toEqual(bins.map((f) => f.path.slice("outputs/bytes/".length)).sort());
    expect(result.kinds).toEqual({ bytes: 3, "task.json": 80, index: 1 });
    const records = await Promise.all([0, 3, 79].map(async (i) => JSON.parse(await readFile(join(fixtures, `blob/blob(i=${i})/task.json`), "utf8"))));
    expect(records.map((r) => r.outputs[0].file)).toEqual([bins[0]!.path, bins[0]!.path, bins[1]!.path]);
    await expect(checkFixtures(fixtures, { tasks: { blob, all } })).resolves.toMatchObject({ checked: expect.arrayContaining(["blob(i=0)", "blob(i=79)"]) });
  });

  it("records a stubbed task's data as the input of the steps after it", async () => {
    const result = await recordFixtures(scores({ day }), { dir: fixtures, stubs: [stub(cleanEvents, [{ user: "ann", score: 1 }])] });
    expect(result.tasks).toEqual([
      { id: "cleanEvents(day=2024-01-01)", role: "stub" },
      { id: "userStats(day=2024-01-01)", role: "step" },
      { id: "scores(day=2024-01-01)", role: "step" },
    ]);
    await expect(checkFixtures(fixtures, { tasks })).resolves.toMatchObject({ checked: ["userStats(day=2024-01-01)", "scores(day=2024-01-01)"] });
  });
});

describe("checkFixtures", () => {
  it("passes when every step still gives its recorded outputs", async () => {
    await record();
    const check = await checkFixtures(fixtures, { tasks });
    expect(check.checked).toEqual(["cleanEvents(day=2024-01-01)", "userStats(day=2024-01-01)", "scores(day=2024-01-01)", "histogram(day=2024-01-01)", "summary(day=2024-01-01)"]);
  });

  it("names the changed task, its output and the first difference; update then accepts it", async () => {
    await record();
    settings.drift = 2;
    const failure = await checkFixtures(fixtures, { tasks }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FixtureMismatchError);
    const message = (failure as Error).message;
    expect(message).toContain(`1 of 5 recorded steps in ${fixtures} differ from the recording:`);
    expect(message).toContain('\n  scores(day=2024-01-01): output data/2024-01-01/scores.csv row 1 field "z": expected 0.0988888888888888');
    expect(message).toContain('\n      expected row 1: {"user":"ann","z":0.0988888888888888');
    expect(message).toContain("If the new outputs are right, accept them: PIPEWRIGHT_UPDATE_FIXTURES=1 (or pipewright fixtures check --update).");
    // The steps after it read the recorded scores, so they still match: the message points at the cause.
    expect(message).not.toContain("summary(day=2024-01-01)");

    const updated = await checkFixtures(fixtures, { tasks, update: true });
    expect(updated.updated).toContain("outputs/scores(day=2024-01-01).csv");
    // Later steps read the new scores during the update, so their changed outputs were accepted too.
    expect(updated.differences.map((d) => d.taskId)).toEqual(["scores(day=2024-01-01)", "histogram(day=2024-01-01)", "summary(day=2024-01-01)"]);
    expect(await readdir(join(fixtures, "outputs/bytes"))).toHaveLength(1);
    await expect(checkFixtures(fixtures, { tasks })).resolves.toMatchObject({ differences: [] });
  });

  it("updates when PIPEWRIGHT_UPDATE_FIXTURES=1 is set", async () => {
    await record();
    settings.title = "Z-scores";
    process.env["PIPEWRIGHT_UPDATE_FIXTURES"] = "1";
    try {
      await checkFixtures(fixtures, { tasks });
    } finally {
      delete process.env["PIPEWRIGHT_UPDATE_FIXTURES"];
    }
    expect(await readFile(join(fixtures, "outputs/summary(day=2024-01-01).md"), "utf8")).toMatch(/^# Z-scores on/);
  });

  it("names the first differing line of a text output", async () => {
    await record();
    settings.title = "Z-scores";
    await expect(checkFixtures(fixtures, { tasks })).rejects.toThrow(
      'summary(day=2024-01-01): output reports/2024-01-01.md line 1: expected "# Scores on 2024-01-01", got "# Z-scores on 2024-01-01"',
    );
  });

  it("compares floats with the given tolerance", async () => {
    await record();
    settings.drift = 1 + 1e-7;
    await expect(checkFixtures(fixtures, { tasks })).rejects.toThrow('scores(day=2024-01-01): output data/2024-01-01/scores.csv row 1 field "z"');
    await expect(checkFixtures(fixtures, { tasks, tolerance: 1e-6 })).resolves.toMatchObject({ differences: [] });
  });

  it("answers requirements asked for while running from the recording", async () => {
    const best = task("best", {
      params: { day: param.date() },
      output: ({ day }) => localFile(`data/${day}/best.json`, json<string>()),
      async run({ require, output, params }) {
        const { stats } = await require({ stats: userStats({ day: params.day }) });
        const ranked = Object.entries(await stats.read()).sort(([, a], [, b]) => b.mean - a.mean);
        await output.write(ranked[0]![0]);
      },
    });
    await recordFixtures(best({ day }), { dir: fixtures, files: { [`input/events-${day}.csv`]: sample } });
    const record = JSON.parse(await readFile(join(fixtures, "best/best(day=2024-01-01)/task.json"), "utf8"));
    expect(record.inputs).toEqual([{ dynamic: true, task: "userStats(day=2024-01-01)", files: ["outputs/userStats(day=2024-01-01).json"] }]);
    await expect(checkFixtures(fixtures, { tasks: { ...tasks, best } })).resolves.toMatchObject({ differences: [] });
  });

  it("says what to do when a step cannot be rebuilt or run", async () => {
    await record();
    const { summary: _dropped, ...withoutSummary } = tasks;
    await expect(checkFixtures(fixtures, { tasks: withoutSummary })).rejects.toThrow('summary(day=2024-01-01): no task named "summary" among the tasks given');
    await expect(checkFixtures(join(dir, "nowhere"), { tasks })).rejects.toThrow("No fixtures in");
  });
});
