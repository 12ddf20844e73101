// The time source digest nonces need (RFC 7616 §3.3: the server decides how long a nonce is
// valid). Declared here, by its consumer; firmware/main.ts passes the real clock, tests a manual one.

/** Milliseconds on a monotonic-enough scale; only differences are used. */
export interface Clock {
  now(): number;
}
