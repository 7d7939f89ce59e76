#!/usr/bin/env node
// Pipelines are written in TypeScript and loaded as they are: register tsx first.
import { register } from "tsx/esm/api";

register();
const { runMain } = await import("../dist/cli/run-main.js");
await runMain();
