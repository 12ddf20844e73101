// The board layer's one error vocabulary (STYLE 8): expected outcomes are values.

export type BoardErrorCode =
  | "unknown-port"
  | "invalid-argument"
  | "invalid-state"
  | "port-faulty"
  | "not-supported"
  | "io-error";

export interface BoardError {
  readonly code: BoardErrorCode;
  readonly message: string;
  /** Name of the offending input, when one argument is to blame. */
  readonly field?: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: BoardError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(
  code: BoardErrorCode,
  message: string,
  field?: string,
): Result<T> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

/** Thrown by Linux backends when the kernel refuses a call; drivers catch it at their boundary. */
export class BoardIoError extends Error {
  constructor(
    message: string,
    readonly device: string,
  ) {
    super(`${device}: ${message}`);
    this.name = "BoardIoError";
  }
}
