import { afterEach, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { removeTempDir, tempDir } from "../../test/support/temp-dir.ts";
import type { ConnectRequest } from "./broker-link.ts";
import { DiskQueue } from "./disk-queue.ts";
import { TelemetryPublisher } from "./telemetry-publisher.ts";

let dir = "";
afterEach(() => removeTempDir(dir));

test("queued messages go out in order after the broker returns, birth first", async () => {
  dir = tempDir("telemetry-pub-");
  const clock = new ManualClock();
  const sent: string[] = [];
  let up = false;
  let request: ConnectRequest | undefined;
  const publisher = new TelemetryPublisher({
    clock,
    queue: new DiskQueue(dir),
    boxId: "b1",
    birth: () => ({}),
    connect: async (r) => {
      if (!up) throw new Error("ECONNREFUSED");
      request = r;
      return {
        publish: async (topic, payload) => {
          sent.push(`${topic} ${JSON.parse(payload).seq ?? JSON.parse(payload).state}`);
        },
        close: async () => {},
      };
    },
  });
  publisher.start();
  await Bun.sleep(0);
  publisher.send("health", {});
  publisher.send("port", {});
  expect(publisher.status()).toMatchObject({
    connected: false,
    lastError: "ECONNREFUSED",
    queued: 2,
  });
  up = true;
  clock.advance(1_000);
  await Bun.sleep(5);
  expect(sent).toEqual(["pbx/b1/status online", "pbx/b1/health 1", "pbx/b1/port 2"]);
  expect(request?.will.payload).toContain("offline");
  expect(publisher.status()).toMatchObject({ connected: true, queued: 0 });
});
