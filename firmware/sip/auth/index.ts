// Public surface of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760).

export * from "./auth-header.ts";
export * from "./clock.ts";
export * from "./digest-client.ts";
export * from "./digest-hash.ts";
export * from "./digest-server.ts";
export * from "./nonce-count-tracker.ts";
export * from "./stateless-nonce.ts";
