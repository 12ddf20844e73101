// SPEC CALL-15 feature codes **11, **12, **13 (the manual's "报IP / 报分机号"): what the box
// says when a phone dials them, as prompt names for media/say's catalog. The dialled string
// arrives as the Request-URI user, "**13#", "**13%23" or "**13" depending on the phone.
import { type SayLanguage, sayDigits, sayIpv4 } from "../../../media/say/say.ts";
import {
  dialledDigits,
  type FeatureCodeEntry,
  type FeatureHandler,
  matchFeatureCode,
} from "./feature-handler.ts";

export { dialledDigits };

export type InfoKind = "wan-ip" | "lan-ip" | "extension";

/** Feature ids of the table (firmware/features) that are announcements. */
const KINDS: Record<string, InfoKind> = {
  "announce-wan-ip": "wan-ip",
  "announce-lan-ip": "lan-ip",
  "announce-extension": "extension",
};

/** Which announcement `dialled` asks for, if any, by the admin's feature-code table. */
export function infoKindOf(
  dialled: string,
  codes: readonly FeatureCodeEntry[],
): InfoKind | undefined {
  const matched = matchFeatureCode(dialled, codes, (id) => id in KINDS);
  return matched && KINDS[matched.id];
}

/** The information codes as feature handlers: what the box says to `caller`. */
export function infoFeatures(addresses: {
  lanAddress(): string | undefined;
  wanAddress(): string | undefined;
}): Record<string, FeatureHandler> {
  const handlers: Record<string, FeatureHandler> = {};
  for (const [id, kind] of Object.entries(KINDS))
    handlers[id] = (caller) => ({
      say: infoPrompts(kind, {
        extension: caller.number,
        lanAddress: addresses.lanAddress(),
        wanAddress: addresses.wanAddress(),
      }),
    });
  return handlers;
}

export interface InfoFacts {
  /** The caller's own extension number. */
  extension: string;
  lanAddress: string | undefined;
  wanAddress: string | undefined;
}

/** The prompt names to play: an opening sentence, then the value digit by digit. */
export function infoPrompts(kind: InfoKind, facts: InfoFacts): string[] {
  if (kind === "extension") return ["info/your-extension-is", ...sayDigits(facts.extension)];
  const address = kind === "lan-ip" ? facts.lanAddress : facts.wanAddress;
  const opening = kind === "lan-ip" ? "info/lan-ip-is" : "info/wan-ip-is";
  const spoken = address ? sayIpv4(address) : undefined;
  return [opening, ...(spoken ?? ["info/not-available"])];
}

/** The box's prompt language for an extension's setting: English only when it says so. */
export function promptLanguage(setting: string | undefined): SayLanguage {
  return setting?.toLowerCase().startsWith("en") ? "en" : "zh";
}
