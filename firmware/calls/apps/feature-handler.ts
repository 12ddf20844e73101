// Feature codes dialled from an idle phone (SPEC CALL-2, CALL-11, CALL-14, CALL-15 and the
// operator's manual, chapter 功能码): the router matches the dialled string against the admin's
// feature-code table, the code's id names a `FeatureHandler`, the handler does its action for
// the calling extension and says what the box speaks back. One mechanism for every feature
// that answers with a prompt (forwarding, DND, blacklist, the information codes...); a feature
// registers by id in `CallEngineOptions.features`, never by its digits, which the admin may
// change.
import type { CallParty } from "../leg.ts";
import type { Destination } from "../routing/destination.ts";

/**
 * What the box answers after a feature's action: prompt names in media/say's catalog. With
 * `ask`, the box then takes keys until # and answers with what `ask` makes of them (*75#
 * "根据系统语音提示输入号码").
 */
export interface FeatureReply {
  say: readonly string[];
  ask?(digits: string): FeatureReply;
}

/**
 * A feature's action for the calling party, with the digits dialled after its code;
 * `resolve` says where a number goes when the caller dials it (without hooks).
 */
export type FeatureHandler = (
  caller: CallParty,
  argument: string,
  resolve: (number: string) => Destination,
) => FeatureReply;

export interface FeatureCodeEntry {
  id: string;
  code: string;
  enabled: boolean;
  /** The code is followed by a number (an extension, a number to forward to...). */
  takesArgument?: boolean;
}

/** A dialled feature code: the table's id, the code as dialled, the digits after it. */
export interface DialledFeature {
  id: string;
  code: string;
  argument: string;
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

/**
 * Which enabled code of the table `dialled` is, among those `handled` (a code the box cannot
 * answer yet stays a number nobody has). An exact code wins ("**13" is not "**" + "13"); then
 * the longest code that takes an argument, the rest being the argument ("*71100#": *71, 100).
 */
export function matchFeatureCode(
  dialled: string,
  codes: readonly FeatureCodeEntry[],
  handled: (id: string) => boolean,
): DialledFeature | undefined {
  const digits = dialledDigits(dialled);
  const usable = codes.filter((c) => c.enabled && c.code !== "" && handled(c.id));
  const exact = usable.find((c) => c.code === digits);
  if (exact) return { id: exact.id, code: exact.code, argument: "" };
  let best: FeatureCodeEntry | undefined;
  for (const c of usable)
    if (c.takesArgument && digits.startsWith(c.code) && c.code.length > (best?.code.length ?? 0))
      best = c;
  return best && { id: best.id, code: best.code, argument: digits.slice(best.code.length) };
}
