import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import {
  IN_CALL_CODE_GAP_MS,
  type InCallCode,
  InCallCodeDetector,
} from "./in-call-code-detector.ts";

const CODES: InCallCode[] = [
  { id: "park", code: "*4", takesArgument: false },
  { id: "transfer-blind", code: "#", takesArgument: true },
  { id: "transfer-attended", code: "*2", takesArgument: true },
];

function detector(codes: () => readonly InCallCode[] = () => CODES) {
  const clock = new ManualClock();
  const matched: string[] = [];
  const d = new InCallCodeDetector(clock, codes, (id, argument) =>
    matched.push(argument ? `${id} ${argument}` : id),
  );
  const dial = (digits: string) => {
    for (const digit of digits) d.digit(digit);
  };
  return { clock, matched, dial, d };
}

describe("InCallCodeDetector", () => {
  test("*4# parks at once; *4 alone parks after the pause", () => {
    const t = detector();
    t.dial("*4#");
    expect(t.matched).toEqual(["park"]);
    t.dial("*4");
    expect(t.matched).toEqual(["park"]);
    t.clock.advance(IN_CALL_CODE_GAP_MS);
    expect(t.matched).toEqual(["park", "park"]);
  });

  test("codes with a number: ended by # or by the pause", () => {
    const t = detector();
    t.dial("#102#");
    t.dial("*2105");
    t.clock.advance(IN_CALL_CODE_GAP_MS);
    expect(t.matched).toEqual(["transfer-blind 102", "transfer-attended 105"]);
  });

  test("key presses that start no code are forgotten, and a code after them still counts", () => {
    const t = detector();
    t.dial("1234*45");
    t.clock.advance(IN_CALL_CODE_GAP_MS);
    expect(t.matched).toEqual([]);
    t.dial("55*4#");
    expect(t.matched).toEqual(["park"]);
  });

  test("a code the admin changed is the one that works", () => {
    let codes = CODES;
    const t = detector(() => codes);
    codes = [{ id: "park", code: "*88", takesArgument: false }];
    t.dial("*4#");
    expect(t.matched).toEqual([]);
    t.dial("*88#");
    expect(t.matched).toEqual(["park"]);
  });

  test("closed: a pending pause does not fire", () => {
    const t = detector();
    t.dial("*4");
    t.d.close();
    t.clock.advance(IN_CALL_CODE_GAP_MS);
    expect(t.matched).toEqual([]);
  });
});
