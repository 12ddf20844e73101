// What a dialled number is (SPEC CALL-1, EXT-5, ROUTE-2): the one place that decides, for the
// SIP INVITE path and for numbers dialled on an FXS handset alike. Exact numbers win (an IP
// extension, an analog extension 8001..), then the feature-code table, then an outbound
// prefix ("the manuals use 9") followed by the external number, sent out on an FXO line.

import type { ExtensionAuth } from "../extensions/extension-types.ts";

export type Target =
  | { kind: "ip"; number: string; extension: ExtensionAuth }
  /** An analog extension on FXS `port` (1-based). */
  | { kind: "analog"; number: string; port: number }
  /** A feature code (the feature-code table decides what `code` and `argument` mean). */
  | { kind: "feature"; number: string; code: string; argument: string }
  /** An external number: `digits` go out on an FXO line after the outbound `prefix`. */
  | { kind: "outbound"; number: string; prefix: string; digits: string }
  | { kind: "unknown"; number: string };

export interface CallDialPlanOptions {
  lookupIp(number: string): ExtensionAuth | undefined;
  /** The FXS port of an analog extension number. */
  analogPort(number: string): number | undefined;
  /** Outbound prefixes (setting "dialplan.outboundPrefixes", default ["9"]). */
  outboundPrefixes(): Iterable<string>;
  /** Feature codes, filled by the features module. */
  featureCodes?: (number: string) => Target | undefined;
}

export class CallDialPlan {
  readonly #o: CallDialPlanOptions;

  constructor(options: CallDialPlanOptions) {
    this.#o = options;
  }

  resolve(number: string): Target {
    const o = this.#o;
    const extension = o.lookupIp(number);
    if (extension) return { kind: "ip", number, extension };
    const port = o.analogPort(number);
    if (port !== undefined) return { kind: "analog", number, port };
    const feature = o.featureCodes?.(number);
    if (feature) return feature;
    for (const prefix of o.outboundPrefixes()) {
      const digits = number.slice(prefix.length);
      // An external number is digits only: the FXO line dials it by DTMF.
      if (number.startsWith(prefix) && /^[0-9*#]+$/.test(digits))
        return { kind: "outbound", number, prefix, digits };
    }
    return { kind: "unknown", number };
  }
}
