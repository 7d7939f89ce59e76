import type { Plan } from "../engine/plan.js";
import type { AnyTaskInstance } from "../task/task-types.js";

type TaskRef = AnyTaskInstance | string;

/** Assertions on a plan; each throws a plain Error that lists what differs. */
export interface PlanAssertions {
  /** Exactly these tasks would run (in any order). */
  toRun(tasks: readonly TaskRef[]): void;
  /** None of these tasks would run. */
  notToRun(tasks: readonly TaskRef[]): void;
  /** Both would run, `first` before `then`. */
  toRunBefore(first: TaskRef, then: TaskRef): void;
}

/**
 * Readable assertions on a plan, for any test runner. Plain `expect(p.willRun).toEqual([...])`
 * works too; these messages add each task's state and reason.
 *
 * @example
 * expectPlan(await plan(report({ date }), { stubs })).toRun([regionTotals({ date }), report({ date })]);
 */
export function expectPlan(plan: Plan): PlanAssertions {
  const running = plan.tasks.filter((t) => t.state === "will_run").map((t) => t.id);
  const describe = (id: string) => {
    const t = plan.tasks.find((x) => x.id === id);
    return t ? `${id} (${t.state}: ${t.reason})` : `${id} (not in the plan)`;
  };
  const list = (ids: readonly string[]) => ids.map((id) => `    ${describe(id)}`).join("\n");
  return {
    toRun(tasks) {
      const expected = tasks.map(idOf);
      const missing = expected.filter((id) => !running.includes(id));
      const extra = running.filter((id) => !expected.includes(id));
      if (missing.length === 0 && extra.length === 0) return;
      const parts = [`Expected the plan to run exactly ${expected.length} task(s); it would run ${running.length}.`];
      if (missing.length) parts.push(`  expected to run but would not:\n${list(missing)}`);
      if (extra.length) parts.push(`  would run but not expected:\n${list(extra)}`);
      throw new Error(parts.join("\n"));
    },
    notToRun(tasks) {
      const wrong = tasks.map(idOf).filter((id) => running.includes(id));
      if (wrong.length) throw new Error(`Expected the plan not to run these tasks, but it would:\n${list(wrong)}`);
    },
    toRunBefore(first, then) {
      const [a, b] = [idOf(first), idOf(then)];
      const [i, j] = [running.indexOf(a), running.indexOf(b)];
      if (i === -1 || j === -1) throw new Error(`Expected both tasks to run, ${a} first:\n${list([a, b].filter((id) => !running.includes(id)))}`);
      if (i > j) throw new Error(`Expected ${a} to run before ${b}, but the plan runs it after.`);
    },
  };
}

function idOf(task: TaskRef): string {
  return typeof task === "string" ? task : task.id;
}
