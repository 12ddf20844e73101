// Preloaded by bunfig.toml for every `bun test`: a global afterAll that removes the
// directories test/support/temp-dir.ts handed out (the runner emits no process "exit").

import { afterAll } from "bun:test";
import { removeAllTempDirs } from "./temp-dir.ts";

afterAll(removeAllTempDirs);
