// The logic lives in plain functions: tested on their own, imported by the pipeline steps.

export interface Sale {
  readonly orderId: number;
  readonly region: string;
  readonly product: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface ProductRevenue {
  readonly product: string;
  readonly revenue: number;
}

type RawRow = Readonly<Record<string, string | number | boolean | null>>;

/** Keeps rows with a positive whole quantity and a price. */
export function cleanRows(rows: readonly RawRow[]): Sale[] {
  return rows.flatMap((row) => {
    const quantity = row["quantity"];
    const unitPrice = row["unit_price"];
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity <= 0) return [];
    if (typeof unitPrice !== "number") return [];
    return [{ orderId: Number(row["order_id"]), region: String(row["region"]), product: String(row["product"]), quantity, unitPrice }];
  });
}

const cents = (x: number) => Math.round(x * 100) / 100;

export function totalsByRegion(sales: readonly Sale[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const s of sales) totals[s.region] = cents((totals[s.region] ?? 0) + s.quantity * s.unitPrice);
  return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)));
}

export function topProducts(sales: readonly Sale[], top: number): ProductRevenue[] {
  const revenue = new Map<string, number>();
  for (const s of sales) revenue.set(s.product, cents((revenue.get(s.product) ?? 0) + s.quantity * s.unitPrice));
  return [...revenue]
    .map(([product, r]) => ({ product, revenue: r }))
    .sort((a, b) => b.revenue - a.revenue || a.product.localeCompare(b.product))
    .slice(0, top);
}

export function renderReport(date: string, totals: Record<string, number>, top: readonly ProductRevenue[]): string {
  const lines = [`# Sales on ${date}`, "", "| region | revenue |", "| --- | ---: |"];
  for (const [region, total] of Object.entries(totals)) lines.push(`| ${region} | ${total.toFixed(2)} |`);
  lines.push("", "Top products:", ...top.map((p, i) => `${i + 1}. ${p.product} (${p.revenue.toFixed(2)})`), "");
  return lines.join("\n");
}
