import { expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { CompletedAnswers } from "./completed-answers.ts";

const text = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString() : undefined);

test("keeps each answer intact across chunks until the delay has passed", () => {
  const clock = new ManualClock();
  const store = new CompletedAnswers(clock, 32_000);
  const answers = new Map<string, string>();
  for (let i = 0; i < 500; i++) {
    const answer = `SIP/2.0 200 OK\r\nCSeq: ${i} REGISTER\r\n${"x".repeat(i % 97)}\r\n\r\n`;
    answers.set(`key-${i}`, answer);
    store.add(`key-${i}`, Buffer.from(answer));
    if (i % 100 === 99) clock.advance(400);
  }
  const big = "y".repeat(40_000);
  store.add("big", Buffer.from(big));
  expect(store.size).toBe(501);
  for (const [key, answer] of answers) expect(text(store.get(key))).toBe(answer);
  expect(text(store.get("big"))).toBe(big);
  expect(store.get("unknown")).toBeUndefined();
  clock.advance(32_000);
  expect(store.size).toBe(0);
  expect(store.get("key-499")).toBeUndefined();
});

test("an entry expires 32 s after it was added, not with an older group's timer", () => {
  const clock = new ManualClock();
  const store = new CompletedAnswers(clock, 32_000);
  store.add("a", Buffer.from("first"));
  clock.advance(5_000);
  store.add("b", Buffer.from("second"));
  clock.advance(27_000);
  expect(store.get("a")).toBeUndefined();
  expect(text(store.get("b"))).toBe("second");
  clock.advance(4_999);
  expect(text(store.get("b"))).toBe("second");
  clock.advance(1);
  expect(store.size).toBe(0);
});

test("a key answered again later keeps its newer answer when the older group expires", () => {
  const clock = new ManualClock();
  const store = new CompletedAnswers(clock, 32_000);
  store.add("k", Buffer.from("old"));
  clock.advance(10_000);
  store.add("k", Buffer.from("new"));
  clock.advance(22_000);
  expect(text(store.get("k"))).toBe("new");
  clock.advance(10_000);
  expect(store.get("k")).toBeUndefined();
});

test("under steady load chunks of expired groups are reused without mixing answers", () => {
  const clock = new ManualClock();
  const store = new CompletedAnswers(clock, 32_000);
  for (let i = 0; i < 7000; i++) {
    store.add(`key-${i}`, Buffer.from(`answer ${i} ${"z".repeat(200)}`));
    clock.advance(10);
  }
  // 70 s of answers, 32 s kept: the oldest gone, the newest intact.
  expect(store.get("key-0")).toBeUndefined();
  for (const i of [3801, 5000, 6999])
    expect(text(store.get(`key-${i}`))).toBe(`answer ${i} ${"z".repeat(200)}`);
  clock.advance(40_000);
  expect(store.size).toBe(0);
});

test("reports the end of a burst once the last of many answers has expired", () => {
  const clock = new ManualClock();
  const store = new CompletedAnswers(clock, 32_000);
  let bursts = 0;
  store.onBurstOver = () => bursts++;
  store.burstEntries = 100;
  for (let i = 0; i < 50; i++) store.add(`small-${i}`, Buffer.from("a"));
  clock.advance(33_000);
  expect(bursts).toBe(0); // 50 held: no burst
  for (let i = 0; i < 150; i++) store.add(`big-${i}`, Buffer.from("b"));
  clock.advance(10_000);
  expect(bursts).toBe(0);
  clock.advance(23_000);
  expect(store.size).toBe(0);
  expect(bursts).toBe(1);
});
