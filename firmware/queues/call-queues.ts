// SPEC CALL-13 (manual 呼叫队列): the live queues. A queue's number is an `application`
// destination: the caller is answered by a `QueueLeg` and waits in line, hearing music and its
// position. The caller at the head (then the next, while agents are left) is offered to the
// agents the queue's strategy picks among the available ones (a member, logged in if dynamic,
// not paused, registered, not in a call): each is rung by a call the box places (`AgentLeg`),
// the first to answer talks with the caller. Past the queue's maximum wait the caller goes to
// the queue's destination. *62# / *062# log an extension in to / out of every queue it is a
// dynamic agent of; *95# / *095# pause / unpause it for every queue (agents paused get no
// calls). Logins and pauses are written to the database as they change (`AgentStateStore`) and
// read back at start, so a restart keeps the same agents logged in and paused.
import { type SayLanguage, sayNumber } from "../../media/say/say.ts";
import type { FeatureHandler } from "../calls/apps/feature-handler.ts";
import type { ApplicationOpener, ApplicationOpening } from "../calls/call-engine.ts";
import type { AudioTap } from "../calls/call-recording.ts";
import type { CallingLeg, CallParty, Leg } from "../calls/leg.ts";
import type { Destination } from "../calls/routing/destination.ts";
import type { Clock, Timer } from "../sip/clock.ts";
import { AgentLeg } from "./agent-leg.ts";
import type { AgentStateStore } from "./agent-state-store.ts";
import { QueueLeg } from "./queue-leg.ts";
import type { QueueSettings, QueueStore } from "./queue-store.ts";
import { agentsToRing } from "./queue-strategy.ts";

export const QUEUE_APP = "queue";
/** How often a queue with waiting callers looks for a free agent. */
export const DISPATCH_EVERY_MS = 1000;

export type AgentState =
  | "available"
  | "ringing"
  | "in-call"
  | "busy"
  | "paused"
  | "logged-out"
  | "unregistered";

export interface QueueLiveState {
  number: string;
  waiting: { position: number; caller: string; callerName: string; waitedS: number }[];
  agents: { number: string; kind: "static" | "dynamic"; state: AgentState }[];
}

export interface CallQueuesOptions {
  clock: Clock;
  store: QueueStore;
  /** A built-in prompt in the caller's language ("" = the box's). */
  clip(callerNumber: string, name: string): Int16Array | undefined;
  language(callerNumber: string): SayLanguage;
  /** Rings an agent with the box's own leg (the engine's `callFromBox`). */
  ring(
    agent: string,
    calling: CallingLeg,
    ringTimeMs: number,
    from: CallParty,
  ): Promise<{ ok: boolean }>;
  /** The extension has a phone registered (or is an analog extension). */
  reachable(extension: string): boolean;
  /**
   * A caller and the agent who answered talk from now on: a recording of the call `callId`
   * when the agent's settings want one (the engine's `recordPutThrough`).
   */
  record?(start: {
    callId: string;
    caller: CallParty;
    answerer: string;
    parties: readonly [caller: AudioTap, answerer: AudioTap];
  }): { finish(): unknown } | undefined;
  /** Whether the extension is in a call or rung now (the engine's view). */
  extensionState(extension: string): "idle" | "ringing" | "busy";
  /** Where a queue's "kind:target" destination goes for the caller; undefined: hang up. */
  destination(text: string, caller: CallParty): Destination | undefined;
  /** Queue or agent state changed (for the status page's live view). */
  changed?(queue: string): void;
  /** Where logins and pauses are kept across restarts; in memory only without it. */
  agentStates?: Pick<AgentStateStore, "load" | "setLoggedIn" | "setPaused" | "keepLogins">;
  log?(message: string, fields: Record<string, unknown>): void;
}

interface Waiter {
  leg: QueueLeg;
  forward: ApplicationOpening["forward"];
  joinedAtMs: number;
  maxWait: Timer | undefined;
  /** The agents rung for it now. */
  offer: AgentLeg[];
  agent?: AgentLeg;
}

interface LiveQueue {
  waiting: Waiter[];
  tick: Timer | undefined;
  lastRung?: string;
  lastAnsweredMs: Map<string, number>;
  answered: Map<string, number>;
}

export class CallQueues {
  readonly #o: CallQueuesOptions;
  readonly #live = new Map<string, LiveQueue>();
  /** Dynamic agents logged in, by queue number. */
  readonly #loggedIn: Map<string, Set<string>>;
  readonly #paused: Set<string>;
  /** Agents talking with a queue caller. */
  readonly #talking = new Set<string>();
  #legs = 0;

  constructor(options: CallQueuesOptions) {
    this.#o = options;
    const kept = options.agentStates?.load();
    this.#loggedIn = kept?.loggedIn ?? new Map();
    this.#paused = kept?.paused ?? new Set();
  }

  /** The router's number application: a queue's number. */
  application(number: string): { app: string; argument: string } | undefined {
    return this.#o.store.byNumber(number) ? { app: QUEUE_APP, argument: number } : undefined;
  }

  /** The engine's opener for `queue` destinations. */
  readonly open: ApplicationOpener = (destination, opening) => {
    const number = destination.argument;
    const settings = this.#o.store.byNumber(number);
    if (!settings) return { status: 404 };
    const caller = opening.caller.number;
    const waiter: Partial<Waiter> = {};
    const leg = new QueueLeg(opening.id, number, {
      clock: this.#o.clock,
      mohClass: settings.mohClass,
      announceEveryMs: settings.announceEveryS * 1000,
      greeting: () => this.#clips(caller, ["queue/please-hold"]),
      position: (l) => this.#positionClips(number, l, caller),
      entered: () => this.#enter(number, waiter as Waiter),
      left: () => this.#left(number, waiter as Waiter),
      record: (agent, parties) =>
        this.#o.record?.({
          callId: opening.callId,
          caller: opening.caller,
          answerer: agent,
          parties,
        }),
    });
    Object.assign(waiter, {
      leg,
      forward: opening.forward,
      joinedAtMs: this.#o.clock.now(),
      maxWait: undefined,
      offer: [],
    } satisfies Waiter);
    return leg;
  };

  /** The feature handlers of *62#, *062#, *95#, *095#. */
  features(): Record<string, FeatureHandler> {
    const failed = { say: ["feature/failed"] };
    return {
      "agent-login": (caller) => {
        const queues = this.login(caller.number);
        return queues.length > 0 ? { say: ["queue/agent-logged-in"] } : failed;
      },
      "agent-logout": (caller) => {
        const queues = this.logout(caller.number);
        return queues.length > 0 ? { say: ["queue/agent-logged-out"] } : failed;
      },
      "agent-pause": (caller) =>
        this.pause(caller.number, true) ? { say: ["feature/accepted"] } : failed,
      "agent-unpause": (caller) =>
        this.pause(caller.number, false) ? { say: ["feature/accepted"] } : failed,
    };
  }

  /** Logs `extension` in to every queue it is a dynamic agent of; those queues' numbers. */
  login(extension: string): string[] {
    const queues = this.#dynamicQueues(extension);
    for (const q of queues) {
      const set = this.#loggedIn.get(q) ?? new Set<string>();
      set.add(extension);
      this.#loggedIn.set(q, set);
      this.#o.agentStates?.setLoggedIn(q, extension, true);
      this.#o.log?.("queue agent logged in", { queue: q, agent: extension });
      this.#changed(q);
      this.#dispatch(q);
    }
    return queues;
  }

  /** Logs `extension` out of every queue it is a dynamic agent of. */
  logout(extension: string): string[] {
    const queues = this.#dynamicQueues(extension);
    for (const q of queues) {
      this.#loggedIn.get(q)?.delete(extension);
      this.#o.agentStates?.setLoggedIn(q, extension, false);
      this.#o.log?.("queue agent logged out", { queue: q, agent: extension });
      this.#changed(q);
    }
    return queues;
  }

  /** Pauses or unpauses an agent of any queue (static or dynamic); false when it is none. */
  pause(extension: string, paused: boolean): boolean {
    const of = this.#o.store
      .list()
      .filter((q) => q.staticAgents.includes(extension) || q.dynamicAgents.includes(extension));
    if (of.length === 0) return false;
    if (paused) this.#paused.add(extension);
    else this.#paused.delete(extension);
    this.#o.agentStates?.setPaused(extension, paused);
    this.#o.log?.(paused ? "queue agent paused" : "queue agent unpaused", { agent: extension });
    for (const q of of) {
      this.#changed(q.number);
      if (!paused) this.#dispatch(q.number);
    }
    return true;
  }

  /** Waiting callers and agents' states of queue `number`. */
  state(number: string): QueueLiveState | undefined {
    const q = this.#o.store.byNumber(number);
    if (!q) return undefined;
    const now = this.#o.clock.now();
    const waiting = this.#waiting(number).map((w, i) => ({
      position: i + 1,
      caller: w.leg.party.number,
      callerName: w.leg.party.displayName,
      waitedS: Math.floor((now - w.joinedAtMs) / 1000),
    }));
    const agents = [
      ...q.staticAgents.map((a) => ({ number: a, kind: "static" as const })),
      ...q.dynamicAgents.map((a) => ({ number: a, kind: "dynamic" as const })),
    ].map((a) => ({ ...a, state: this.#agentState(q, a.number, a.kind) }));
    return { number, waiting, agents };
  }

  /** A queue was deleted or changed: nothing kept for agents no longer dynamic. */
  forget(number: string): void {
    const q = this.#o.store.byNumber(number);
    this.#o.agentStates?.keepLogins(number, q?.dynamicAgents ?? []);
    const set = this.#loggedIn.get(number);
    if (!set) return;
    for (const a of set) if (!q?.dynamicAgents.includes(a)) set.delete(a);
  }

  // --- callers -------------------------------------------------------------------------------

  #enter(number: string, waiter: Waiter): void {
    const settings = this.#o.store.byNumber(number);
    const live = this.#queue(number);
    live.waiting.push(waiter);
    waiter.maxWait = this.#o.clock.setTimer((settings?.maxWaitS ?? 300) * 1000, () =>
      this.#timeOut(number, waiter),
    );
    this.#o.log?.("queue caller waiting", { queue: number, caller: waiter.leg.party.number });
    this.#changed(number);
    this.#dispatch(number);
  }

  #left(number: string, waiter: Waiter): void {
    waiter.maxWait?.cancel();
    for (const leg of waiter.offer) leg.drop();
    waiter.offer = [];
    waiter.agent?.drop();
    this.#remove(number, waiter);
  }

  /** Past the maximum wait: the caller goes to the queue's destination (or is hung up). */
  #timeOut(number: string, waiter: Waiter): void {
    if (waiter.agent || waiter.leg.state === "ended") return;
    const text = this.#o.store.byNumber(number)?.destination ?? "hangup";
    for (const leg of waiter.offer) leg.drop();
    waiter.offer = [];
    this.#remove(number, waiter);
    this.#o.log?.("queue caller waited too long", {
      queue: number,
      caller: waiter.leg.party.number,
      destination: text,
    });
    waiter.leg.stopWaiting();
    const to = this.#o.destination(text, waiter.leg.party);
    if (!to || !waiter.forward(waiter.leg, to)) waiter.leg.end();
  }

  #remove(number: string, waiter: Waiter): void {
    const live = this.#live.get(number);
    if (!live) return;
    const at = live.waiting.indexOf(waiter);
    if (at < 0) return;
    live.waiting.splice(at, 1);
    if (live.waiting.length === 0) {
      live.tick?.cancel();
      live.tick = undefined;
    }
    this.#changed(number);
  }

  // --- agents --------------------------------------------------------------------------------

  /** Offers waiting callers, in order, to the agents the strategy picks among the free ones. */
  #dispatch(number: string): void {
    const live = this.#live.get(number);
    const settings = this.#o.store.byNumber(number);
    if (!live || !settings) return;
    for (const waiter of live.waiting) {
      if (waiter.offer.length > 0 || waiter.agent) continue;
      const agents = [...settings.staticAgents, ...settings.dynamicAgents];
      const free = new Set(agents.filter((a) => this.#agentState(settings, a) === "available"));
      const pick = agentsToRing(settings.strategy, agents, free, live);
      if (pick.length === 0) break;
      live.lastRung = pick[pick.length - 1];
      for (const agent of pick) this.#ring(number, settings, waiter, agent);
    }
    this.#changed(number);
    if (live.waiting.length > 0 && !live.tick)
      live.tick = this.#o.clock.setTimer(DISPATCH_EVERY_MS, () => {
        live.tick = undefined;
        this.#dispatch(number);
      });
  }

  #ring(number: string, settings: QueueSettings, waiter: Waiter, agent: string): void {
    const leg = new AgentLeg(`${waiter.leg.id}-q${++this.#legs}`, number, agent, {
      answered: (l, peer) => this.#answered(number, waiter, l, peer),
      ended: (l) => this.#agentEnded(number, waiter, l),
    });
    waiter.offer.push(leg);
    this.#o.log?.("queue rings agent", { queue: number, agent, caller: waiter.leg.party.number });
    void this.#o.ring(agent, leg, settings.ringTimeS * 1000, waiter.leg.party).then((r) => {
      if (!r.ok) leg.hangup();
    });
  }

  #answered(number: string, waiter: Waiter, leg: AgentLeg, peer: Leg): void {
    if (
      waiter.agent ||
      waiter.leg.state === "ended" ||
      !peer.audio ||
      !waiter.offer.includes(leg)
    ) {
      leg.drop();
      return;
    }
    waiter.agent = leg;
    waiter.maxWait?.cancel();
    for (const other of waiter.offer) if (other !== leg) other.drop();
    waiter.offer = [];
    this.#talking.add(leg.agent);
    const live = this.#queue(number);
    live.answered.set(leg.agent, (live.answered.get(leg.agent) ?? 0) + 1);
    live.lastAnsweredMs.set(leg.agent, this.#o.clock.now());
    this.#remove(number, waiter);
    this.#o.log?.("queue agent answered", {
      queue: number,
      agent: leg.agent,
      caller: waiter.leg.party.number,
    });
    waiter.leg.connect(peer.audio, leg.agent);
  }

  #agentEnded(number: string, waiter: Waiter, leg: AgentLeg): void {
    if (waiter.agent === leg) {
      // The agent hung up: the caller's call ends too.
      this.#talking.delete(leg.agent);
      this.#changed(number);
      waiter.leg.end();
      return;
    }
    const before = waiter.offer.length;
    waiter.offer = waiter.offer.filter((l) => l !== leg);
    // Nobody of this offer answered: the next try waits for the dispatch tick.
    if (before > 0 && waiter.offer.length === 0) this.#changed(number);
  }

  #agentState(q: QueueSettings, agent: string, kind?: "static" | "dynamic"): AgentState {
    const dynamic = kind ? kind === "dynamic" : !q.staticAgents.includes(agent);
    if (dynamic && !this.#loggedIn.get(q.number)?.has(agent)) return "logged-out";
    if (this.#talking.has(agent)) return "in-call";
    if (this.#rungNow(agent)) return "ringing";
    if (this.#paused.has(agent)) return "paused";
    if (!this.#o.reachable(agent)) return "unregistered";
    if (this.#o.extensionState(agent) !== "idle") return "busy";
    return "available";
  }

  /** The agent rings for a caller of any queue now. */
  #rungNow(agent: string): boolean {
    for (const live of this.#live.values())
      for (const w of live.waiting)
        if (w.offer.some((l) => l.agent === agent && l.state !== "ended")) return true;
    return false;
  }

  #dynamicQueues(extension: string): string[] {
    return this.#o.store
      .list()
      .filter((q) => q.dynamicAgents.includes(extension))
      .map((q) => q.number);
  }

  // --- prompts and state ---------------------------------------------------------------------

  #positionClips(number: string, leg: QueueLeg, caller: string): Int16Array[] {
    const at = this.#waiting(number).findIndex((w) => w.leg === leg);
    // Not yet in line (the greeting is made before it enters): it will be last.
    const position = at < 0 ? this.#waiting(number).length + 1 : at + 1;
    const lang = this.#o.language(caller);
    return this.#clips(caller, ["queue/your-position-is", ...sayNumber(position, lang)]);
  }

  #clips(caller: string, names: string[]): Int16Array[] {
    return names.flatMap((name) => {
      const clip = this.#o.clip(caller, name);
      if (!clip) this.#o.log?.("queue prompt missing", { prompt: name });
      return clip ? [clip] : [];
    });
  }

  #waiting(number: string): Waiter[] {
    return this.#live.get(number)?.waiting ?? [];
  }

  #queue(number: string): LiveQueue {
    let live = this.#live.get(number);
    if (!live) {
      live = { waiting: [], tick: undefined, lastAnsweredMs: new Map(), answered: new Map() };
      this.#live.set(number, live);
    }
    return live;
  }

  #changed(number: string): void {
    this.#o.changed?.(number);
  }
}
