// The call subsystem's wiring (STYLE "the composition root reads like a table of contents"):
// the routing step over the box's numbers (IP and analog extensions, departments, feature
// codes, the outbound prefix on FXO lines), the engine acting on it, and the SIP stack's and
// the board's entry points into the engine. main.ts passes the services; nothing here picks a
// backend or a clock.

import type { FxoLine } from "../lines/fxo-line.ts";
import type { FxsLine } from "../lines/fxs-line.ts";
import { PARK_SLOTS } from "../numbering/manual-numbers.ts";
import type { SipStack } from "../sip/core/sip-stack.ts";
import type { Logger } from "../sip/logger.ts";
import { type FeatureCodeEntry, matchFeatureCode } from "./apps/feature-handler.ts";
import { infoFeatures } from "./apps/info-announcement.ts";
import { type AnalogPorts, CallEngine, type CallEngineOptions } from "./call-engine.ts";
import { type InboundSources, inboundCalls } from "./inbound-calls.ts";
import { pickupParkOf } from "./pickup-park-codes.ts";
import { CallRouter } from "./routing/call-router.ts";
import { departmentNoAnswer } from "./routing/department-no-answer.ts";
import {
  firstOutbound,
  type OutboundProvider,
  prefixOutbound,
} from "./routing/outbound-provider.ts";
import { type RingStrategy, ringPolicyOf } from "./routing/ring-strategy.ts";
import type { RoutingHook } from "./routing/routing-hooks.ts";

/** Feature codes the engine rings itself rather than answering (CALL-6 intercom and paging). */
const RUNG_BY_ENGINE: ReadonlySet<string> = new Set(["intercom", "paging"]);
export interface CallsWiring
  extends Omit<CallEngineOptions, "router" | "ports" | "inboundExtension"> {
  stack: Pick<SipStack, "on" | "onAck" | "onCancel">;
  /**
   * The admin's feature-code table; `features` answers codes by id besides CALL-15's; CALL-8
   * pickup and CALL-9 park are the engine's own.
   */
  featureCodes: {
    list(): readonly (FeatureCodeEntry & { inCall?: boolean; takesArgument?: boolean })[];
  };
  /** Outbound prefixes (setting "dialplan.outboundPrefixes", default ["9"]). */
  outboundPrefixes(): Iterable<string>;
  /** Outbound providers asked before the FXO prefix (trunk routes). */
  outbound?: OutboundProvider;
  /** The FXS analog extensions (number, channel, name, department). */
  analogExtensions(): readonly {
    number: string;
    channel: number;
    name: string;
    departmentId: number | null;
  }[];
  departments(): readonly {
    id: number;
    name: string;
    number: string;
    members: string[];
    ringStrategy?: RingStrategy;
    noAnswerDestination?: string;
    /** Seconds each hunt step rings; null or absent: the box's ring timeout. */
    ringTimeS?: number | null;
  }[];
  board: {
    fxs(port: number): FxsLine | undefined;
    fxo: readonly FxoLine[];
    setDialHandler(handler: ((line: FxsLine, number: string) => void) | null): void;
  };
  /** Where a call ringing in on an FXO line goes when no inbound route matches it. */
  inboundExtension(): string;
  /** Trunks and inbound routes (ROUTE-1, ROUTE-4): calls from trunks and FXO lines. */
  inbound?: InboundSources;
  /** Forwarding, DND, follow-me, voicemail: asked before ringing and on the outcome. */
  hooks?: readonly RoutingHook[];
  /** Numbers the box answers itself besides feature codes (conference rooms 90-99). */
  numberApplication?(number: string): { app: string; argument: string } | undefined;
  /** Where the calls subsystem says what it could not do (a no-answer destination not built). */
  log?: Pick<Logger, "warn">;
}

export function startCalls(w: CallsWiring): CallEngine {
  const analogOf = (match: (a: { number: string; channel: number }) => boolean) =>
    w.analogExtensions().find(match);
  const prefix = prefixOutbound(w.outboundPrefixes);
  // The information codes (CALL-15) beside the features main registers (forwarding, DND...).
  const features = { ...(w.voice ? infoFeatures(w.voice) : {}), ...w.features };
  // An unanswered department goes to its no-answer destination after the admin's own hooks.
  const hooks = [...(w.hooks ?? []), departmentNoAnswer((n) => router.resolve(n), w.log)];
  const router: CallRouter = new CallRouter({
    lookupIp: (number) => w.directory.lookup(number),
    analogPort: (number) => analogOf((a) => a.number === number)?.channel,
    department: (number) => {
      const department = w.departments().find((d) => d.number === number);
      if (!department) return undefined;
      const analog = w.analogExtensions().filter((a) => a.departmentId === department.id);
      return {
        name: department.name,
        members: [...department.members, ...analog.map((a) => a.number)],
        ring: ringPolicyOf(department),
      };
    },
    ...(w.numberApplication ? { application: w.numberApplication } : {}),
    featureCode: (number) => {
      const codes = w.featureCodes.list();
      const matched = matchFeatureCode(
        number,
        codes,
        (id) => id in features || RUNG_BY_ENGINE.has(id),
      );
      if (matched) return { code: matched.id, argument: matched.argument };
      // CALL-8 pickup codes and CALL-9 park slots: the engine joins the call they name.
      return pickupParkOf(number, codes, PARK_SLOTS);
    },
    outbound: w.outbound ? firstOutbound([w.outbound, prefix]) : prefix,
    hooks,
  });
  const ports: AnalogPorts = {
    fxs: (port) => w.board.fxs(port),
    fxsExtension: (port) => analogOf((a) => a.channel === port),
    fxo: () => w.board.fxo,
  };
  const inbound =
    w.inbound &&
    inboundCalls(router, {
      clock: w.clock,
      bindings: w.bindings,
      // Callers from outside hear the box's language (Mandarin); uploaded prompts have none.
      clip: (prompt) => w.voice?.clip("zh", prompt),
      inboundExtension: w.inboundExtension,
      sources: w.inbound,
    });
  const calls = new CallEngine({
    ...w,
    features,
    router,
    ports,
    inboundExtension: w.inboundExtension,
    applications: { ...w.applications, ...inbound?.applications },
    pickupGroup: (number) => pickupGroupOf(number, w),
    inCallCodes: () =>
      w.featureCodes
        .list()
        .filter((c) => c.enabled && c.inCall)
        .map((c) => ({ id: c.id, code: c.code, takesArgument: c.takesArgument ?? false })),
  });
  w.stack.on("INVITE", inbound ? inbound.invites(calls) : calls);
  for (const method of ["BYE", "INFO", "UPDATE", "PRACK", "REFER"])
    w.stack.on(method, calls.inDialog);
  w.stack.onAck = (ack) => calls.ack(ack);
  w.stack.onCancel = (invite) => calls.cancel(invite);
  w.board.setDialHandler((line, number) => calls.dialled(line, number));
  for (const line of w.board.fxo)
    line.on((e) => {
      if (e.type !== "incoming") return;
      const number = e.callerId?.number ?? "";
      const name = inbound?.callerName(number, e.callerId?.name ?? "") ?? e.callerId?.name;
      const callerId = e.callerId && { number, ...(name ? { name } : {}) };
      calls.incoming(line, callerId, inbound?.fromLine(line.index, number));
    });
  return calls;
}

/** The other members (IP and analog) of `number`'s department: whom *8 picks up from. */
function pickupGroupOf(
  number: string,
  w: Pick<CallsWiring, "departments" | "analogExtensions">,
): string[] {
  const analog = w.analogExtensions();
  const own = analog.find((a) => a.number === number);
  const department = w
    .departments()
    .find((d) => d.members.includes(number) || (own !== undefined && own.departmentId === d.id));
  if (!department) return [];
  const members = [
    ...department.members,
    ...analog.filter((a) => a.departmentId === department.id).map((a) => a.number),
  ];
  return members.filter((m) => m !== number);
}
