// RFC 3261 §22.2 / §22.3 (a UAC answers 401/407 by retrying with Authorization or
// Proxy-Authorization), RFC 7616 §3.4 (the credentials: qop=auth with cnonce and nc), RFC 2069 /
// RFC 2617 §3.2.2 (no qop in the challenge: the short response form), RFC 8760 §2.4 (with
// several challenges, take the topmost whose algorithm the UAC supports).

import { type AuthHeader, formatAuthHeader, parseAuthHeader } from "./auth-header.ts";
import {
  DIGEST_ALGORITHMS,
  type DigestAlgorithm,
  digestResponse,
  ha1,
  parseAlgorithm,
} from "./digest-hash.ts";

export interface DigestCredentials {
  username: string;
  password: string;
}

export interface ClientRequest {
  method: string;
  /** The Request-URI, written as digest-uri. */
  uri: string;
  /** Body, used only if the server insists on qop=auth-int. */
  body?: string;
}

export interface AuthorizeOptions {
  cnonce?: string;
  /** Nonce count for this nonce, starting at 1. */
  nc?: number;
  random?: (length: number) => Uint8Array;
}

export type AuthorizationError =
  | "not-digest"
  | "malformed"
  | "unsupported-algorithm"
  | "unsupported-qop";

export type AuthorizationResult =
  | { ok: true; value: string; algorithm: DigestAlgorithm; nonce: string }
  | { ok: false; error: AuthorizationError };

const BARE_PARAMS: ReadonlySet<string> = new Set(["algorithm", "qop", "nc"]);

/** Computes an Authorization / Proxy-Authorization value answering one challenge. */
export function createAuthorization(
  challenge: string | AuthHeader,
  credentials: DigestCredentials,
  request: ClientRequest,
  options: AuthorizeOptions = {},
): AuthorizationResult {
  const header = typeof challenge === "string" ? parseAuthHeader(challenge) : challenge;
  if (header === undefined) return { ok: false, error: "malformed" };
  if (header.scheme.toLowerCase() !== "digest") return { ok: false, error: "not-digest" };
  const p = header.params;
  const realm = p.get("realm");
  const nonce = p.get("nonce");
  if (realm === undefined || nonce === undefined) return { ok: false, error: "malformed" };
  const algorithmParam = p.get("algorithm");
  const algorithm = parseAlgorithm(algorithmParam);
  if (algorithm === undefined) return { ok: false, error: "unsupported-algorithm" };
  const qop = chooseQop(p.get("qop"), request.body !== undefined);
  if (qop === null) return { ok: false, error: "unsupported-qop" };

  const nc = qop === undefined ? undefined : (options.nc ?? 1).toString(16).padStart(8, "0");
  const cnonce =
    qop === undefined && !algorithm.endsWith("-sess")
      ? undefined
      : (options.cnonce ?? randomToken(options.random));
  const response = digestResponse({
    algorithm,
    ha1: ha1(credentials.username, realm, credentials.password, algorithm),
    method: request.method,
    uri: request.uri,
    nonce,
    ...(qop === undefined ? {} : { qop, nc, cnonce }),
    ...(cnonce === undefined ? {} : { cnonce }),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const params: [string, string][] = [
    ["username", credentials.username],
    ["realm", realm],
    ["nonce", nonce],
    ["uri", request.uri],
    ["response", response],
  ];
  // RFC 2617 servers predate the parameter's echo: write it back only when it was given.
  if (algorithmParam !== undefined) params.push(["algorithm", algorithmParam]);
  if (cnonce !== undefined) params.push(["cnonce", cnonce]);
  const opaque = p.get("opaque");
  if (opaque !== undefined) params.push(["opaque", opaque]);
  if (qop !== undefined && nc !== undefined) params.push(["qop", qop], ["nc", nc]);
  return { ok: true, value: formatAuthHeader("Digest", params, BARE_PARAMS), algorithm, nonce };
}

/**
 * "auth" when offered; "auth-int" only when it is all the server takes and there is a body;
 * undefined when the challenge has no qop; null when no offered qop is usable.
 */
function chooseQop(offered: string | undefined, hasBody: boolean): string | undefined | null {
  if (offered === undefined) return undefined;
  const options = offered.split(",").map((q) => q.trim().toLowerCase());
  if (options.includes("auth")) return "auth";
  if (options.includes("auth-int") && hasBody) return "auth-int";
  return null;
}

function randomToken(random?: (length: number) => Uint8Array): string {
  const bytes = random ? random(16) : crypto.getRandomValues(new Uint8Array(16));
  return Buffer.from(bytes).toString("hex");
}

/** RFC 8760 §2.4: the topmost parsable Digest challenge whose algorithm is supported. */
export function pickChallenge(
  values: readonly string[],
  supported: readonly DigestAlgorithm[] = DIGEST_ALGORITHMS,
): AuthHeader | undefined {
  for (const value of values) {
    const header = parseAuthHeader(value);
    if (header === undefined || header.scheme.toLowerCase() !== "digest") continue;
    const algorithm = parseAlgorithm(header.params.get("algorithm"));
    if (algorithm !== undefined && supported.includes(algorithm)) return header;
  }
  return undefined;
}

/**
 * Credentials for one account (a provider trunk, or a test phone): answers challenges and
 * counts nc per nonce so a cached challenge can be reused for the next request.
 */
export class DigestClient {
  readonly #credentials: DigestCredentials;
  readonly #supported: readonly DigestAlgorithm[];
  readonly #random: ((length: number) => Uint8Array) | undefined;
  #challenge: AuthHeader | undefined;
  #nc = 0;

  constructor(
    credentials: DigestCredentials,
    options: {
      algorithms?: readonly DigestAlgorithm[];
      random?: (length: number) => Uint8Array;
    } = {},
  ) {
    this.#credentials = credentials;
    this.#supported = options.algorithms ?? DIGEST_ALGORITHMS;
    this.#random = options.random;
  }

  /** Answers the WWW-/Proxy-Authenticate values of a 401/407. */
  respond(challenges: readonly string[], request: ClientRequest): AuthorizationResult {
    const challenge = pickChallenge(challenges, this.#supported);
    if (challenge === undefined) return { ok: false, error: "unsupported-algorithm" };
    this.#challenge = challenge;
    this.#nc = 0;
    return this.#authorize(challenge, request);
  }

  /** Credentials for a new request under the last challenge (nc + 1), if there was one. */
  reuse(request: ClientRequest): AuthorizationResult | undefined {
    return this.#challenge === undefined ? undefined : this.#authorize(this.#challenge, request);
  }

  #authorize(challenge: AuthHeader, request: ClientRequest): AuthorizationResult {
    this.#nc += 1;
    const options: AuthorizeOptions = { nc: this.#nc };
    if (this.#random !== undefined) options.random = this.#random;
    return createAuthorization(challenge, this.#credentials, request, options);
  }
}
