/**
 * Cuts a child's stdout or stderr into attempts: text is passed on as it arrives, and each marker
 * (written by the child after an attempt) is reported in its place and removed. A marker may
 * arrive split across chunks, so a tail that could start one is held back until the next chunk.
 */
export class OutputSplitter {
  private held = "";

  constructor(
    private readonly marker: string,
    private readonly onText: (text: string) => void,
    private readonly onMarker: () => void,
  ) {}

  push(chunk: string): void {
    let text = this.held + chunk;
    this.held = "";
    for (let at = text.indexOf(this.marker); at !== -1; at = text.indexOf(this.marker)) {
      if (at > 0) this.onText(text.slice(0, at));
      this.onMarker();
      text = text.slice(at + this.marker.length);
    }
    const keep = partialMarkerLength(text, this.marker);
    if (text.length > keep) this.onText(text.slice(0, text.length - keep));
    this.held = text.slice(text.length - keep);
  }

  /** The stream ended: whatever was held back was plain text after all. */
  end(): void {
    if (this.held !== "") this.onText(this.held);
    this.held = "";
  }
}

/** Length of the longest end of `text` that is a beginning of `marker`. */
function partialMarkerLength(text: string, marker: string): number {
  for (let length = Math.min(text.length, marker.length - 1); length > 0; length--) {
    if (marker.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
