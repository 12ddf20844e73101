// The PBX's side of the limit on calls in progress (the SIP stack's LoadShedder enforces it):
// which calls count, which pass anyway, and what the admin is told.
//
// An emergency number dialled as it is passes (SPEC ROUTE-3's list): the limit guards the
// box's memory, and one call more is worth less than a call to the police that never rings.
// Calls whose media ports are still being opened count, so a burst of INVITEs arriving within
// that moment cannot all slip past the limit.
import type { SettingsStore } from "../db/settings-store.ts";
import { emergencyNumbers } from "../routes/emergency-numbers.ts";
import type { Clock } from "../sip/clock.ts";
import type { CallLimitState } from "../sip/core/load-shedder.ts";
import type { Logger } from "../sip/logger.ts";
import type { SipRequest } from "../sip/message/message.ts";
import { parseSipUri } from "../sip/message/uri.ts";

/** At most one warning per this long while calls go on being refused. */
const WARN_EVERY_MS = 60_000;

export interface CallLimitOptions {
  /** Calls in progress and being set up (CallEngine.admitted). */
  admitted(): number;
  settings: Pick<SettingsStore, "get">;
  clock: Pick<Clock, "now">;
  log: Logger;
}

/** The LoadShedder's `calls`, `exempt` and `onCallRefused` for the PBX. */
export function callLimit(o: CallLimitOptions) {
  let warnedMs = Number.NEGATIVE_INFINITY;
  return {
    calls: o.admitted,
    exempt(request: SipRequest): boolean {
      const uri = parseSipUri(request.uri);
      return uri.ok && emergencyNumbers(o.settings).includes(uri.uri.user ?? "");
    },
    onCallRefused(inProgress: number, { limit, refused }: CallLimitState): void {
      const now = o.clock.now();
      if (now - warnedMs < WARN_EVERY_MS) return;
      warnedMs = now;
      o.log.warn("calls refused: the limit of calls in progress is reached", {
        inProgress,
        limit,
        refusedSinceStart: refused,
      });
    },
  };
}
