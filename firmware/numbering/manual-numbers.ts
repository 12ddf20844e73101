// The numbers the operator's manual gives the box from the factory: conference rooms 90-99
// (电话会议: "电话会议号码为 90 至 99") and park slots 41-49 (呼叫停泊: "接回号码范围为 41 到 49").
// The outbound prefix 9 is the setting "dialplan.outboundPrefixes" (default ["9"]).

/** A block of consecutive numbers. */
export interface NumberBlock {
  first: number;
  last: number;
}

export const CONFERENCE_ROOMS: NumberBlock = { first: 90, last: 99 };
export const PARK_SLOTS: NumberBlock = { first: 41, last: 49 };
export const DEFAULT_OUTBOUND_PREFIXES: readonly string[] = ["9"];
