/** How much of each named resource a task holds while it runs: `{ gpu: 1, db: 2 }`. */
export type ResourceAmounts = Readonly<Record<string, number>>;

/**
 * Named resources with limits (from config). A task starts only if what it declares fits in
 * what is free; resources without a limit are unlimited. Pure bookkeeping.
 */
export class ResourcePool {
  private readonly inUse = new Map<string, number>();
  /** The amounts of each group (see `groupOf`), and the group of each amounts object seen. */
  private readonly groups = new Map<string, ResourceAmounts>();
  private readonly groupOfAmounts = new WeakMap<ResourceAmounts, string>();
  /** Running tasks taking their resources back after a wait (see `acquire`), first come first served per resource. */
  private waiting: { readonly amounts: ResourceAmounts; readonly resolve: () => void }[] = [];

  /** Whether any resource has a limit: without one, every task fits and nothing needs checking. */
  readonly limited: boolean;

  constructor(private readonly limits: ResourceAmounts) {
    this.limited = Object.keys(limits).length > 0;
  }

  /** Whether the amounts fit now. */
  fits(amounts: ResourceAmounts | undefined): boolean {
    if (!amounts) return true;
    for (const [name, amount] of Object.entries(amounts)) {
      const limit = this.limits[name];
      if (limit !== undefined && (this.inUse.get(name) ?? 0) + amount > limit) return false;
    }
    return true;
  }

  /**
   * The group of tasks declaring `amounts`: the same for the same amounts, "" for none. Tasks of
   * one group fit, or not, together (see `groupCanStart`). Remembered per amounts object: the
   * tasks of one definition share theirs.
   */
  groupOf(amounts: ResourceAmounts | undefined): string {
    if (!amounts) return "";
    let group = this.groupOfAmounts.get(amounts);
    if (group === undefined) {
      group = JSON.stringify(Object.entries(amounts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      this.groupOfAmounts.set(amounts, group);
      this.groups.set(group, amounts);
    }
    return group;
  }

  /**
   * Whether a task of `group` may start now: it fits, and no running task waits to take back any
   * of its resources (those go first); or it asks more than a limit allows at all (it starts, to
   * fail with the reason).
   */
  groupCanStart(group: string): boolean {
    const amounts = this.groups.get(group);
    if (this.impossible(amounts) !== undefined) return true;
    return this.fits(amounts) && !this.waiting.some((waiter) => this.sharesLimited(waiter.amounts, amounts));
  }

  /**
   * Takes `amounts` once they fit, after the running tasks already waiting for any of the same
   * resources: for a task taking back the resources it gave up while it waited (for its dynamic
   * requirements, or for a lease another run holds). A task waiting for the GPU does not hold up
   * one taking back a database slot.
   */
  acquire(amounts: ResourceAmounts | undefined): Promise<void> {
    if (!amounts) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push({ amounts, resolve });
      this.serveWaiting();
    });
  }

  /** A resource the task asks more of than the limit allows at all, or undefined. */
  impossible(amounts: ResourceAmounts | undefined): { name: string; amount: number; limit: number } | undefined {
    if (!amounts) return undefined; // most tasks declare none: no garbage per task then
    for (const [name, amount] of Object.entries(amounts)) {
      const limit = this.limits[name];
      if (limit !== undefined && amount > limit) return { name, amount, limit };
    }
    return undefined;
  }

  take(amounts: ResourceAmounts | undefined): void {
    if (!amounts) return;
    for (const [name, amount] of Object.entries(amounts)) this.inUse.set(name, (this.inUse.get(name) ?? 0) + amount);
  }

  give(amounts: ResourceAmounts | undefined): void {
    if (!amounts) return;
    for (const [name, amount] of Object.entries(amounts)) this.inUse.set(name, (this.inUse.get(name) ?? 0) - amount);
    this.serveWaiting();
  }

  /**
   * Serves, in arrival order, each waiter that fits and shares no limited resource with an
   * earlier one that does not: one queue per resource, so a waiter asking for several is not
   * starved by later ones asking for one of them.
   */
  private serveWaiting(): void {
    if (this.waiting.length === 0) return; // every task's finish gives back: nothing to make then
    const stillWaiting: ResourcePool["waiting"] = [];
    for (const waiter of this.waiting) {
      if (stillWaiting.some((earlier) => this.sharesLimited(earlier.amounts, waiter.amounts)) || !this.fits(waiter.amounts)) {
        stillWaiting.push(waiter);
        continue;
      }
      this.take(waiter.amounts);
      waiter.resolve();
    }
    this.waiting = stillWaiting;
  }

  /** Whether `a` and `b` ask for a resource with a limit in common (one without a limit is never short). */
  private sharesLimited(a: ResourceAmounts, b: ResourceAmounts | undefined): boolean {
    if (!b) return false;
    for (const name of Object.keys(a)) if (b[name] !== undefined && this.limits[name] !== undefined) return true;
    return false;
  }
}
