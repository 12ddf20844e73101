import { afterEach, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeTempDir, tempDir } from "../../test/support/temp-dir.ts";
import { DiskQueue } from "./disk-queue.ts";

let dir = "";
afterEach(() => removeTempDir(dir));

test("messages leave in order and survive a restart", () => {
  dir = tempDir("telemetry-queue-");
  const q = new DiskQueue(dir);
  q.push("pbx/a/health", "{}");
  q.push("pbx/a/port", '{"port":"fxs1"}');
  writeFileSync(join(dir, "000000000009.json.part"), "torn");
  const again = new DiskQueue(dir);
  expect(again.length).toBe(2);
  expect(again.peek()).toEqual({ seq: 1, topic: "pbx/a/health", payload: "{}" });
  again.remove(1);
  expect(again.peek()?.seq).toBe(2);
  again.remove(2);
  expect(new DiskQueue(dir).push("pbx/a/health", "{}")).toBe(3);
});

test("a full queue drops the oldest and counts it", () => {
  dir = tempDir("telemetry-queue-");
  const q = new DiskQueue(dir, 2);
  for (let i = 0; i < 5; i++) q.push("t", String(i));
  expect(q.length).toBe(2);
  expect(q.dropped).toBe(3);
  expect(q.peek()?.payload).toBe("3");
  expect(new DiskQueue(dir, 2).dropped).toBe(3);
});
