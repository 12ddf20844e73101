// RFC 3264 §5.1 (direction attributes in an offer), §6.1 (the answer's direction), §8.4 (hold,
// including the RFC 2543 style c=0.0.0.0 that an answerer MUST still understand), RFC 8866 §6.7
// (a media-level direction overrides the session-level one; the default is sendrecv).

import type {
  Connection,
  Direction,
  MediaDescription,
  SessionDescription,
} from "./session-description.ts";

/** The connection that applies to an m= section: its own c= first, else the session's. */
export function mediaConnection(
  sdp: SessionDescription,
  media: MediaDescription,
): Connection | undefined {
  return media.connections[0] ?? sdp.connection;
}

/** True for the unspecified address an RFC 2543 phone uses to say "do not send to me". */
export function isNullAddress(address: string): boolean {
  return address === "0.0.0.0" || address === "::" || address === "0:0:0:0:0:0:0:0";
}

/**
 * The direction the sender of `sdp` wants for `media`, as seen by that sender. An old-style hold
 * (c=0.0.0.0) takes away the "recv" half: the peer gave no address to send to.
 */
export function mediaDirection(sdp: SessionDescription, media: MediaDescription): Direction {
  const declared = media.direction ?? sdp.direction ?? "sendrecv";
  const c = mediaConnection(sdp, media);
  if (c === undefined || !isNullAddress(c.address)) return declared;
  return withoutReceive(declared);
}

/** True when the sender of this SDP has put the stream on hold (it will not receive). */
export function isHold(direction: Direction): boolean {
  return direction === "sendonly" || direction === "inactive";
}

function withoutReceive(d: Direction): Direction {
  return d === "sendrecv" || d === "sendonly" ? "sendonly" : "inactive";
}

function sends(d: Direction): boolean {
  return d === "sendrecv" || d === "sendonly";
}

function receives(d: Direction): boolean {
  return d === "sendrecv" || d === "recvonly";
}

function fromFlags(send: boolean, receive: boolean): Direction {
  if (send && receive) return "sendrecv";
  if (send) return "sendonly";
  return receive ? "recvonly" : "inactive";
}

/**
 * RFC 3264 §6.1: the answer may send only if the offer receives and may receive only if the
 * offer sends (sendonly -> recvonly, recvonly -> sendonly, inactive -> inactive); `local` is what
 * the answerer itself wants (e.g. sendonly when it puts the call on hold).
 */
export function answerDirection(offered: Direction, local: Direction = "sendrecv"): Direction {
  return fromFlags(receives(offered) && sends(local), sends(offered) && receives(local));
}
