// RFC 3261 §7 serialization. Content-Length is always written from the body actually sent,
// so a message built or edited in code can never announce a wrong length.

import { wireHeaderName } from "./header-names.ts";
import type { SipMessage } from "./message.ts";

/**
 * The message as it goes to a transport: its text when it has no body (the transports write
 * strings as UTF-8 themselves, so no Buffer is made per message), else its bytes.
 */
export function wireForm(message: SipMessage): string | Buffer {
  if (message.body.length > 0) return serialize(message);
  return headText(message);
}

/** The message as bytes on the wire. */
export function serialize(message: SipMessage): Buffer {
  const text = headText(message);
  if (message.body.length === 0) return Buffer.from(text);
  return Buffer.concat([Buffer.from(text), message.body]);
}

/** Start line, headers and the blank line, with Content-Length from the body. */
function headText(message: SipMessage): string {
  let text =
    message.kind === "request"
      ? `${message.method} ${message.uri} SIP/2.0\r\n`
      : `SIP/2.0 ${message.status} ${message.reason}\r\n`;
  const { names, values } = message.headers;
  for (let i = 0; i < names.length; i++) {
    if (names[i] === "content-length") continue;
    text += `${wireHeaderName(names[i]!)}: ${values[i]}\r\n`;
  }
  text += `Content-Length: ${message.body.length}\r\n\r\n`;
  return text;
}
