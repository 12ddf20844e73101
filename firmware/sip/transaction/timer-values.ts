// RFC 3261 §17.1.1.1 and Table 4: timer base values in milliseconds.

export const T1_MS = 500;
export const T2_MS = 4000;
export const T4_MS = 5000;

/** Timers B, F, H, J, L, M: 64*T1 (RFC 3261 Table 4, RFC 6026 §8.4). */
export const TIMEOUT_64T1_MS = 64 * T1_MS;
/** Timer D: at least 32 s over unreliable transports. */
export const TIMER_D_MS = 32_000;
