import { PipewrightError, isPipewrightError, messageOf } from "../errors.js";

/**
 * The `format_error` a format throws when data cannot be encoded or decoded. The cause is kept
 * so the parser's own message (position, token) stays available to whoever reads the error.
 */
export function formatError(
  format: string,
  message: string,
  options: { cause?: unknown; context?: Readonly<Record<string, unknown>> } = {},
): PipewrightError {
  return new PipewrightError("format_error", message, {
    cause: options.cause,
    context: { format, ...options.context },
  });
}

/** Run `decode` and turn anything it throws into a `format_error` (one already is, passes). */
export function decoding<T>(format: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (isPipewrightError(error, "format_error")) throw error;
    throw formatError(format, `Cannot decode the data as ${format}: ${messageOf(error)}. Check that the file holds ${format} and was written by this format.`, { cause: error });
  }
}

/** Run `encode` and turn anything it throws into a `format_error` (one already is, passes). */
export function encoding<T>(format: string, encode: () => T): T {
  try {
    return encode();
  } catch (error) {
    if (isPipewrightError(error, "format_error")) throw error;
    throw formatError(format, `Cannot encode the data as ${format}: ${messageOf(error)}. Pass a value this format can hold.`, { cause: error });
  }
}

/** Text of a buffer without a leading byte-order mark (editors on some systems add one). */
export function utf8Text(raw: Buffer): string {
  const text = raw.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
