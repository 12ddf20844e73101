// STYLE 8: the one vocabulary of refusals of the voice-file store (SPEC VOICE-1, VOICE-2).
// Expected outcomes (a bad upload, a taken name) are values; web/api maps each code to HTTP.

export type VoiceErrorCode =
  | "invalid"
  | "not_found"
  | "taken"
  | "protected"
  | "in_use"
  | "not_audio"
  | "too_long"
  | "too_large";

export interface VoiceError {
  code: VoiceErrorCode;
  message: string;
  field?: string;
}

export type VoiceResult<T> = { ok: true; value: T } | { ok: false; error: VoiceError };

/** A refusal. */
export function refuse(code: VoiceErrorCode, message: string, field?: string) {
  const error: VoiceError = field === undefined ? { code, message } : { code, message, field };
  return { ok: false, error } as const;
}
