/**
 * A small deterministic random source (mulberry32) seeded from text, so a task given the same
 * id and seed draws the same numbers on every run and in every test.
 */
export function seededRandom(seedText: string): () => number {
  // Seeded at the first draw: most tasks never draw, and hashing the text cost each of them.
  let state: number | undefined;
  return () => {
    state = ((state ?? hashText(seedText)) + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bits. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
