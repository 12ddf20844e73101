// RFC 4475 and RFC 5118 torture messages sent to the running box over real sockets: each gets
// the answer the corpus's expected.csv allows (pinned below to what the box chose), nothing is
// answered twice, silence where silence is due, and the box keeps serving afterwards.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { optionsRequest, type RawPeer, streamPeer, udpPeer } from "../support/raw-sip.ts";

const FIXTURES = join(import.meta.dir, "..", "fixtures");

/** file -> status the box answers ("none" for silence). Each sits in expected.csv's set. */
const RFC4475: Record<string, number | "none"> = {
  "wsinv.sip": 481, // any final except 400: its To has a tag, a re-INVITE of no dialog here
  "intmeth.sip": 501,
  "esc01.sip": 401, // any final except 400: INVITEs are challenged first
  "escnull.sip": 401, // 401|403|404|200
  "esc02.sip": 501,
  "lwsdisp.sip": 200,
  "longreq.sip": 401, // any final except 400
  "dblreq.sip": 401, // exactly one response, to the REGISTER
  "semiuri.sip": 200,
  "transports.sip": 200,
  "mpart01.sip": 405, // any final except 400 (MESSAGE is not served)
  "unreason.sip": "none",
  "noreason.sip": "none",
  "badinv01.sip": 400,
  "clerr.sip": 400,
  "ncl.sip": 400,
  "scalar02.sip": 400,
  "scalarlg.sip": "none",
  "quotbal.sip": 400,
  "ltgtruri.sip": 400,
  "lwsruri.sip": 400,
  "lwsstart.sip": 400,
  "trws.sip": 400,
  "escruri.sip": 401, // 400 or process ignoring the escaped headers (processed: challenged)
  "baddate.sip": 401, // process (challenged)
  "regbadct.sip": 401, // 400 or 401 before the Contact is read
  "badaspec.sip": 400,
  "baddn.sip": 400,
  "badvers.sip": 505,
  "mismatch01.sip": 400,
  "mismatch02.sip": 400, // 501, 400 acceptable
  "bigcode.sip": "none",
  "badbranch.sip": 200, // 400 or process
  "insuf.sip": 400,
  "unkscm.sip": 416,
  "novelsc.sip": 416,
  "unksm2.sip": 400,
  "bext01.sip": 420,
  "invut.sip": 415,
  "regaut01.sip": 401,
  "multi01.sip": 400,
  "mcl01.sip": 400,
  "bcast.sip": "none",
  "zeromf.sip": 200,
  "cparam01.sip": 401, // 200 after auth: 401 first
  "cparam02.sip": 401,
  "regescrt.sip": 401,
  "sdp01.sip": 406,
  "inv2543.sip": 401, // process (challenged)
  "test.sip": "none",
};

const RFC5118: Record<string, number | "none"> = {
  "ipv6-good.sip": 401,
  "ipv6-bad.sip": 400,
  "port-ambiguous.sip": 401,
  "port-unambiguous.sip": 401,
  "via-received-param-with-delim.sip": 481,
  "via-received-param-no-delim.sip": 200,
  "ipv6-in-sdp.sip": 401, // processed: INVITEs are challenged first
  "mult-ip-in-header.sip": 481,
  "mult-ip-in-sdp.sip": 401,
  "ipv4-mapped-ipv6.sip": 401,
  "ipv6-bug-abnf-3-colons.sip": 400,
  "ipv6-correct-abnf-2-colons.sip": 200,
};

const transports = new Map(
  readFileSync(join(FIXTURES, "rfc4475", "expected.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const cols = line.split(",");
      return [cols[0]!, cols[cols.length - 1]!] as const;
    }),
);

let pbx: RunningPbx;
/** Final statuses received for each "dir/file", all sent at once on separate peers. */
const answers = new Map<string, number[]>();
beforeAll(async () => {
  pbx = await startPbx();
  const sends = [
    ...Object.keys(RFC4475).map((f) => ["rfc4475", f, transports.get(f) ?? "UDP"] as const),
    ...Object.keys(RFC5118).map((f) => ["rfc5118", f, "UDP"] as const),
  ];
  await Promise.all(
    sends.map(async ([dir, file, transport]) => {
      answers.set(
        `${dir}/${file}`,
        await answersTo(readFileSync(join(FIXTURES, dir, file)), transport),
      );
    }),
  );
});
afterAll(async () => {
  await pbx.stop();
});

async function answersTo(bytes: Buffer, transport: string): Promise<number[]> {
  let peer: RawPeer;
  if (transport === "TCP") peer = await streamPeer(pbx.ports.sip);
  else if (transport === "TLS") peer = await streamPeer(pbx.ports.sipTls, true);
  else peer = await udpPeer(pbx.ports.sip);
  peer.send(bytes);
  const responses = await peer.collect(800);
  peer.close();
  // A 100 Trying may precede the final answer to an INVITE, and an un-ACKed final answer to
  // an INVITE is retransmitted (Timer G): count distinct final answers.
  return [...new Set(responses.map((r) => r.status).filter((s) => s >= 200))];
}

describe("RFC 4475 torture messages", () => {
  for (const [file, expected] of Object.entries(RFC4475)) {
    test(`${file} -> ${expected}`, () => {
      expect(answers.get(`rfc4475/${file}`)).toEqual(expected === "none" ? [] : [expected]);
    });
  }
});

describe("RFC 5118 IPv6 torture messages", () => {
  for (const [file, expected] of Object.entries(RFC5118)) {
    test(`${file} -> ${expected}`, () => {
      expect(answers.get(`rfc5118/${file}`)).toEqual(expected === "none" ? [] : [expected]);
    });
  }
});

test("the box still answers OPTIONS after the whole corpus", async () => {
  const peer = await udpPeer(pbx.ports.sip);
  peer.send(optionsRequest(pbx.ports.sip, peer.port, `alive-${Date.now()}`));
  const ok = await peer.expect(200);
  expect(ok.headers.get("allow")).toContain("REGISTER");
  peer.close();
});
