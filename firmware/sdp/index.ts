// Public surface of the SDP library: RFC 8866 parse/serialize, RFC 3264 offer/answer.

export * from "./codec.ts";
export * from "./create-answer.ts";
export * from "./create-offer.ts";
export * from "./direction.ts";
export * from "./negotiate.ts";
export * from "./parse-sdp.ts";
export * from "./sdp-session.ts";
export * from "./serialize-sdp.ts";
export * from "./session-description.ts";
