// tsc compiles src/ to dist/ but copies only what it compiles. The SQL files the store reads
// at run time (migrations, queries) must sit next to the compiled modules, so copy every
// src/**/*.sql to the same relative place under dist/. Run after tsc (see the "build" script).
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const src = path.join(root, "src");
const dist = path.join(root, "dist");
const assetExtensions = [".sql"];

let copied = 0;
for (const relative of readdirSync(src, { recursive: true, encoding: "utf8" })) {
  if (!assetExtensions.includes(path.extname(relative))) continue;
  const target = path.join(dist, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(src, relative), target);
  copied += 1;
}
console.log(`copy-assets: copied ${copied} file(s) from src/ to dist/`);
