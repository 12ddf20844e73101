// SPEC CALL-12 (manual 通话监听): *90 / *91 / *92 + extension (# optional) as a number the box
// answers itself. Who may be monitored is the extension's "may be monitored" option, which
// only the admin sets (manual: "此功能必须在 IPPBX 管理员界面开启"); only the box's own
// extensions may monitor, and never themselves.
import { type FeatureCodeEntry, matchFeatureCode } from "../apps/feature-handler.ts";
import type { ApplicationOpener } from "../call-engine.ts";
import { type MonitoredCall, MonitorLeg, type MonitorMode } from "./monitor-leg.ts";

/** The application name of monitoring numbers (`CallEngineOptions.applications`). */
export const MONITOR_APP = "monitor";

const MODES: Readonly<Record<string, MonitorMode>> = {
  "monitor-listen": "listen",
  "monitor-whisper": "whisper",
  "monitor-barge": "barge",
};

export interface MonitoringOptions {
  featureCodes(): readonly FeatureCodeEntry[];
  /** Whether `number` is one of the box's extensions, and whether it may be monitored. */
  extension(number: string): { mayBeMonitored: boolean } | undefined;
  /** The extension's answered call, if it is in one. */
  callOf(extension: string): MonitoredCall | undefined;
  clip(callerNumber: string, name: string): Int16Array | undefined;
  log?(message: string, fields: Record<string, unknown>): void;
}

export interface Monitoring {
  /** The router's question: is `number` a monitoring code with its extension? */
  application(number: string): { app: string; argument: string } | undefined;
  /** The engine's opener for `monitor` destinations. */
  open: ApplicationOpener;
}

export function monitoring(o: MonitoringOptions): Monitoring {
  return {
    application(number) {
      const matched = matchFeatureCode(number, o.featureCodes(), (id) => id in MODES);
      if (!matched || matched.argument === "") return undefined;
      return { app: MONITOR_APP, argument: `${MODES[matched.id]}:${matched.argument}` };
    },
    open(destination, opening) {
      const [mode = "listen", target = ""] = destination.argument.split(":");
      const supervisor = opening.caller.number;
      const allowed =
        o.extension(supervisor) !== undefined &&
        supervisor !== target &&
        o.extension(target)?.mayBeMonitored === true;
      return new MonitorLeg(opening.id, target, {
        mode: mode as MonitorMode,
        find: () => (allowed ? o.callOf(target) : undefined),
        clip: (name) => o.clip(supervisor, name),
        ...(o.log ? { log: o.log } : {}),
      });
    },
  };
}
