import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { PipewrightError } from "../../errors.js";
import type { CliIo } from "../cli-io.js";
import { formatOptions, parseCommandArgs, rejectUnknownOptions, type OptionSpec } from "../parse-args.js";
import { helpOption } from "../common-options.js";

const options: OptionSpec[] = [
  { name: "force", kind: "flag", description: "also fill a folder that is not empty: add the missing files, never overwrite one" },
  helpOption,
];

export const initHelp = `Usage: pipewright init [dir] [--force]

Creates a ready-to-run project in <dir> (default: the current folder): src/ (plain logic),
pipeline/ (one file per step), tests/ (unit and step tests), pipewright.config.ts with
staleness checking on, a README. Then: npm install && npm run pipeline; npm test.

A folder that is not empty is refused unless --force is given; even then no existing file is
overwritten: only the missing ones are added.

Options:
${formatOptions(options)}`;

// src/cli/commands/ and dist/cli/commands/ both sit three levels below the package root.
const packageRoot = fileURLToPath(new URL("../../../", import.meta.url));
const templateRoot = join(packageRoot, "templates", "init");

/** Template files whose names npm or git would treat specially, and their names in the project. */
function projectPath(templatePath: string): string {
  if (templatePath === "gitignore") return ".gitignore";
  return templatePath.endsWith(".template") ? templatePath.slice(0, -".template".length) : templatePath;
}

export async function initCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(argv, options, initHelp, io);
  if (!args) return 0;
  rejectUnknownOptions(args, options, "init");
  if (args.positionals.length > 1) throw new PipewrightError("bad_usage", `Unexpected argument "${args.positionals[1]}". Usage: pipewright init [dir] [--force].`);
  const target = resolve(io.cwd, args.positionals[0] ?? ".");
  const force = args.options["force"] === true;
  const existing = await entriesOf(target);
  if (existing.length > 0 && !force) {
    throw new PipewrightError(
      "bad_usage",
      `${target} is not empty (it holds ${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}). ` +
        `Choose an empty or new folder, or add --force to add only the missing files (existing files are never overwritten).`,
      { context: { dir: target } },
    );
  }

  const values = await templateValues(target);
  const created: string[] = [];
  const skipped: string[] = [];
  for (const file of await templateFiles(templateRoot)) {
    const destination = join(target, projectPath(file));
    const content = substitute(await readFile(join(templateRoot, file), "utf8"), values, file.includes(".json"));
    await mkdir(dirname(destination), { recursive: true });
    try {
      // "wx": fail rather than overwrite, even if the file appeared since we looked.
      await writeFile(destination, content, { flag: "wx" });
      created.push(relative(target, destination));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      skipped.push(relative(target, destination));
    }
  }

  io.stdout(`Created ${created.length} file${created.length === 1 ? "" : "s"} in ${target}:\n`);
  for (const file of created) io.stdout(`  ${file}\n`);
  if (skipped.length > 0) {
    io.stdout(`Kept ${skipped.length} existing file${skipped.length === 1 ? "" : "s"} as they were (not overwritten):\n`);
    for (const file of skipped) io.stdout(`  ${file}\n`);
  }
  const shown = relative(io.cwd, target);
  const cd = shown.startsWith("..") ? target : shown;
  io.stdout(`\nNext:\n${cd ? `  cd ${cd.includes(" ") ? JSON.stringify(cd) : cd}\n` : ""}  npm install && npm run pipeline\n  npm test\n`);
  return 0;
}

/** What is in the folder (a lone `.git` from `git init` does not count); nothing if it does not exist. */
async function entriesOf(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  if (!info.isDirectory()) throw new PipewrightError("bad_usage", `${dir} is a file, not a folder. Name a new or empty folder.`, { context: { dir } });
  return (await readdir(dir)).filter((name) => name !== ".git").sort();
}

/** Every file under the template folder, as paths relative to it with `/` separators. */
async function templateFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

async function templateValues(target: string): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(join(packageRoot, "package.json"), "utf8")) as { devDependencies?: Record<string, string> };
  const dev = pkg.devDependencies ?? {};
  const version = (name: string): string => {
    const range = dev[name];
    if (range === undefined) throw new Error(`pipewright's package.json lists no devDependency "${name}" for the init template`);
    return range;
  };
  return {
    name: packageName(basename(target)),
    // Not published yet: the project depends on this copy of pipewright.
    pipewrightSpec: `file:${packageRoot.replace(/[\\/]+$/, "")}`,
    // npm records install-script approvals of a linked folder by its path relative to the project.
    // Denying pipewright's `prepare` (a rebuild of the already built package) keeps `npm install` quiet.
    pipewrightScriptsKey: `file:${relative(target, packageRoot).split(sep).join("/")}`,
    typescriptVersion: version("typescript"),
    vitestVersion: version("vitest"),
    typesNodeVersion: version("@types/node"),
  };
}

/** A valid npm package name from a folder name. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[._-]+$/g, "");
  return name || "pipeline-project";
}

/** Replaces `{{key}}` with its value; in JSON files values are escaped as JSON string contents. */
function substitute(content: string, values: Readonly<Record<string, string>>, json: boolean): string {
  return content.replace(/\{\{(\w+)\}\}/g, (match, key: string) => {
    const value = values[key];
    if (value === undefined) return match;
    return json ? JSON.stringify(value).slice(1, -1) : value;
  });
}
