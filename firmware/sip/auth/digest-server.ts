// RFC 3261 §22.4 (UAS/registrar challenges with 401 WWW-Authenticate, proxies with 407), RFC 7616
// §3.3 (the challenge, stale=true when only the nonce was at fault), §3.4 (checking the
// response), §3.4.5 / §5.5 (nc replay), RFC 8760 §2.3 (one challenge per algorithm, most
// preferred first; qop is required in the challenge), §3.4.6 (the digest-uri names the
// Request-URI). Nonces are MACed and time-stamped (stateless-nonce.ts); nc values live in a
// fixed table indexed by a serial inside each nonce (nonce-count-tracker.ts).

import { type AuthHeader, formatAuthHeader, parseAuthHeader } from "./auth-header.ts";
import type { Clock } from "./clock.ts";
import {
  type DigestAlgorithm,
  digestHexLength,
  digestResponse,
  equalHex,
  ha1,
  parseAlgorithm,
} from "./digest-hash.ts";
import { NonceCountTracker } from "./nonce-count-tracker.ts";
import { StatelessNonce } from "./stateless-nonce.ts";

/** What the store holds for a user: the HA1 for the asked algorithm, or the password. */
export type DigestSecret = { ha1: string } | { password: string };

export type DigestSecretLookup = (
  username: string,
  realm: string,
  algorithm: DigestAlgorithm,
) => DigestSecret | undefined;

export type DigestError =
  | "stale"
  | "bad-response"
  | "unknown-user"
  | "malformed"
  | "wrong-realm"
  | "unsupported-algorithm"
  | "uri-mismatch";

/**
 * Why a correct response still needs a new nonce: too old, not ours, its nc (or, without qop,
 * the answer itself) seen before, or its nc slot taken over by a newer nonce.
 */
export type StaleReason = "expired" | "unknown-nonce" | "nc-replay" | "superseded";

export type DigestVerification =
  | { ok: true; username: string; algorithm: DigestAlgorithm }
  | {
      ok: false;
      error: "stale";
      reason: StaleReason;
      username: string;
      algorithm: DigestAlgorithm;
    }
  | { ok: false; error: Exclude<DigestError, "stale">; username?: string };

export interface DigestServerOptions {
  realm: string;
  clock: Clock;
  /** Algorithms offered and accepted, most preferred first (default SHA-256, MD5). */
  algorithms?: readonly DigestAlgorithm[];
  /** How long a nonce is good for (default 5 minutes). */
  nonceLifetimeMs?: number;
  /** Per-boot secret for the nonce MAC (default 32 random bytes). */
  secret?: Uint8Array;
  random?: (length: number) => Uint8Array;
  /**
   * Size of the nc table (default 65536): the newest this many nonces can be answered; an
   * older one still within its lifetime gets stale=true.
   */
  trackedNonces?: number;
  /**
   * Refuse RFC 2069 style responses without qop (default false: old phones still use them;
   * such an answer is good for one request only).
   */
  requireQop?: boolean;
}

export interface DigestRequestInfo {
  /** SIP method of the request carrying the credentials. */
  method: string;
  /** Message body, only needed when a client chose qop=auth-int. */
  body?: string;
  /** The same value given to challenge(), e.g. the client's source address. */
  bind?: string;
  /**
   * The request's Request-URI: the digest-uri must name it (RFC 3261 §22.4, RFC 7616 §3.4.6),
   * or credentials captured from one request would authorize another.
   */
  uri?: string;
}

export const DEFAULT_NONCE_LIFETIME_MS = 5 * 60 * 1000;

const BARE_PARAMS: ReadonlySet<string> = new Set(["algorithm", "stale"]);

/** Issues digest challenges and verifies credentials against stored HA1s or passwords. */
export class DigestServer {
  readonly realm: string;
  readonly algorithms: readonly DigestAlgorithm[];
  readonly #clock: Clock;
  readonly #nonces: StatelessNonce;
  readonly #counts: NonceCountTracker;
  readonly #opaque: string;
  readonly #requireQop: boolean;
  readonly #templates: [string, string][];
  readonly #staleTemplates: [string, string][];

  constructor(options: DigestServerOptions) {
    const random =
      options.random ?? ((length: number) => crypto.getRandomValues(new Uint8Array(length)));
    this.realm = options.realm;
    this.algorithms = options.algorithms ?? ["SHA-256", "MD5"];
    this.#clock = options.clock;
    this.#nonces = new StatelessNonce({
      secret: options.secret ?? random(32),
      realm: options.realm,
      lifetimeMs: options.nonceLifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS,
    });
    this.#counts = new NonceCountTracker(options.trackedNonces ?? 65536);
    this.#opaque = Buffer.from(random(12)).toString("base64url");
    this.#requireQop = options.requireQop ?? false;
    this.#templates = this.#challengeTemplates(false);
    this.#staleTemplates = this.#challengeTemplates(true);
  }

  /**
   * Header values for WWW-Authenticate (or Proxy-Authenticate), one per algorithm, most
   * preferred first, all with the same nonce (as in RFC 7616 §3.9.1).
   */
  challenge(options: { stale?: boolean; bind?: string } = {}): string[] {
    const nonce = this.#nonces.issue(this.#clock.now(), this.#counts.issue(), options.bind);
    // Only the nonce changes from one challenge to the next (base64url: nothing to escape).
    const templates = options.stale ? this.#staleTemplates : this.#templates;
    return templates.map(([before, after]) => before + nonce + after);
  }

  /** Each algorithm's challenge as the text before and after the nonce. */
  #challengeTemplates(stale: boolean): [string, string][] {
    const marker = "\0nonce\0";
    return this.algorithms.map((algorithm) => {
      const params: [string, string][] = [
        ["realm", this.realm],
        ["nonce", marker],
        ["opaque", this.#opaque],
        ["algorithm", algorithm],
        ["qop", "auth"],
      ];
      if (stale) params.push(["stale", "true"]);
      const [before, after] = formatAuthHeader("Digest", params, BARE_PARAMS).split(marker);
      return [before!, after!];
    });
  }

  /** Checks an Authorization (or Proxy-Authorization) value; the outcome is a value. */
  verify(
    authorization: string | AuthHeader,
    request: DigestRequestInfo,
    lookup: DigestSecretLookup,
  ): DigestVerification {
    const header =
      typeof authorization === "string" ? parseAuthHeader(authorization) : authorization;
    if (header === undefined || header.scheme.toLowerCase() !== "digest") {
      return { ok: false, error: "malformed" };
    }
    const p = header.params;
    const username = p.get("username");
    const realm = p.get("realm");
    const nonce = p.get("nonce");
    const uri = p.get("uri");
    const response = p.get("response");
    if (!username || realm === undefined || !nonce || !uri || !response) {
      return { ok: false, error: "malformed", ...(username ? { username } : {}) };
    }
    if (realm !== this.realm) return { ok: false, error: "wrong-realm", username };
    if (request.uri !== undefined && !sameUri(uri, request.uri)) {
      return { ok: false, error: "uri-mismatch", username };
    }
    const algorithm = parseAlgorithm(p.get("algorithm"));
    if (algorithm === undefined || !this.algorithms.includes(algorithm)) {
      return { ok: false, error: "unsupported-algorithm", username };
    }

    const qop = p.get("qop");
    const nc = p.get("nc");
    const cnonce = p.get("cnonce");
    let ncValue = 0;
    if (qop !== undefined) {
      // RFC 7616 §3.4: with qop, cnonce and an 8-hex-digit nc MUST be present.
      const parsedNc = parseNonceCount(nc);
      if (parsedNc === undefined || !cnonce) return { ok: false, error: "malformed", username };
      if (qop !== "auth" && !(qop === "auth-int" && request.body !== undefined)) {
        return { ok: false, error: "malformed", username };
      }
      ncValue = parsedNc;
    } else if (this.#requireQop || algorithm.endsWith("-sess")) {
      return { ok: false, error: "malformed", username };
    }
    if (response.length !== digestHexLength(algorithm)) {
      return { ok: false, error: "bad-response", username };
    }

    const secret = lookup(username, realm, algorithm);
    // An unknown user costs the same hashing as a wrong password, so timing does not tell
    // which extensions exist.
    const key =
      secret === undefined
        ? "0".repeat(digestHexLength(algorithm))
        : "ha1" in secret
          ? secret.ha1
          : ha1(username, realm, secret.password, algorithm);
    const expected = digestResponse({
      algorithm,
      ha1: key,
      method: request.method,
      uri,
      nonce,
      ...(qop === undefined ? {} : { qop, nc, cnonce }),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const matches = equalHex(expected, response.toLowerCase());
    if (secret === undefined) return { ok: false, error: "unknown-user", username };
    if (!matches) return { ok: false, error: "bad-response", username };

    // The response proves the password; a nonce fault now only calls for stale=true (§3.3).
    const opened = this.#nonces.open(nonce, this.#clock.now(), request.bind);
    if (opened.check !== "valid") {
      const reason: StaleReason = opened.check === "expired" ? "expired" : "unknown-nonce";
      return { ok: false, error: "stale", reason, username, algorithm };
    }
    // With qop each nc is good once; without qop the whole answer is (RFC 2617 §4.5).
    const counted = this.#counts.accept(
      opened.serial ?? -1,
      qop === undefined ? "single-use" : ncValue,
    );
    if (counted !== "ok") {
      const reason: StaleReason = counted === "replay" ? "nc-replay" : "superseded";
      return { ok: false, error: "stale", reason, username, algorithm };
    }
    return { ok: true, username, algorithm };
  }
}

/** nc is exactly 8 hex digits (RFC 7616 §3.4); returns its value. */
function parseNonceCount(nc: string | undefined): number | undefined {
  if (nc === undefined || nc.length !== 8) return undefined;
  for (let i = 0; i < 8; i++) {
    const c = nc.charCodeAt(i);
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!hex) return undefined;
  }
  return Number.parseInt(nc, 16);
}

/**
 * digest-uri and Request-URI name the same resource: equal text, or equal but for the case
 * of letters (phones differ in how they write the host and scheme).
 */
function sameUri(digestUri: string, requestUri: string): boolean {
  return digestUri === requestUri || digestUri.toLowerCase() === requestUri.toLowerCase();
}
