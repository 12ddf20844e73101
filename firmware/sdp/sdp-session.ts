// RFC 3264 §8 ("the origin line ... MUST be the same as in the previous SDP, except that the
// version MUST be incremented by one" when anything changed, and unchanged otherwise) and
// RFC 8866 §5.2 (sess-id stays fixed for the session's life).

import { serializeSdp } from "./serialize-sdp.ts";
import type { Origin, SessionDescription } from "./session-description.ts";

export interface SdpSessionOptions {
  /** Numeric session id, fixed for the whole dialog (RFC 8866 §5.2 suggests an NTP time). */
  sessionId: string;
  /** First version to use (default the session id, as RFC 8866 §5.2 suggests). */
  sessionVersion?: string;
  username?: string;
}

/** Keeps one side's o= line across offers and answers of a dialog (initial INVITE, re-INVITEs). */
export class SdpSession {
  readonly #sessionId: string;
  readonly #username: string;
  #version: bigint;
  #lastContent: string | undefined;

  constructor(options: SdpSessionOptions) {
    this.#sessionId = options.sessionId;
    this.#username = options.username ?? "-";
    this.#version = toBigInt(options.sessionVersion ?? options.sessionId);
  }

  /** The version written in the last stamped description. */
  get version(): string {
    return this.#version.toString();
  }

  /**
   * Returns `sdp` with this session's o= line. The version goes up by one only when the
   * description differs from the previous one stamped, so an unchanged re-offer keeps it.
   */
  stamp(sdp: SessionDescription): SessionDescription {
    const origin = (version: string): Origin => ({
      username: this.#username,
      sessionId: this.#sessionId,
      sessionVersion: version,
      netType: sdp.origin.netType,
      addrType: sdp.origin.addrType,
      address: sdp.origin.address,
    });
    const content = serializeSdp({ ...sdp, origin: origin("0") });
    if (this.#lastContent !== undefined && content !== this.#lastContent) this.#version += 1n;
    this.#lastContent = content;
    return { ...sdp, origin: origin(this.version) };
  }

  /** RFC 3264 §8: a peer's SDP with the same origin and version as before has not changed. */
  static unchanged(previous: SessionDescription, next: SessionDescription): boolean {
    const a = previous.origin;
    const b = next.origin;
    return (
      a.username === b.username &&
      a.sessionId === b.sessionId &&
      a.sessionVersion === b.sessionVersion &&
      a.address === b.address
    );
  }
}

function toBigInt(text: string): bigint {
  // Non-numeric versions from odd peers never reach here: ids are ours. Guard anyway.
  return /^[0-9]{1,30}$/.test(text) ? BigInt(text) : 0n;
}
