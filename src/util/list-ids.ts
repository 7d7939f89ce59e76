/**
 * Ids joined by commas, the first `max` of them and how many more: a list of 100,000 tasks (what
 * a wrapper over them was blocked by, say) stays one short line in messages and stored events.
 */
export function listIds(ids: readonly string[], max = 10): string {
  return ids.length <= max ? ids.join(", ") : `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;
}
