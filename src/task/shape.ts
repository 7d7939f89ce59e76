/**
 * `requires` and `output` may return one item, a list, or a named map; `input` and the output
 * handles mirror that shape. These helpers walk and map the three shapes in one place.
 */
export type Shape<T> = T | readonly T[] | { readonly [key: string]: T };

/** Every item of a shape, in a stable order (list order, or map keys in insertion order). */
export function itemsOf<T>(shape: Shape<T> | undefined | null, isItem: (value: unknown) => value is T): T[] {
  if (shape === undefined || shape === null) return [];
  if (isItem(shape)) return [shape];
  if (Array.isArray(shape)) return shape.filter((item) => item !== undefined && item !== null) as T[];
  return Object.values(shape as Record<string, T>).filter((item) => item !== undefined && item !== null);
}

/** The same shape with each item replaced by `fn(item)`. */
export function mapShape<T, U>(shape: Shape<T> | undefined | null, isItem: (value: unknown) => value is T, fn: (item: T, key: string) => U): unknown {
  if (shape === undefined || shape === null) return undefined;
  if (isItem(shape)) return fn(shape, "");
  if (Array.isArray(shape)) return shape.map((item: T, index) => fn(item, String(index)));
  const out: Record<string, U> = {};
  for (const [key, item] of Object.entries(shape as Record<string, T>)) out[key] = fn(item, key);
  return out;
}

/** Like `mapShape`, awaiting each item (concurrently). */
export async function mapShapeAsync<T, U>(
  shape: Shape<T> | undefined | null,
  isItem: (value: unknown) => value is T,
  fn: (item: T, key: string) => Promise<U>,
): Promise<unknown> {
  if (shape === undefined || shape === null) return undefined;
  if (isItem(shape)) return fn(shape, "");
  if (Array.isArray(shape)) return Promise.all(shape.map((item: T, index) => fn(item, String(index))));
  const entries = await Promise.all(Object.entries(shape as Record<string, T>).map(async ([key, item]) => [key, await fn(item, key)] as const));
  return Object.fromEntries(entries);
}

/** Names each item by its place in the shape: `""` for a single item, `"0"`, `"model"`… */
export function keyedItemsOf<T>(shape: Shape<T> | undefined | null, isItem: (value: unknown) => value is T): Array<[string, T]> {
  if (shape === undefined || shape === null) return [];
  if (isItem(shape)) return [["", shape]];
  if (Array.isArray(shape)) return shape.map((item: T, index) => [String(index), item]);
  return Object.entries(shape as Record<string, T>);
}
