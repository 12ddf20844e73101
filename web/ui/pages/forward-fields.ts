// What the forwarding pages share (SPEC CALL-2): the four types in the manual's order and
// words, a stored setting as the API gives it, and the refusal of one request as text.
import type { ForwardType } from "../../../firmware/features/forwarding-store.ts";
import type { ApiFailure } from "../api-client.ts";
import type { MessageKey } from "../i18n/en.ts";
import { refusalText } from "../i18n/error-text.ts";
import type { Translate } from "../i18n/translate.ts";

/** 遇忙转移, 无应答转移, 始终转移, 无应答或忙 — as the API names them. */
export const FORWARD_TYPES: readonly ForwardType[] = [
  "always",
  "busy",
  "no-answer",
  "busy-or-no-answer",
];

export interface Forward {
  extension: string;
  type: ForwardType;
  number: string;
  enabled: boolean;
}

export const typeLabel = (t: Translate, type: ForwardType) => t(`fw.type.${type}` as MessageKey);

export const failureText = (t: Translate, failure: ApiFailure) =>
  refusalText(failure, t) ?? t("app.invalid", { message: failure.message });
