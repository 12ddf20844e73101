// A desk phone's lamp side for tests (SPEC PROV-3, CALL-7): one UDP socket on loopback that
// REGISTERs and SUBSCRIBEs as an extension, answering the box's digest challenges as a phone
// does, keeps its subscription dialogs (refresh, unsubscribe) and answers every NOTIFY with
// 200 (or the status a test asks for), recording them in order.
import { createAuthorization } from "../../firmware/sip/auth/digest-client.ts";
import { type SipRequest, SipResponse } from "../../firmware/sip/message/message.ts";
import { parseDatagram } from "../../firmware/sip/message/parser.ts";

export interface WatcherSubscription {
  /** The 200's To tag: the dialog's remote tag. */
  toTag: string;
  callId: string;
  /** The Expires the box granted. */
  expires: number;
  /** Sends a refresh (or with 0 an unsubscribe) in the dialog; resolves with the answer. */
  refresh(expiresS: number): Promise<SipResponse>;
}

export interface SipWatcher {
  readonly port: number;
  /** Every request the box sent (NOTIFYs), oldest first. */
  readonly received: SipRequest[];
  register(expiresS?: number): Promise<SipResponse>;
  /** SUBSCRIBE to `event` of `target`; the final answer, and the dialog when it was 2xx. */
  subscribe(
    target: string,
    event: string,
    expiresS?: number,
  ): Promise<{ response: SipResponse; subscription?: WatcherSubscription }>;
  /** Waits for a NOTIFY after index `from` that `match` accepts. */
  waitNotify(match: (n: SipRequest) => boolean, from?: number, ms?: number): Promise<SipRequest>;
  /** Status for the next NOTIFYs (200 by default). */
  answerWith(status: number): void;
  close(): void;
}

export async function sipWatcher(
  extension: string,
  password: string,
  pbxPort: number,
): Promise<SipWatcher> {
  const received: SipRequest[] = [];
  const waiting = new Map<string, (r: SipResponse) => void>();
  let notifyStatus = 200;
  let seq = 0;
  const socket = await Bun.udpSocket({
    hostname: "127.0.0.1",
    socket: {
      data(s, data, port, address) {
        const parsed = parseDatagram(Buffer.from(data));
        if (!parsed.ok) return;
        const message = parsed.message;
        if (message instanceof SipResponse) {
          if (message.status < 200) return;
          const key = `${message.callId} ${message.cseq?.seq}`;
          waiting.get(key)?.(message);
          waiting.delete(key);
          return;
        }
        received.push(message);
        const copied = ["via", "from", "to", "call-id", "cseq"]
          .map((h) => `${h}: ${message.headers.get(h)}`)
          .join("\r\n");
        s.send(
          `SIP/2.0 ${notifyStatus} Answer\r\n${copied}\r\nContent-Length: 0\r\n\r\n`,
          port,
          address,
        );
      },
    },
  });
  const here = `127.0.0.1:${socket.port}`;
  const box = `127.0.0.1:${pbxPort}`;

  /** Sends one request, answering a 401 once; resolves with the final answer. */
  async function send(
    method: string,
    uri: string,
    headers: Record<string, string>,
    dialog: { callId: string; fromTag: string; toTag?: string },
  ): Promise<SipResponse> {
    let authorization: string | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const cseq = ++seq;
      const lines = [
        `${method} ${uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${here};branch=z9hG4bK${crypto.randomUUID().slice(0, 12)};rport`,
        "Max-Forwards: 70",
        `From: <sip:${extension}@${box}>;tag=${dialog.fromTag}`,
        `To: <${headers.to ?? uri}>${dialog.toTag ? `;tag=${dialog.toTag}` : ""}`,
        `Call-ID: ${dialog.callId}`,
        `CSeq: ${cseq} ${method}`,
        `Contact: <sip:${extension}@${here}>`,
        ...Object.entries(headers)
          .filter(([k]) => k !== "to")
          .map(([k, v]) => `${k}: ${v}`),
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        "Content-Length: 0",
      ];
      const answer = new Promise<SipResponse>((resolve, reject) => {
        waiting.set(`${dialog.callId} ${cseq}`, resolve);
        setTimeout(() => reject(new Error(`no answer to ${method} ${uri}`)), 10_000);
      });
      socket.send(`${lines.join("\r\n")}\r\n\r\n`, pbxPort, "127.0.0.1");
      const response = await answer;
      const challenge = response.headers.get("www-authenticate");
      if (response.status !== 401 || !challenge || attempt > 0) return response;
      const made = createAuthorization(
        challenge,
        { username: extension, password },
        { method, uri },
      );
      if (!made.ok) throw new Error(`cannot answer the challenge: ${made.error}`);
      authorization = made.value;
    }
    throw new Error("unreachable");
  }

  const registration = { callId: `reg-${crypto.randomUUID()}`, fromTag: "r1" };
  return {
    port: socket.port,
    received,
    register: (expiresS = 600) =>
      send(
        "REGISTER",
        `sip:${box}`,
        { to: `sip:${extension}@${box}`, Expires: String(expiresS) },
        registration,
      ),
    async subscribe(target, event, expiresS = 600) {
      const uri = `sip:${target}@${box}`;
      const dialog = { callId: `sub-${crypto.randomUUID()}`, fromTag: `w${seq}` };
      const headers = { Event: event, Expires: String(expiresS) };
      const response = await send("SUBSCRIBE", uri, headers, dialog);
      const toTag = response.to?.params.get("tag");
      if (response.status >= 300 || !toTag) return { response };
      return {
        response,
        subscription: {
          toTag,
          callId: dialog.callId,
          expires: Number(response.headers.get("expires")),
          refresh: (s) =>
            send("SUBSCRIBE", uri, { ...headers, Expires: String(s) }, { ...dialog, toTag }),
        },
      };
    },
    async waitNotify(match, from = 0, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received.slice(from).find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = received
            .map((r) => `${r.headers.get("subscription-state")} ${Buffer.from(r.body).toString()}`)
            .join("\n");
          throw new Error(`no matching NOTIFY (seen: ${seen})`);
        }
        await Bun.sleep(20);
      }
    },
    answerWith(status) {
      notifyStatus = status;
    },
    close: () => socket.close(),
  };
}
