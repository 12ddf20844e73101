import { expect, test } from "bun:test";
import { defaultCodecRegistry } from "./codec-registry.ts";

test("codecs are found by rtpmap name and clock rate, and by static payload type", () => {
  const registry = defaultCodecRegistry();
  expect(registry.byName("pcmu")?.payloadType).toBe(0);
  expect(registry.byName("PCMA", 8000)?.payloadType).toBe(8);
  // G.722's rtpmap says 8000 even though it carries 16 kHz audio (RFC 3551 4.5.2).
  expect(registry.byName("G722", 8000)?.sampleRateHz).toBe(16000);
  expect(registry.byName("L16", 16000)?.frameBytes).toBe(640);
  expect(registry.byName("L16", 44100)).toBeUndefined();
  expect(registry.byPayloadType(9)?.name).toBe("G722");
  expect(registry.byPayloadType(0)?.name).toBe("PCMU");
  expect(registry.byPayloadType(3)).toBeUndefined();
  expect(registry.list().map((f) => f.name)).toEqual(["PCMU", "PCMA", "G722", "L16", "L16"]);
});
