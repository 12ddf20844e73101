// Which intercom, page or monitoring code a phone dialled (SPEC CALL-6, CALL-12): *50 + an
// extension + # (intercom: one extension answers by itself, both talk), *51 + extension + #
// (page: one-way), *90 / *91 / *92 + extension (listen, whisper, barge). The codes are the
// admin's feature-code table, never literal strings here; matched as every feature code is.

import { type FeatureCodeEntry, matchFeatureCode } from "../apps/feature-handler.ts";

export type PagingCode =
  | "intercom"
  | "paging"
  | "monitor-listen"
  | "monitor-whisper"
  | "monitor-barge";

const PAGING_CODES: ReadonlySet<string> = new Set<PagingCode>([
  "intercom",
  "paging",
  "monitor-listen",
  "monitor-whisper",
  "monitor-barge",
]);

/** What `dialled` asks for and the extension it names, if it is one of these codes. */
export function pagingCodeOf(
  dialled: string,
  codes: readonly FeatureCodeEntry[],
): { code: PagingCode; extension: string } | undefined {
  const hit = matchFeatureCode(dialled, codes, (id) => PAGING_CODES.has(id));
  if (!hit || !/^[0-9]+$/.test(hit.argument)) return undefined;
  return { code: hit.id as PagingCode, extension: hit.argument };
}
