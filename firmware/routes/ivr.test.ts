import { describe, expect, test } from "bun:test";
import { type IvrMenu, startIvr, stepIvr } from "./ivr.ts";

const MENU: IvrMenu = {
  id: 1,
  prompt: "custom/welcome-acme",
  keys: { "1": "extension:101", "2": "department:600", "9": "ivr:2", "0": "extension:100" },
  directDial: true,
  timeoutS: 5,
  repeat: 3,
  invalidDestination: "extension:100",
  timeoutDestination: "hangup",
};
const isExtension = (n: string) => ["101", "102", "8001"].includes(n);

describe("IVR", () => {
  const table: [string, string, Record<string, unknown>][] = [
    ["key 1", "1", { action: "go", destination: "extension:101", cause: "key" }],
    ["key 9: a nested IVR", "9", { action: "go", destination: "ivr:2", cause: "key" }],
    [
      "an extension dialled directly",
      "102",
      { action: "go", destination: "extension:102", cause: "direct" },
    ],
    [
      "an extension ended by #",
      "8001#",
      { action: "go", destination: "extension:8001", cause: "direct" },
    ],
    ["a number that is no extension", "555", { action: "play", state: { played: 2 } }],
    ["an unassigned key", "5", { action: "play", state: { played: 2 } }],
  ];
  for (const [what, digits, expected] of table) {
    test(what, () => {
      expect(stepIvr(MENU, { played: 1 }, { kind: "digits", digits }, isExtension)).toMatchObject(
        expected,
      );
    });
  }

  test("direct dialling off: extension numbers are invalid input", () => {
    expect(
      stepIvr(
        { ...MENU, directDial: false },
        { played: 3 },
        { kind: "digits", digits: "102" },
        isExtension,
      ),
    ).toEqual({
      action: "go",
      destination: "extension:100",
      cause: "invalid",
    });
  });

  test("silence replays the prompt `repeat` times in all, then the timeout destination", () => {
    let step = startIvr(MENU);
    const plays: number[] = [];
    while (step.action === "play") {
      plays.push(step.state.played);
      step = stepIvr(MENU, step.state, { kind: "timeout" }, isExtension);
    }
    expect(plays).toEqual([1, 2, 3]);
    expect(step).toEqual({ action: "go", destination: "hangup", cause: "timeout" });
  });
});
