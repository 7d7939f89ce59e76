import type { Format } from "./format.js";

/**
 * Raw bytes, untouched: images, archives, pickled models.
 * @example localFile("models/model.bin", bytes())
 */
export function bytes(): Format<Buffer> {
  return Object.freeze({
    name: "bytes",
    extension: "bin",
    encode: (data: Buffer): Uint8Array => data,
    decode: (raw: Buffer): Buffer => raw,
  });
}
