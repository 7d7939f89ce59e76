/** How much of each named resource a task holds while it runs: `{ gpu: 1, db: 2 }`. */
export type ResourceAmounts = Readonly<Record<string, number>>;

/**
 * Named resources with limits (from config). A task starts only if what it declares fits in
 * what is free; resources without a limit are unlimited. Pure bookkeeping.
 */
export class ResourcePool {
  private readonly inUse = new Map<string, number>();

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
  }
}
