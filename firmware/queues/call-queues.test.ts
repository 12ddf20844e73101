import { beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { CallingLeg, CallParty, Leg, LegListener, PartyAudio } from "../calls/leg.ts";
import type { Destination } from "../calls/routing/destination.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import type { AgentLeg } from "./agent-leg.ts";
import { AgentStateStore } from "./agent-state-store.ts";
import { CallQueues, type CallQueuesOptions, DISPATCH_EVERY_MS } from "./call-queues.ts";
import type { QueueLeg } from "./queue-leg.ts";
import { type QueueInput, QueueStore } from "./queue-store.ts";

const EXTENSIONS = ["101", "102", "201", "202", "203"];

/** A party's audio that keeps nothing: prompts never end, music does nothing. */
function quietAudio(): PartyAudio & { listened: number } {
  const audio = {
    listened: 0,
    listen: () => {
      audio.listened++;
      return () => {};
    },
    play: () => ({ done: new Promise<void>(() => {}), stop() {} }),
    startMusic() {},
    stopMusic() {},
  };
  return audio;
}

const silentListener: LegListener = {
  onRinging() {},
  onAnswered() {},
  onFailed() {},
  onEnded() {},
  onHold() {},
  onDigit() {},
};

let clock: ManualClock;
let db: PbxDatabase;
let store: QueueStore;
let options: CallQueuesOptions;
let queues: CallQueues;
let rung: { agent: string; leg: AgentLeg; from: CallParty; ringTimeMs: number }[];
let forwarded: Destination[];
let busy: Set<string>;

beforeEach(() => {
  clock = new ManualClock();
  db = openTestDatabase().db;
  store = new QueueStore(db, {
    isExtension: (n) => EXTENSIONS.includes(n),
    hasMohClass: (n) => n === "default",
  });
  rung = [];
  forwarded = [];
  busy = new Set();
  options = {
    clock,
    store,
    clip: () => new Int16Array(160),
    language: () => "en",
    ring: async (agent, calling: CallingLeg, ringTimeMs, from) => {
      rung.push({ agent, leg: calling as AgentLeg, from, ringTimeMs });
      return { ok: true };
    },
    reachable: () => true,
    extensionState: (n) => (busy.has(n) ? "busy" : "idle"),
    destination: (text) => ({ kind: "unknown", number: text }),
  };
  queues = new CallQueues(options);
});

function makeQueue(input: QueueInput) {
  const made = store.create({ number: "800", ...input });
  if (!made.ok) throw new Error(made.message);
  return made.queue;
}

/** `caller` calls queue 800 and is answered; returns its leg. */
function call(caller: string): QueueLeg {
  const leg = queues.open(
    { kind: "application", number: "800", app: "queue", argument: "800" },
    {
      id: `c-${caller}`,
      callId: `call-${caller}`,
      caller: { number: caller, displayName: "" },
      forward: (_from: Leg, to: Destination) => {
        forwarded.push(to);
        return true;
      },
    },
  ) as QueueLeg;
  leg.listen(silentListener);
  leg.alert({ number: caller, displayName: "" });
  leg.joined({ audio: quietAudio() } as unknown as Leg);
  return leg;
}

const ringing = () => rung.filter((r) => r.leg.state !== "ended").map((r) => r.agent);

describe("CallQueues", () => {
  test("ring all rings every available agent with the caller's number; the first answer wins", () => {
    makeQueue({ staticAgents: ["201", "202"], ringTimeS: 15 });
    const caller = call("101");
    expect(rung.map((r) => [r.agent, r.from.number, r.ringTimeMs])).toEqual([
      ["201", "101", 15_000],
      ["202", "101", 15_000],
    ]);
    const agentAudio = quietAudio();
    rung[1]!.leg.joined({ audio: agentAudio } as unknown as Leg);
    expect(ringing()).toEqual(["202"]);
    expect(caller.talking).toBe(true);
    // The caller's call record names the agent and its answer time.
    expect(caller.answeredBy()).toEqual({ extension: "202", atMs: clock.now() });
    expect(agentAudio.listened).toBe(1);
    const state = queues.state("800")!;
    expect(state.waiting).toEqual([]);
    expect(state.agents.map((a) => a.state)).toEqual(["available", "in-call"]);
    // The agent hangs up: the caller's call ends too.
    rung[1]!.leg.drop();
    expect(caller.state).toBe("ended");
  });

  test("round robin rings one agent; unanswered, the next one at the next dispatch", () => {
    makeQueue({ strategy: "round-robin", staticAgents: ["201", "202", "203"] });
    call("101");
    expect(ringing()).toEqual(["201"]);
    rung[0]!.leg.hangup();
    clock.advance(DISPATCH_EVERY_MS);
    expect(ringing()).toEqual(["202"]);
  });

  test("a paused or busy agent is skipped; a second caller waits behind the first", () => {
    makeQueue({ staticAgents: ["201", "202", "203"] });
    expect(queues.pause("201", true)).toBe(true);
    busy.add("203");
    call("101");
    call("102");
    expect(ringing()).toEqual(["202"]);
    expect(queues.state("800")!.waiting.map((w) => [w.position, w.caller])).toEqual([
      [1, "101"],
      [2, "102"],
    ]);
    expect(queues.state("800")!.agents.map((a) => a.state)).toEqual(["paused", "ringing", "busy"]);
    expect(queues.pause("201", false)).toBe(true);
    // Unpaused, 201 takes the second caller.
    expect(rung.map((r) => [r.agent, r.from.number])).toEqual([
      ["202", "101"],
      ["201", "102"],
    ]);
    expect(queues.pause("999", true)).toBe(false);
  });

  test("past the maximum wait the caller goes to the destination and stops ringing agents", () => {
    makeQueue({ staticAgents: ["201"], maxWaitS: 30, destination: "extension:203" });
    call("101");
    expect(ringing()).toEqual(["201"]);
    clock.advance(29_999);
    expect(forwarded).toEqual([]);
    clock.advance(1);
    expect(forwarded).toEqual([{ kind: "unknown", number: "extension:203" }]);
    expect(ringing()).toEqual([]);
    expect(queues.state("800")!.waiting).toEqual([]);
  });

  test("*62# logs a dynamic agent in to its queues, *062# out; an extension of no queue fails", () => {
    makeQueue({ dynamicAgents: ["202"] });
    const features = queues.features();
    const caller = (number: string) => ({ number, displayName: "" });
    const resolve = (n: string): Destination => ({ kind: "unknown", number: n });
    call("101");
    expect(ringing()).toEqual([]);
    expect(features["agent-login"]!(caller("202"), "", resolve)).toEqual({
      say: ["queue/agent-logged-in"],
    });
    // Logging in offers the waiting caller at once.
    expect(ringing()).toEqual(["202"]);
    expect(features["agent-logout"]!(caller("202"), "", resolve)).toEqual({
      say: ["queue/agent-logged-out"],
    });
    expect(features["agent-login"]!(caller("203"), "", resolve)).toEqual({
      say: ["feature/failed"],
    });
    expect(features["agent-pause"]!(caller("202"), "", resolve)).toEqual({
      say: ["feature/accepted"],
    });
  });

  test("logins and pauses are kept in the database: a restarted box has the same agents", () => {
    const queue = makeQueue({ staticAgents: ["201"], dynamicAgents: ["202", "203"] });
    const kept = new CallQueues({ ...options, agentStates: new AgentStateStore(db) });
    kept.login("202");
    kept.login("203");
    kept.logout("203");
    kept.pause("201", true);
    const states = () =>
      new CallQueues({ ...options, agentStates: new AgentStateStore(db) })
        .state("800")!
        .agents.map((a) => [a.number, a.state]);
    expect(states()).toEqual([
      ["201", "paused"],
      ["202", "available"],
      ["203", "logged-out"],
    ]);
    // 202 is no longer a dynamic agent: its login goes.
    expect(store.update(queue.id, { dynamicAgents: ["203"] })?.ok).toBe(true);
    kept.forget("800");
    kept.pause("201", false);
    expect(states()).toEqual([
      ["201", "available"],
      ["203", "logged-out"],
    ]);
  });
});
