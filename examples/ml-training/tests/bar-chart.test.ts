import { describe, expect, test } from "vitest";
import { barChartSvg, escapeXml } from "../src/bar-chart.js";

describe("barChartSvg", () => {
  test("draws one bar per value, as long as its share of the maximum, the highlighted one in the accent colour", () => {
    const svg = barChartSvg("Scores", [{ label: "a", value: 0.5 }, { label: "b", value: 1, highlight: true }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    const bars = [...svg.matchAll(/<rect x="200" y="\d+" width="([\d.]+)" height="20" fill="(#\w+)"\/>/g)].map((m) => [Number(m[1]), m[2]]);
    expect(bars).toEqual([[170, "#4263eb"], [340, "#d9480f"]]);
    expect(svg).toContain(">50.0%</text>");
    expect(svg).toContain(">100.0%</text>");
  });

  test("scales to the given maximum and clips longer bars", () => {
    const svg = barChartSvg("Errors", [{ label: "a", value: 0.02 }, { label: "b", value: 0.1 }], { max: 0.04, format: (v) => v.toFixed(2) });
    expect([...svg.matchAll(/width="([\d.]+)" height="20"/g)].map((m) => Number(m[1]))).toEqual([170, 340]);
    expect(svg).toContain(">0.02</text>");
  });

  test("escapes labels and titles so any text makes valid XML", () => {
    const svg = barChartSvg('a < b & "c"', [{ label: "<script>", value: 0.1 }]);
    expect(svg).toContain("a &lt; b &amp; &quot;c&quot;");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).not.toContain("<script>");
  });
});

describe("escapeXml", () => {
  test("escapes the five XML special characters", () => {
    expect(escapeXml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&apos;");
  });
});
