/**
 * How a target's data is encoded. A format is pure: bytes in, data out, no I/O.
 * `name` lets tools (fixtures, the UI) show data as readable text.
 */
export interface Format<T> {
  readonly name: string;
  /** A file extension hint (without dot), e.g. `json`. */
  readonly extension: string;
  encode(data: T): string | Uint8Array;
  decode(raw: Buffer): T;
  /** Type-level only: carries `T`. */
  readonly __data?: T;
}
