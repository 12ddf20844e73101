// SPEC CALL-13: the call queues as main.ts wires them: the store (a numbering provider), the
// live queues, the router's number application, the engine's opener and the *62/*95 handlers.
import type { SayLanguage } from "../../media/say/say.ts";
import type { CallEngine } from "../calls/call-engine.ts";
import type { Destination } from "../calls/routing/destination.ts";
import { IVR_APP } from "../calls/routing/inbound-routing.ts";
import { voicemailDestination } from "../calls/routing/voicemail-destination.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { NumberRegistry } from "../numbering/number-registry.ts";
import { parseDestination } from "../routes/destination.ts";
import type { Clock } from "../sip/clock.ts";
import { AgentStateStore } from "./agent-state-store.ts";
import { CallQueues } from "./call-queues.ts";
import { QueueStore } from "./queue-store.ts";

export interface QueuesWiring {
  db: PbxDatabase;
  clock: Clock;
  events: EventBus;
  numbering: NumberRegistry;
  isExtension(number: string): boolean;
  hasMohClass(name: string): boolean;
  clip(lang: SayLanguage, name: string): Int16Array | undefined;
  language(number: string): SayLanguage;
  /** The engine, once it exists (the queues are wired before it). */
  engine(): CallEngine;
  reachable(extension: string): boolean;
  log(message: string, fields: Record<string, unknown>): void;
}

export function startQueues(w: QueuesWiring): { store: QueueStore; queues: CallQueues } {
  const store = new QueueStore(w.db, {
    isExtension: w.isExtension,
    hasMohClass: w.hasMohClass,
    numbering: w.numbering,
  });
  w.numbering.register(store.numbers());
  const queues = new CallQueues({
    clock: w.clock,
    store,
    clip: (caller, name) => w.clip(w.language(caller), name),
    language: w.language,
    ring: (agent, calling, ringTimeMs, from) =>
      // The caller's call is the one recorded (with the agent who answered).
      w.engine().callFromBox(agent, calling, ringTimeMs, from, { unrecorded: true }),
    reachable: w.reachable,
    record: (start) => w.engine().recordPutThrough(start),
    extensionState: (n) => w.engine().extensionState(n),
    destination: (text) => queueDestination(text, (n) => w.engine().resolve(n)),
    changed: (number) => w.events.emit({ type: "queue", number, atMs: w.clock.now() }),
    agentStates: new AgentStateStore(w.db),
    log: w.log,
  });
  return { store, queues };
}

/**
 * Where a caller past a queue's maximum wait goes: an extension, department or queue as if
 * dialled, a mailbox, an IVR; undefined hangs up (also a time condition, not offered here).
 */
export function queueDestination(
  text: string,
  resolve: (number: string) => Destination,
): Destination | undefined {
  const parsed = parseDestination(text);
  if (!parsed.ok) return undefined;
  const d = parsed.value;
  switch (d.kind) {
    case "extension":
    case "department":
    case "queue":
      return resolve(d.number);
    case "voicemail":
      return voicemailDestination(d.number, "unavailable");
    case "ivr":
      return { kind: "application", number: text, app: IVR_APP, argument: String(d.id) };
    default:
      return undefined;
  }
}
