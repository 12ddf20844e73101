import { describe, expect, test } from "bun:test";
import { type AgentMemory, agentsToRing } from "./queue-strategy.ts";

const agents = ["201", "202", "203"];
const all = new Set(agents);
const fresh: AgentMemory = { lastAnsweredMs: new Map(), answered: new Map() };

describe("agentsToRing", () => {
  test("ring all rings every available agent, in the queue's order", () => {
    expect(agentsToRing("ring-all", agents, new Set(["203", "201"]), fresh)).toEqual([
      "201",
      "203",
    ]);
  });

  test("nobody available rings nobody, whatever the strategy", () => {
    for (const s of ["ring-all", "round-robin", "least-recent", "fewest-calls", "random"] as const)
      expect(agentsToRing(s, agents, new Set(), fresh)).toEqual([]);
  });

  test("round robin goes on after the agent rung last and wraps round", () => {
    expect(agentsToRing("round-robin", agents, all, fresh)).toEqual(["201"]);
    expect(agentsToRing("round-robin", agents, all, { ...fresh, lastRung: "201" })).toEqual([
      "202",
    ]);
    expect(agentsToRing("round-robin", agents, all, { ...fresh, lastRung: "203" })).toEqual([
      "201",
    ]);
  });

  test("round robin skips an agent that is not available (paused, busy)", () => {
    const available = new Set(["201", "203"]);
    expect(agentsToRing("round-robin", agents, available, { ...fresh, lastRung: "201" })).toEqual([
      "203",
    ]);
  });

  test("least recent rings the agent whose last answer is oldest, never answered first", () => {
    const lastAnsweredMs = new Map([
      ["201", 5000],
      ["202", 1000],
      ["203", 9000],
    ]);
    expect(agentsToRing("least-recent", agents, all, { ...fresh, lastAnsweredMs })).toEqual([
      "202",
    ]);
    lastAnsweredMs.delete("203");
    expect(agentsToRing("least-recent", agents, all, { ...fresh, lastAnsweredMs })).toEqual([
      "203",
    ]);
  });

  test("fewest calls rings the agent that answered fewest, ties in the queue's order", () => {
    const answered = new Map([
      ["201", 3],
      ["202", 1],
      ["203", 1],
    ]);
    expect(agentsToRing("fewest-calls", agents, all, { ...fresh, answered })).toEqual(["202"]);
  });

  test("random picks among the available agents only", () => {
    const available = new Set(["202", "203"]);
    expect(agentsToRing("random", agents, available, fresh, () => 0)).toEqual(["202"]);
    expect(agentsToRing("random", agents, available, fresh, () => 0.99)).toEqual(["203"]);
  });
});
