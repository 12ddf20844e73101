// RFC 3261 §8.2.6.2 building a response from a request: Via, From, Call-ID and CSeq copied,
// To copied with a tag added by the UAS for any final or dialog-forming response.

import { SipHeaders } from "./headers.ts";
import { type SipRequest, SipResponse } from "./message.ts";
import { reasonPhrase } from "./reason-phrases.ts";

export interface ResponseOptions {
  reason?: string;
  /** Tag to add to To when the request's To has none (status > 100). */
  toTag?: string;
  body?: Uint8Array;
}

const COPIED = ["via", "from", "call-id", "cseq"] as const;

/** A response to `request` with the mandatory headers copied. */
export function createResponse(
  request: SipRequest,
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  const headers = new SipHeaders();
  const source = request.headers;
  for (let i = 0; i < source.names.length; i++) {
    const name = source.names[i]!;
    if ((COPIED as readonly string[]).includes(name)) headers.add(name, source.values[i]!);
    else if (name === "to") {
      let to = source.values[i]!;
      if (status > 100 && options.toTag && !request.to?.params.has("tag")) {
        to += `;tag=${options.toTag}`;
      }
      headers.add("to", to);
    } else if (name === "record-route" && status > 100 && status < 300) {
      headers.add(name, source.values[i]!);
    }
  }
  return new SipResponse(status, options.reason ?? reasonPhrase(status), headers, options.body);
}
