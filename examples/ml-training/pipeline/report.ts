import { localFile, task } from "pipewright";
import { barChartSvg } from "../src/bar-chart.js";
import { metricBars, renderModelReport } from "../src/report.js";
import { variantName } from "../src/sweep.js";
import { corpusStats } from "./corpus-stats.js";
import { evaluate } from "./evaluate.js";
import { featureDir, modelParams } from "./params.js";
import { tfidfFeatures } from "./tfidf-features.js";
import { train } from "./train.js";

const chartFile = "metrics.svg";

/** The report of one model: Markdown with the data, the results and what the model learned, plus a chart. */
export const report = task("report", {
  params: modelParams,
  requires: (p) => ({
    stats: corpusStats({ date: p.date }),
    features: tfidfFeatures({ date: p.date, seed: p.seed, vocabularySize: p.vocabularySize }),
    model: train(p),
    metrics: evaluate(p),
  }),
  output: (p) => ({
    markdown: localFile(`${featureDir(p)}/reports/${variantName(p)}/report.md`),
    chart: localFile(`${featureDir(p)}/reports/${variantName(p)}/${chartFile}`),
  }),
  async run({ input, output, params }) {
    const [stats, vectorizer, model, metrics] = await Promise.all([input.stats.read(), input.features.vectorizer.read(), input.model.read(), input.metrics.read()]);
    const { date, seed, vocabularySize } = params;
    await output.markdown.write(renderModelReport({ date, seed, vocabularySize, hyperParameters: model.hyperParameters, stats, metrics, model, vocabulary: vectorizer.vocabulary, chartFile }));
    await output.chart.write(barChartSvg(`Spam classifier on the test split (${variantName(params)})`, metricBars(metrics)));
  },
});
