import { beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { parseEvent } from "../sip/core/event-header.ts";
import { SipStack } from "../sip/core/sip-stack.ts";
import { silentLogger } from "../sip/logger.ts";
import type { SipRequest, SipResponse } from "../sip/message/message.ts";
import { parseDatagram } from "../sip/message/parser.ts";
import { LoopTransport } from "../sip/transport/loop-transport.ts";
import type { Discovery } from "./phone-service.ts";
import { macOfPnpUri, pnpResponder } from "./pnp-responder.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "test", "fixtures", "pnp");
const URL = "http://192.0.2.1:80/api/v1/provisioning/files/";
const PHONE = { protocol: "UDP" as const, address: "192.0.2.77", port: 5080 };

let loop: LoopTransport;
let found: Discovery[];
let enabled: boolean;

beforeEach(() => {
  const clock = new ManualClock();
  const stack = new SipStack({ clock });
  loop = new LoopTransport();
  stack.addTransport(loop);
  loop.sink = stack;
  found = [];
  enabled = true;
  stack.on(
    "SUBSCRIBE",
    pnpResponder({
      stack,
      enabled: () => enabled,
      sentBy: () => "192.0.2.1:5060",
      provisioningUrl: () => URL,
      discovered: (d) => found.push(d),
      log: silentLogger,
    }),
  );
});

function sent(): (SipRequest | SipResponse)[] {
  return loop.take().map((s) => {
    const parsed = parseDatagram(s.data);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(s.to).toMatchObject({ address: PHONE.address, port: PHONE.port });
    return parsed.message;
  });
}

describe("PnP ua-profile SUBSCRIBE", () => {
  test("Snom: 200 with Expires 0, then a NOTIFY with the file's URL, to where it came from", () => {
    loop.deliver(readFileSync(join(FIXTURES, "snom720_subscribe.sip")), PHONE);
    const [ok, notify] = sent();
    expect(ok).toMatchObject({ kind: "response", status: 200 });
    expect((ok as SipResponse).headers.get("expires")).toBe("0");
    const request = notify as SipRequest;
    expect(request.method).toBe("NOTIFY");
    expect(request.uri).toBe("sip:172.16.18.90:5060");
    expect(request.callId).toBe("1930770594@ciccio");
    expect(request.headers.get("subscription-state")).toBe("terminated;reason=timeout");
    expect(request.headers.get("content-type")).toBe("application/url");
    expect(Buffer.from(request.body).toString()).toBe(`${URL}00135E874B49.xml`);
    // From and To swapped: the phone's tag is in To, the box's in From.
    expect(request.headers.get("to")).toContain("tag=658512961");
    expect(request.from?.params.get("tag")).toBe(
      (ok as SipResponse).to?.params.get("tag") as string,
    );
    expect(found).toEqual([
      {
        mac: "00135e874b49",
        vendor: "snom",
        model: "snom720",
        firmware: "7.1.19",
        address: "192.0.2.77",
      },
    ]);
  });

  test("Grandstream and Yealink get the folder's URL", () => {
    for (const fixture of ["grandstream_grp2612w_subscribe.sip", "yealink_w52p_subscribe.sip"]) {
      loop.deliver(readFileSync(join(FIXTURES, fixture)), PHONE);
      const [, notify] = sent();
      expect(Buffer.from((notify as SipRequest).body).toString()).toBe(URL);
    }
    expect(found.map((d) => d.mac)).toEqual(["c074ad112233", "001565f4f9e1"]);
  });

  test("PnP off, another event, or no MAC: refused, nothing listed or sent", () => {
    const yealink = readFileSync(join(FIXTURES, "yealink_w52p_subscribe.sip"), "latin1");
    enabled = false;
    loop.deliver(yealink, PHONE);
    expect(sent().map((m) => (m as SipResponse).status)).toEqual([489]);
    enabled = true;
    loop.deliver(
      yealink.replace(/^Event: .*$/m, "Event: presence").replace("z9hG4bK1", "z9hG4bK2"),
      PHONE,
    );
    const [bad] = sent() as SipResponse[];
    expect(bad!.status).toBe(489);
    expect(bad!.headers.get("allow-events")).toBe("ua-profile");
    loop.deliver(
      yealink.replace(/MAC001565f4f9e1/g, "phone").replace("z9hG4bK1", "z9hG4bK3"),
      PHONE,
    );
    expect(sent().map((m) => (m as SipResponse).status)).toEqual([400]);
    expect(found).toEqual([]);
  });
});

describe("parsing", () => {
  test("the Event's parameters, unquoted", () => {
    const event = parseEvent(
      'ua-profile;profile-type="device";vendor="Grandstream";model="GRP2612W";version="1.0.5.67"',
    );
    expect(event?.name).toBe("ua-profile");
    expect(event?.params.get("vendor")).toBe("Grandstream");
    expect(event?.params.get("version")).toBe("1.0.5.67");
    expect(parseEvent('ua-profile;vendor="open')).toBeUndefined();
  });

  test("the MAC of each vendor's Request-URI", () => {
    expect(macOfPnpUri("sip:MAC%3AC074AD112233@224.0.1.75")).toBe("c074ad112233");
    expect(macOfPnpUri("sip:MAC%3a00135E874B49@fake")).toBe("00135e874b49");
    expect(macOfPnpUri("sip:MAC001565f4f9e1@224.0.1.75")).toBe("001565f4f9e1");
    expect(macOfPnpUri("sip:MAC%zz@host")).toBeUndefined();
    expect(macOfPnpUri("sip:224.0.1.75")).toBeUndefined();
  });
});
