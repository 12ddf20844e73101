// SPEC CALL-15 feature codes **11, **12, **13 (the manual's "报IP / 报分机号"): what the box
// says when a phone dials them, as prompt names for media/say's catalog. The dialled string
// arrives as the Request-URI user, "**13#", "**13%23" or "**13" depending on the phone.
import { type SayLanguage, sayDigits, sayIpv4 } from "../../../media/say/say.ts";

export type InfoKind = "wan-ip" | "lan-ip" | "extension";

/** Feature ids of the table (firmware/features) that are announcements. */
const KINDS: Record<string, InfoKind> = {
  "announce-wan-ip": "wan-ip",
  "announce-lan-ip": "lan-ip",
  "announce-extension": "extension",
};

export interface FeatureCodeEntry {
  id: string;
  code: string;
  enabled: boolean;
}

/** The digits a phone dialled, with URI escapes undone and a closing # removed. */
export function dialledDigits(user: string): string {
  let text = user;
  try {
    text = decodeURIComponent(user);
  } catch {
    // A malformed escape is a number nobody has: compare it as it came.
  }
  return text.length > 1 && text.endsWith("#") ? text.slice(0, -1) : text;
}

/** Which announcement `dialled` asks for, if any, by the admin's feature-code table. */
export function infoKindOf(
  dialled: string,
  codes: readonly FeatureCodeEntry[],
): InfoKind | undefined {
  const digits = dialledDigits(dialled);
  for (const code of codes) {
    const kind = KINDS[code.id];
    if (kind && code.enabled && code.code === digits) return kind;
  }
  return undefined;
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
