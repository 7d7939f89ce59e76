/**
 * Values of `memory()` targets, by key. One bucket per workspace keeps test sandboxes apart;
 * values are kept by reference (no copy), so a task should not mutate data it has read.
 */
export class MemoryBucket {
  readonly #values = new Map<string, unknown>();

  get(key: string): unknown {
    return this.#values.get(key);
  }

  set(key: string, value: unknown): void {
    this.#values.set(key, value);
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  /** True if the key held a value. */
  delete(key: string): boolean {
    return this.#values.delete(key);
  }

  keys(): string[] {
    return [...this.#values.keys()];
  }

  clear(): void {
    this.#values.clear();
  }

  get size(): number {
    return this.#values.size;
  }
}
