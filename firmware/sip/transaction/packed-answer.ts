// A completed transaction's answer as Timer J keeps it (completed-answers.ts), without the
// headers it repeats from the request. Via, From, To, Call-ID and CSeq (§8.2.6.2) are most of
// a registrar's 200 OK, and a retransmission brings them again, byte for byte: only the status
// line, the To tag and what the answer added are kept, and the answer is put back together
// from the retransmitted request. An answer not of that shape is kept whole.
//
// Kept forms (the first character or byte says which):
//   "\x01" To-suffix CRLF status-line CRLF rest   packed text
//   "\x02" text                                   a bodiless answer, whole
//   0x00 bytes                                    an answer with a body, whole

import { wireHeaderName } from "../message/header-names.ts";
import type { SipRequest } from "../message/message.ts";
import type { WireData } from "../transport/transport.ts";

const PACKED = "\x01";
const WHOLE_TEXT = "\x02";
const WHOLE_BYTES = 0;
const ECHOED = new Set(["via", "from", "call-id", "cseq"]);

/** The header lines a response to `request` repeats from it (response.ts's createResponse). */
function echoOf(request: SipRequest, status: number, toSuffix: string): string {
  const { names, values } = request.headers;
  let text = "";
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (ECHOED.has(name)) text += `${wireHeaderName(name)}: ${values[i]}\r\n`;
    else if (name === "to") text += `${wireHeaderName(name)}: ${values[i]}${toSuffix}\r\n`;
    else if (name === "record-route" && status > 100 && status < 300)
      text += `${wireHeaderName(name)}: ${values[i]}\r\n`;
  }
  return text;
}

/**
 * `answer` (the response to `request` as sent) for keeping: the status line, the To tag the
 * answer added and its own headers, when the rest is the request's echo.
 */
export function packAnswer(
  request: SipRequest,
  status: number,
  answerTo: string | undefined,
  answer: WireData,
): WireData {
  if (typeof answer !== "string") {
    const kept = new Uint8Array(answer.length + 1);
    kept[0] = WHOLE_BYTES;
    kept.set(answer, 1);
    return kept;
  }
  const requestTo = request.headers.get("to");
  if (requestTo === undefined || answerTo === undefined || !answerTo.startsWith(requestTo))
    return WHOLE_TEXT + answer;
  const toSuffix = answerTo.slice(requestTo.length);
  const statusEnd = answer.indexOf("\r\n") + 2;
  const echo = echoOf(request, status, toSuffix);
  if (statusEnd < 2 || toSuffix.includes("\r\n") || !answer.startsWith(echo, statusEnd))
    return WHOLE_TEXT + answer;
  return `${PACKED}${toSuffix}\r\n${answer.slice(0, statusEnd)}${answer.slice(statusEnd + echo.length)}`;
}

/** The answer `packAnswer` kept, put back together for a retransmission of `request`. */
export function unpackAnswer(kept: Uint8Array, request: SipRequest): WireData {
  if (kept[0] === WHOLE_BYTES) return kept.subarray(1);
  const text = Buffer.from(kept.buffer, kept.byteOffset, kept.length).toString("utf8");
  if (text[0] !== PACKED) return text.slice(1);
  const suffixEnd = text.indexOf("\r\n", 1);
  const statusEnd = text.indexOf("\r\n", suffixEnd + 2) + 2;
  const statusLine = text.slice(suffixEnd + 2, statusEnd);
  const status = Number(statusLine.slice(8, 11));
  return statusLine + echoOf(request, status, text.slice(1, suffixEnd)) + text.slice(statusEnd);
}
