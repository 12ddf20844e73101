// End to end (SPEC ROUTE-1 site to site, ROUTE-2, ROUTE-4): two boxes joined by peer trunks,
// no REGISTER and no digest between them. Box A sends 7 + a number over its peer trunk to box
// B; B admits the INVITE because it comes from its peer trunk to A, and its inbound route rings
// its extension 2001, a real baresip phone, which answers: audio both ways, then BYE. Both
// boxes run on 127.0.0.1, and B has a second peer on 127.0.0.1 (another box, on another port)
// listed before A: the source port tells the two apart. An INVITE from 127.0.0.3, which is no
// peer, gets the digest challenge a phone gets and rings nothing. A's admin lists 2001 among
// its emergency numbers: 303, allowed only internal calls, dials 2001 as it is and rings B.
// 304 on A forwards every call to 7 2001 (SPEC CALL-2): 301's call to 304 rings 2001 on B.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Baresip, CALL_ENDED, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { udpPeer } from "../support/raw-sip.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

let boxA: RunningPbx;
let boxB: RunningPbx;
let onA: ReturnType<typeof boxApi>;
let onB: ReturnType<typeof boxApi>;
const dir = mkdtempSync(join(tmpdir(), "trunk-peer-"));

beforeAll(async () => {
  [boxA, boxB] = await Promise.all([startPbx(), startPbx()]);
  const [tokenA, tokenB] = await Promise.all([boxA.adminToken(), boxB.adminToken()]);
  onA = boxApi(boxA, tokenA);
  onB = boxApi(boxB, tokenB);
  expect(
    (await onA("POST", "/extensions", { number: "301", sipPassword: "Pass-301!" })).status,
  ).toBe(201);
  expect(
    (await onB("POST", "/extensions", { number: "2001", sipPassword: "Pass-2001!" })).status,
  ).toBe(201);
  const internalOnly = { number: "303", sipPassword: "Pass-303!", dialPermission: "internal" };
  expect((await onA("POST", "/extensions", internalOnly)).status).toBe(201);
  // A: a peer trunk to B by address and port, and the route 7 + B's number over it.
  const toB = { name: "Box B", kind: "peer", host: "127.0.0.1", port: boxB.ports.sip };
  expect((await onA("POST", "/trunks", toB)).status).toBe(201);
  const route = { name: "To B", prefix: "7", patterns: ["X."], trunks: ["Box B"] };
  expect((await onA("POST", "/outbound-routes", route)).status).toBe(201);
  // B: another box on the same host first, then the peer trunk to A; calls from A ring 2001.
  const other = { name: "Box C", kind: "peer", host: "127.0.0.1", port: await freePort() };
  expect((await onB("POST", "/trunks", other)).status).toBe(201);
  const toA = { name: "Box A", kind: "peer", host: "127.0.0.1", port: boxA.ports.sip };
  expect((await onB("POST", "/trunks", toA)).status).toBe(201);
  const inbound = {
    name: "From A",
    trunk: "Box A",
    didPattern: "2001",
    destination: "extension:2001",
  };
  expect((await onB("POST", "/inbound-routes", inbound)).status).toBe(201);
  await writeToneWav(join(dir, "a.wav"), 1000);
  await writeToneWav(join(dir, "b.wav"), 600);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await Promise.all([boxA?.stop(), boxB?.stop()]);
  rmSync(dir, { recursive: true, force: true });
}, SETUP_BOUND_MS);

describe("a call between two boxes over peer trunks", () => {
  test("301 on A dials 7 2001: B takes it from its peer A without registration, 2001 answers, audio both ways, BYE", async () => {
    const caller = await phone(boxA, "301", "a.wav");
    const callee = await phone(boxB, "2001", "b.wav");
    try {
      await caller.command("dial", `sip:72001@127.0.0.1:${boxA.ports.sip}`);
      await callee.waitFor(/Incoming call|ringing/i, 10_000);
      await callee.command("accept");
      const onBoxA = await until(
        () => onA("GET", "/calls"),
        (r) => r.json.items[0]?.state !== "ringing",
      );
      expect(onBoxA.json.items[0]).toMatchObject({
        state: "answered",
        caller: "301",
        callee: "72001",
      });
      const onBoxB = await onB("GET", "/calls");
      expect(onBoxB.json.items[0]).toMatchObject({ state: "answered", callee: "2001" });
      await Bun.sleep(4000);
      await caller.command("hangup");
      await callee.waitFor(CALL_ENDED);
      // The BYE crossed both boxes: neither keeps the call.
      await until(
        () => onB("GET", "/calls"),
        (r) => r.json.items.length === 0,
      );
      await until(
        () => onA("GET", "/calls"),
        (r) => r.json.items.length === 0,
      );
    } finally {
      await caller.stop();
      await callee.stop();
    }
    expect(toneShare(callee.dumps()[0]!, 1000, 1, 3.5)).toBeGreaterThan(0.9);
    expect(toneShare(caller.dumps()[0]!, 600, 1, 3.5)).toBeGreaterThan(0.9);
    const sent = await until(
      () => onA("GET", "/cdr?caller=301"),
      (r) => r.json.items.length > 0,
    );
    expect(sent.json.items[0]).toMatchObject({
      status: "answered",
      type: "outbound",
      callee: "72001",
      trunk: "Box B",
    });
    // B names the trunk the call came in on: its peer A, not the other box on 127.0.0.1.
    const received = await until(
      () => onB("GET", "/cdr"),
      (r) => r.json.items.length > 0,
    );
    expect(received.json.items[0]).toMatchObject({
      status: "answered",
      type: "inbound",
      finalCallee: "2001",
      trunk: "Box A",
    });
  }, 60_000);

  test("a call to 304 on A, forwarded always to 7 2001, rings 2001 on B through the trunk: audio both ways", async () => {
    expect(
      (await onA("POST", "/extensions", { number: "304", sipPassword: "Pass-304!" })).status,
    ).toBe(201);
    expect((await onA("PUT", "/call-forwards/304/always", { number: "72001" })).status).toBe(200);
    const caller = await phone(boxA, "301", "a.wav");
    const callee = await phone(boxB, "2001", "b.wav");
    try {
      await caller.command("dial", `sip:304@127.0.0.1:${boxA.ports.sip}`);
      await callee.waitFor(/Incoming call|ringing/i, 10_000);
      await callee.command("accept");
      await caller.waitFor(/Call established/, 10_000);
      await Bun.sleep(4000);
      await caller.command("hangup");
      await callee.waitFor(CALL_ENDED);
    } finally {
      await caller.stop();
      await callee.stop();
    }
    expect(toneShare(callee.dumps().at(-1)!, 1000, 1, 3.5)).toBeGreaterThan(0.9);
    expect(toneShare(caller.dumps().at(-1)!, 600, 1, 3.5)).toBeGreaterThan(0.9);
    const record = await until(
      () => onA("GET", "/cdr?caller=301"),
      (r) => r.json.items.some((c: { callee: string }) => c.callee === "304"),
    );
    expect(record.json.items.find((c: { callee: string }) => c.callee === "304")).toMatchObject({
      status: "answered",
      trunk: "Box B",
    });
  }, 60_000);

  test("an INVITE from 127.0.0.3, which is no peer, gets the digest challenge and rings nothing", async () => {
    const callee = await phone(boxB, "2001", "b.wav");
    const stranger = await udpPeer(boxB.ports.sip, "127.0.0.3");
    try {
      const body =
        "v=0\r\no=- 1 1 IN IP4 127.0.0.3\r\ns=-\r\nc=IN IP4 127.0.0.3\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
      stranger.send(
        [
          `INVITE sip:2001@127.0.0.1:${boxB.ports.sip} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.3:${stranger.port};branch=z9hG4bKnopeer1;rport`,
          "Max-Forwards: 70",
          "From: <sip:301@127.0.0.3>;tag=n1",
          "To: <sip:2001@127.0.0.1>",
          "Call-ID: no-peer-1@127.0.0.3",
          "CSeq: 1 INVITE",
          `Contact: <sip:301@127.0.0.3:${stranger.port}>`,
          "Content-Type: application/sdp",
          `Content-Length: ${body.length}`,
          "",
          body,
        ].join("\r\n"),
      );
      const answer = await stranger.expect((r) => r.status >= 200, 5000);
      expect(answer.status).toBe(401);
      await Bun.sleep(1000);
      expect(callee.output()).not.toMatch(/Incoming call/i);
      expect((await onB("GET", "/calls")).json.items).toEqual([]);
    } finally {
      stranger.close();
      await callee.stop();
    }
  }, 30_000);

  test("a number A's admin lists as an emergency number goes out for an internal-only extension, without the prefix", async () => {
    const caller = await phone(boxA, "303", "a.wav");
    const callee = await phone(boxB, "2001", "b.wav");
    try {
      // Not listed: the internal class keeps 303 inside the box.
      await caller.command("dial", `sip:72001@127.0.0.1:${boxA.ports.sip}`);
      await caller.waitFor(/403 Not Permitted \(internal, needs local\)/);
      const listed = await onA("PUT", "/dial-permissions/emergency-numbers", {
        numbers: ["110", "119", "120", "2001"],
      });
      expect(listed.status).toBe(200);
      await until(
        () => onA("GET", "/calls"),
        (r) => r.json.items.length === 0,
      );
      await caller.command("dial", `sip:2001@127.0.0.1:${boxA.ports.sip}`);
      await callee.waitFor(/Incoming call|ringing/i, 10_000);
      await callee.command("accept");
      const answered = await until(
        () => onA("GET", "/calls"),
        (r) => r.json.items[0]?.state === "answered",
      );
      expect(answered.json.items[0]).toMatchObject({ caller: "303", callee: "2001" });
      await caller.command("hangup");
      // Hung up as soon as answered: under a second, which baresip ends without its "Call with
      // ... terminated" line. The phone's only call, so any of its end lines will do.
      await callee.waitFor(/terminated|closed|BYE/i);
    } finally {
      await caller.stop();
      await callee.stop();
    }
  }, 40_000);
});

/** A registered baresip phone of `pbx` speaking `wav`, recording what it hears. */
function phone(pbx: RunningPbx, extension: string, wav: string): Promise<Baresip> {
  return startRegisteredBaresip({
    extension,
    password: `Pass-${extension}!`,
    pbxPort: pbx.ports.sip,
    sourceWav: join(dir, wav),
    record: true,
  });
}
