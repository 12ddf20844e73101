import { describe, expect, test } from "bun:test";
import {
  decodeTelephoneEvent,
  digitForEvent,
  encodeTelephoneEvent,
  eventForDigit,
} from "./telephone-event.ts";
import { TelephoneEventReceiver } from "./telephone-event-receiver.ts";
import { TelephoneEventSender } from "./telephone-event-sender.ts";

describe("RFC 4733 payload", () => {
  test("digit 5, end bit, volume 10, duration 800 is 05 8A 03 20 on the wire", () => {
    const wire = encodeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 });
    expect([...wire]).toEqual([0x05, 0x8a, 0x03, 0x20]);
    expect(decodeTelephoneEvent(wire)).toEqual({ event: 5, end: true, volume: 10, duration: 800 });
    expect(decodeTelephoneEvent(Uint8Array.of(1, 2))).toBeUndefined();
  });

  test("DTMF digits map to RFC 4733 table 7 codes", () => {
    expect(eventForDigit("*")).toBe(10);
    expect(eventForDigit("#")).toBe(11);
    expect(eventForDigit("d")).toBe(15);
    expect(eventForDigit("x")).toBeUndefined();
    expect(digitForEvent(0)).toBe("0");
    expect(digitForEvent(16)).toBeUndefined();
  });
});

describe("TelephoneEventSender", () => {
  test("a 100 ms digit: marker on the first packet, growing durations, end sent three times", () => {
    const sender = new TelephoneEventSender();
    sender.start(1, 8000, 800);
    const sent = [];
    while (sender.busy) sent.push(...sender.tick());
    expect(sender.tick()).toEqual([]);
    const seen = sent.map((p) => {
      const e = decodeTelephoneEvent(p.payload)!;
      return [p.marker, p.timestamp, e.duration, e.end];
    });
    expect(seen).toEqual([
      [true, 8000, 160, false],
      [false, 8000, 320, false],
      [false, 8000, 480, false],
      [false, 8000, 640, false],
      [false, 8000, 800, true],
      [false, 8000, 800, true],
      [false, 8000, 800, true],
    ]);
  });

  test("stop() ends an open-ended event at the next tick", () => {
    const sender = new TelephoneEventSender({ volume: 7 });
    sender.start(11, 0);
    sender.tick();
    sender.tick();
    sender.stop();
    const ends = [...sender.tick(), ...sender.tick(), ...sender.tick()];
    expect(ends.map((p) => decodeTelephoneEvent(p.payload))).toEqual([
      { event: 11, end: true, volume: 7, duration: 480 },
      { event: 11, end: true, volume: 7, duration: 480 },
      { event: 11, end: true, volume: 7, duration: 480 },
    ]);
    expect(sender.busy).toBe(false);
  });

  test("events longer than 65535 units continue in a new segment", () => {
    const sender = new TelephoneEventSender();
    sender.start(0, 1000);
    let last = { timestamp: 0, duration: 0 };
    for (let i = 0; i < 420; i++) {
      const [p] = sender.tick();
      const e = decodeTelephoneEvent(p!.payload)!;
      expect(e.duration).toBeLessThanOrEqual(0xffff);
      last = { timestamp: p!.timestamp, duration: e.duration };
    }
    // 420 ticks of 160 = 67200 units: the second segment starts after 409 ticks (65440).
    expect(last).toEqual({ timestamp: 1000 + 65440, duration: 67200 - 65440 });
  });
});

describe("TelephoneEventReceiver", () => {
  test("reports begin and end once despite updates and the three end packets", () => {
    const sender = new TelephoneEventSender();
    const receiver = new TelephoneEventReceiver();
    sender.start(9, 4000, 480);
    const notices = [];
    while (sender.busy)
      for (const p of sender.tick()) notices.push(...receiver.receive(p.timestamp, p.payload));
    expect(notices).toEqual([
      { kind: "begin", event: 9, timestamp: 4000 },
      { kind: "end", event: 9, timestamp: 4000, durationTimestampUnits: 480 },
    ]);
  });

  test("a digit whose end packets were all lost ends when the next digit begins", () => {
    const receiver = new TelephoneEventReceiver();
    const update = (event: number, duration: number, end = false) =>
      encodeTelephoneEvent({ event, end, volume: 10, duration });
    expect(receiver.receive(100, update(1, 160))).toEqual([
      { kind: "begin", event: 1, timestamp: 100 },
    ]);
    expect(receiver.receive(100, update(1, 320))).toEqual([]);
    expect(receiver.receive(2000, update(2, 160))).toEqual([
      { kind: "end", event: 1, timestamp: 100, durationTimestampUnits: 320 },
      { kind: "begin", event: 2, timestamp: 2000 },
    ]);
    // A straggling update of the first digit is not a new digit.
    expect(receiver.receive(100, update(1, 480, true))).toEqual([]);
    expect(receiver.flush()).toEqual([
      { kind: "end", event: 2, timestamp: 2000, durationTimestampUnits: 160 },
    ]);
    expect(receiver.flush()).toEqual([]);
  });

  test("an event heard only by its end packet still begins and ends once", () => {
    const receiver = new TelephoneEventReceiver();
    const end = encodeTelephoneEvent({ event: 10, end: true, volume: 10, duration: 800 });
    expect(receiver.receive(5, end).map((n) => n.kind)).toEqual(["begin", "end"]);
    expect(receiver.receive(5, end)).toEqual([]);
    expect(receiver.receive(5, end)).toEqual([]);
  });
});
