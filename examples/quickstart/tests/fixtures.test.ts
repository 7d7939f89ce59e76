// Every step against its recorded inputs and outputs (tests/fixtures, recorded with
// `pipewright fixtures record report`). Accept intended changes: PIPEWRIGHT_UPDATE_FIXTURES=1.
import { test } from "vitest";
import { checkFixtures } from "pipewright/testing";
import * as pipeline from "../pipeline/index.js";

test("every quickstart step still gives its recorded outputs", async () => {
  await checkFixtures(new URL("./fixtures", import.meta.url), { tasks: pipeline });
});
