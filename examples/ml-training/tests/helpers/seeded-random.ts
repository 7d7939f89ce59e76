/** A small seeded generator in [0, 1), standing in for a task's `random` in unit tests. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}
