export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Drawn in the accent colour (the chosen model, say). */
  readonly highlight?: boolean;
}

export interface BarChartOptions {
  /** The value a full-width bar stands for. Default: 1 (metrics are shares). */
  readonly max?: number;
  /** How values are written beside the bars. Default: as percentages with one decimal. */
  readonly format?: (value: number) => string;
}

const width = 640;
const labelWidth = 200;
const barArea = 340;
const rowHeight = 28;
const top = 44;

/**
 * A horizontal bar chart as an SVG document, written by hand: no chart library, no browser,
 * and the file diffs well in review.
 */
export function barChartSvg(title: string, bars: readonly Bar[], options: BarChartOptions = {}): string {
  const max = options.max ?? 1;
  const format = options.format ?? ((value: number) => `${(value * 100).toFixed(1)}%`);
  const height = top + bars.length * rowHeight + 16;
  const rows = bars.map((bar, i) => {
    const y = top + i * rowHeight;
    const length = Math.max(0, Math.min(1, bar.value / max)) * barArea;
    return [
      `  <text x="${labelWidth - 10}" y="${y + 18}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `  <rect x="${labelWidth}" y="${y + 4}" width="${length.toFixed(1)}" height="${rowHeight - 8}" fill="${bar.highlight ? "#d9480f" : "#4263eb"}"/>`,
      `  <text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 18}">${escapeXml(format(bar.value))}</text>`,
    ].join("\n");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `  <rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `  <text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    ...rows,
    `  <line x1="${labelWidth}" y1="${top}" x2="${labelWidth}" y2="${height - 12}" stroke="#868e96"/>`,
    "</svg>",
    "",
  ].join("\n");
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c] ?? ""};`);
}
