import { readFileSync, readdirSync } from "node:fs";

// The .sql files sit next to this module in src/ and, copied by scripts/copy-assets.mjs, in dist/.
const here = new URL("./", import.meta.url);

/** The text of a .sql file under src/store/sqlite/, e.g. `readSql("queries/get-run.sql")`. */
export function readSql(relativePath: string): string {
  return readFileSync(new URL(relativePath, here), "utf8");
}

/** The names of the .sql files in a folder under src/store/sqlite/, sorted. */
export function listSqlFiles(folder: string): string[] {
  return readdirSync(new URL(`${folder}/`, here))
    .filter((name) => name.endsWith(".sql"))
    .sort();
}
