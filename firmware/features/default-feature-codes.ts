// SPEC CALL and the operator's manual, chapter "功能码": the factory feature codes a phone
// dials. `id` is stable (the web UI describes each by it); `code` is what the admin may change.

export type FeatureCodeGroup =
  | "voicemail"
  | "pickup"
  | "park"
  | "transfer"
  | "blacklist"
  | "monitor"
  | "queue"
  | "conference"
  | "wakeup"
  | "forward"
  | "dnd"
  | "announce"
  | "record"
  | "intercom";

export interface FeatureCodeDefault {
  id: string;
  group: FeatureCodeGroup;
  code: string;
  /** True when the code is followed by a number (an extension, a time...) then #. */
  takesArgument: boolean;
  /** True when it is dialled during a call rather than from an idle phone. */
  inCall: boolean;
}

const fc = (
  id: string,
  group: FeatureCodeGroup,
  code: string,
  takesArgument = false,
  inCall = false,
): FeatureCodeDefault => ({ id, group, code, takesArgument, inCall });

/**
 * The codes the box answers today. The others are listed as the manual has them, so the admin
 * can plan the numbering, and shown as not yet available instead of failing silently.
 */
export const AVAILABLE_FEATURE_CODES: ReadonlySet<string> = new Set([
  "announce-wan-ip",
  "announce-lan-ip",
  "announce-extension",
  "pickup-group",
  "pickup-directed",
  "park",
  "forward-always",
  "forward-always-off",
  "forward-busy",
  "forward-busy-off",
  "forward-no-answer",
  "forward-no-answer-off",
  "dnd-on",
  "dnd-off",
  "blacklist-last-caller",
  "blacklist-add",
  "blacklist-remove",
  "wakeup-menu",
  "wakeup-schedule",
  "wakeup-cancel-all",
  "transfer-blind",
  "transfer-attended",
  "voicemail-main",
  "voicemail-own",
  "record-toggle",
  "monitor-listen",
  "monitor-whisper",
  "monitor-barge",
  "intercom",
  "paging",
  "conference-in-call",
  "agent-login",
  "agent-logout",
  "agent-pause",
  "agent-unpause",
]);

export const DEFAULT_FEATURE_CODES: readonly FeatureCodeDefault[] = [
  fc("voicemail-main", "voicemail", "*60"),
  fc("voicemail-own", "voicemail", "*61"),
  fc("pickup-group", "pickup", "*8"),
  fc("pickup-directed", "pickup", "**", true),
  fc("park", "park", "*4", false, true),
  fc("transfer-blind", "transfer", "#", true, true),
  fc("transfer-attended", "transfer", "*2", true, true),
  fc("blacklist-last-caller", "blacklist", "*76"),
  fc("blacklist-add", "blacklist", "*75"),
  fc("blacklist-remove", "blacklist", "*075", true),
  fc("monitor-listen", "monitor", "*90", true),
  fc("monitor-whisper", "monitor", "*91", true),
  fc("monitor-barge", "monitor", "*92", true),
  fc("agent-login", "queue", "*62"),
  fc("agent-logout", "queue", "*062"),
  fc("agent-pause", "queue", "*95"),
  fc("agent-unpause", "queue", "*095"),
  fc("conference-in-call", "conference", "*0", false, true),
  fc("wakeup-menu", "wakeup", "*55"),
  fc("wakeup-schedule", "wakeup", "*55*", true),
  fc("wakeup-cancel-all", "wakeup", "*055"),
  fc("forward-always", "forward", "*71", true),
  fc("forward-always-off", "forward", "*071"),
  fc("forward-busy", "forward", "*72", true),
  fc("forward-busy-off", "forward", "*072"),
  fc("forward-no-answer", "forward", "*73", true),
  fc("forward-no-answer-off", "forward", "*073"),
  fc("dnd-on", "dnd", "*74"),
  fc("dnd-off", "dnd", "*074"),
  fc("announce-wan-ip", "announce", "**11"),
  fc("announce-lan-ip", "announce", "**12"),
  fc("announce-extension", "announce", "**13"),
  fc("record-toggle", "record", "*1", false, true),
  fc("intercom", "intercom", "*50", true),
  fc("paging", "intercom", "*51", true),
];
