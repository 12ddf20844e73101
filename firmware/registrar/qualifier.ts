// Keepalive of registered contacts (SPEC EXT-2 "keepalive (qualify)"; RFC 3261 §11 OPTIONS):
// every contact of an extension with qualify on gets an OPTIONS every interval along the flow
// it registered on (which also keeps a NAT binding open). Any answer means reachable; no
// answer within the transaction timeout marks the contact unreachable (offline) on the bus.

import type { EventBus } from "../events/event-bus.ts";
import type { Clock, Timer } from "../sip/clock.ts";
import { buildRequest } from "../sip/core/request-builder.ts";
import type { SipStack } from "../sip/core/sip-stack.ts";
import type { Protocol } from "../sip/transport/transport.ts";
import type { Binding, BindingStore } from "./binding-store.ts";
import type { ExtensionLookup } from "./registrar.ts";

export interface QualifierOptions {
  clock: Clock;
  stack: Pick<SipStack, "request">;
  bindings: BindingStore;
  directory: ExtensionLookup;
  events: EventBus;
  /** Host:port the box puts in Via for a transport. */
  sentBy(protocol: Protocol): string;
  intervalMs?: number;
}

export class Qualifier {
  readonly #options: QualifierOptions;
  readonly #intervalMs: number;
  readonly #dueMs = new WeakMap<Binding, number>();
  readonly #inFlight = new WeakSet<Binding>();
  #timer: Timer | undefined;

  constructor(options: QualifierOptions) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? 60_000;
  }

  start(): void {
    const tick = () => {
      this.tick();
      this.#timer = this.#options.clock.setTimer(1000, tick);
    };
    this.#timer = this.#options.clock.setTimer(1000, tick);
  }

  stop(): void {
    this.#timer?.cancel();
  }

  /** Sends OPTIONS to every contact whose keepalive is due. */
  tick(): void {
    const { clock, bindings, directory } = this.#options;
    const now = clock.now();
    for (const binding of bindings.all()) {
      if (this.#inFlight.has(binding) || !directory.lookup(binding.extension)?.qualify) continue;
      const due = this.#dueMs.get(binding);
      if (due === undefined) {
        // First keepalive one interval after registering: the REGISTER itself proved the path.
        this.#dueMs.set(binding, binding.registeredAtMs + this.#intervalMs);
        continue;
      }
      if (due <= now) this.#probe(binding);
    }
  }

  #probe(binding: Binding): void {
    const { clock, stack, events, sentBy } = this.#options;
    const started = clock.now();
    const box = sentBy(binding.flow.protocol);
    const request = buildRequest({
      method: "OPTIONS",
      uri: binding.uri,
      to: `<${binding.uri}>`,
      from: `<sip:pbx@${box.replace(/:\d+$/, "")}>`,
      protocol: binding.flow.protocol,
      sentBy: box,
    });
    this.#inFlight.add(binding);
    const settle = (reachable: boolean) => {
      this.#inFlight.delete(binding);
      this.#dueMs.set(binding, clock.now() + this.#intervalMs);
      binding.rttMs = reachable ? clock.now() - started : undefined;
      if (binding.reachable === reachable) return;
      binding.reachable = reachable;
      events.emit({
        type: "registration",
        extension: binding.extension,
        state: reachable ? "reachable" : "unreachable",
        contact: binding.uri,
        source: `${binding.flow.protocol} ${binding.flow.address}:${binding.flow.port}`,
        atMs: clock.now(),
      });
    };
    stack.request(request, binding.flow, {
      onResponse: (response) => {
        if (response.status >= 200) settle(true);
      },
      onTimeout: () => settle(false),
    });
  }
}
