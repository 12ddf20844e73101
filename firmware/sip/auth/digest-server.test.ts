import { describe, expect, test } from "bun:test";
import { parseAuthHeader } from "./auth-header.ts";
import type { Clock } from "./clock.ts";
import { createAuthorization } from "./digest-client.ts";
import { type DigestAlgorithm, ha1 } from "./digest-hash.ts";
import { type DigestSecretLookup, DigestServer } from "./digest-server.ts";

class ManualClock implements Clock {
  constructor(public nowMs = 1_700_000_000_000) {}
  now(): number {
    return this.nowMs;
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

const REALM = "pbx.local";
const secret = new Uint8Array(32).fill(7);

/** Extension 1001 stores per-algorithm HA1s; 1002 only has its plaintext password. */
const lookup: DigestSecretLookup = (username, realm, algorithm) => {
  if (username === "1001") return { ha1: ha1("1001", realm, "s3cret!", algorithm) };
  if (username === "1002") return { password: "pa$$word" };
  return undefined;
};

function setup(options: { algorithms?: DigestAlgorithm[]; requireQop?: boolean } = {}) {
  const clock = new ManualClock();
  const server = new DigestServer({ realm: REALM, clock, secret, ...options });
  return { clock, server };
}

const REGISTER = { method: "REGISTER", uri: "sip:pbx.local" };

function answer(challenge: string, password = "s3cret!", username = "1001", nc = 1) {
  const result = createAuthorization(challenge, { username, password }, REGISTER, {
    cnonce: "a1b2c3d4",
    nc,
  });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("DigestServer.challenge", () => {
  test("one header per algorithm, SHA-256 first, same nonce, qop=auth (RFC 8760 §2.3)", () => {
    const { server } = setup();
    const values = server.challenge();
    expect(values).toHaveLength(2);
    const [sha, md5] = values.map((v) => parseAuthHeader(v)!);
    expect(sha!.params.get("algorithm")).toBe("SHA-256");
    expect(md5!.params.get("algorithm")).toBe("MD5");
    expect(sha!.params.get("nonce")).toBe(md5!.params.get("nonce")!);
    expect(sha!.params.get("qop")).toBe("auth");
    expect(sha!.params.get("realm")).toBe(REALM);
    expect(sha!.params.has("stale")).toBe(false);
    expect(values[0]).toMatch(
      /^Digest realm="pbx\.local", nonce="[\w-]{43}", opaque="[\w-]+", algorithm=SHA-256, qop="auth"$/,
    );
  });

  test("stale=true on request, and fresh nonces differ", () => {
    const { server } = setup({ algorithms: ["MD5"] });
    const [a] = server.challenge({ stale: true });
    const [b] = server.challenge();
    expect(a).toEndWith(", stale=true");
    expect(parseAuthHeader(a!)!.params.get("nonce")).not.toBe(
      parseAuthHeader(b!)!.params.get("nonce"),
    );
  });
});

describe("DigestServer.verify", () => {
  test("MD5 and SHA-256 answers from a client verify against stored HA1", () => {
    for (const algorithm of ["MD5", "SHA-256"] as const) {
      const { server } = setup({ algorithms: [algorithm] });
      const result = server.verify(answer(server.challenge()[0]!), { method: "REGISTER" }, lookup);
      expect(result).toEqual({ ok: true, username: "1001", algorithm });
    }
  });

  test("plaintext-password users verify too", () => {
    const { server } = setup();
    const [challenge] = server.challenge();
    const auth = answer(challenge!, "pa$$word", "1002");
    expect(server.verify(auth, { method: "REGISTER" }, lookup)).toEqual({
      ok: true,
      username: "1002",
      algorithm: "SHA-256",
    });
  });

  test("RFC 2069 style (no qop) is accepted unless qop is required", () => {
    const lenient = setup({ algorithms: ["MD5"] });
    const bare = lenient.server.challenge()[0]!.replace(', qop="auth"', "");
    expect(lenient.server.verify(answer(bare), { method: "REGISTER" }, lookup).ok).toBe(true);
    const strict = setup({ algorithms: ["MD5"], requireQop: true });
    const bare2 = strict.server.challenge()[0]!.replace(', qop="auth"', "");
    expect(strict.server.verify(answer(bare2), { method: "REGISTER" }, lookup)).toMatchObject({
      ok: false,
      error: "malformed",
    });
  });

  test("wrong password is bad-response, with the username for rate limiting", () => {
    const { server } = setup();
    const [challenge] = server.challenge();
    expect(server.verify(answer(challenge!, "guess"), { method: "REGISTER" }, lookup)).toEqual({
      ok: false,
      error: "bad-response",
      username: "1001",
    });
  });

  test("the method is part of the digest: a REGISTER answer does not authorize an INVITE", () => {
    const { server } = setup();
    const auth = answer(server.challenge()[0]!);
    expect(server.verify(auth, { method: "INVITE" }, lookup)).toMatchObject({
      error: "bad-response",
    });
  });

  test("nonce older than 5 minutes is stale; the caller re-challenges with stale=true", () => {
    const { server, clock } = setup();
    const auth = answer(server.challenge()[0]!);
    clock.advance(5 * 60 * 1000);
    expect(server.verify(auth, { method: "REGISTER" }, lookup).ok).toBe(true);
    clock.advance(1);
    const auth2 = answer(server.challenge()[0]!);
    clock.advance(5 * 60 * 1000 + 1);
    expect(server.verify(auth2, { method: "REGISTER" }, lookup)).toEqual({
      ok: false,
      error: "stale",
      reason: "expired",
      username: "1001",
      algorithm: "SHA-256",
    });
  });

  test("tampered nonce (issue time moved forward) is never accepted", () => {
    const { server, clock } = setup({ algorithms: ["MD5"] });
    const challenge = server.challenge()[0]!;
    const nonce = parseAuthHeader(challenge)!.params.get("nonce")!;
    clock.advance(10 * 60 * 1000);
    const bytes = Buffer.from(nonce, "base64url");
    bytes.writeBigUInt64BE(BigInt(clock.nowMs), 0);
    const forged = challenge.replace(nonce, bytes.toString("base64url"));
    // A client that knows the password is told to fetch a new nonce; a guesser learns nothing.
    expect(server.verify(answer(forged), { method: "REGISTER" }, lookup)).toMatchObject({
      ok: false,
      error: "stale",
      reason: "unknown-nonce",
    });
    expect(server.verify(answer(forged, "guess"), { method: "REGISTER" }, lookup)).toMatchObject({
      ok: false,
      error: "bad-response",
    });
    const flipped = nonce.slice(0, 30) + (nonce[30] === "A" ? "B" : "A") + nonce.slice(31);
    expect(
      server.verify(answer(challenge.replace(nonce, flipped)), { method: "REGISTER" }, lookup).ok,
    ).toBe(false);
  });

  test("a nonce from before a reboot (other secret) is stale, not a password failure", () => {
    const clock = new ManualClock();
    const before = new DigestServer({ realm: REALM, clock, secret: new Uint8Array(32).fill(1) });
    const after = new DigestServer({ realm: REALM, clock, secret: new Uint8Array(32).fill(2) });
    const auth = answer(before.challenge()[0]!);
    expect(after.verify(auth, { method: "REGISTER" }, lookup)).toMatchObject({
      error: "stale",
      reason: "unknown-nonce",
    });
  });

  test("a nonce bound to one address does not verify from another", () => {
    const { server } = setup();
    const auth = answer(server.challenge({ bind: "192.168.1.20:5060" })[0]!);
    expect(server.verify(auth, { method: "REGISTER", bind: "192.168.1.20:5060" }, lookup).ok).toBe(
      true,
    );
    const auth2 = answer(server.challenge({ bind: "192.168.1.20:5060" })[0]!);
    expect(
      server.verify(auth2, { method: "REGISTER", bind: "10.0.0.9:5060" }, lookup),
    ).toMatchObject({
      error: "stale",
    });
  });

  test("nc replay: the same nc twice is refused, a higher nc on the same nonce passes", () => {
    const { server } = setup();
    const challenge = server.challenge()[0]!;
    const first = answer(challenge, "s3cret!", "1001", 1);
    expect(server.verify(first, { method: "REGISTER" }, lookup).ok).toBe(true);
    expect(server.verify(first, { method: "REGISTER" }, lookup)).toMatchObject({
      ok: false,
      error: "stale",
      reason: "nc-replay",
    });
    expect(
      server.verify(answer(challenge, "s3cret!", "1001", 2), { method: "REGISTER" }, lookup).ok,
    ).toBe(true);
    expect(
      server.verify(answer(challenge, "s3cret!", "1001", 2), { method: "REGISTER" }, lookup).ok,
    ).toBe(false);
  });

  test("credentials for one Request-URI do not authorize another (RFC 7616 §3.4.6)", () => {
    const { server } = setup({ algorithms: ["MD5"] });
    const challenge = server.challenge()[0]!;
    const invite = createAuthorization(
      challenge,
      { username: "1001", password: "s3cret!" },
      { method: "INVITE", uri: "sip:102@pbx.local" },
      { cnonce: "c1", nc: 1 },
    );
    if (!invite.ok) throw new Error(invite.error);
    // The same Authorization on an INVITE to an outside number is refused, whatever the nc.
    const replay = invite.value.replace("nc=00000001", "nc=00000002");
    expect(
      server.verify(replay, { method: "INVITE", uri: "sip:900861012345@pbx.local" }, lookup),
    ).toMatchObject({ ok: false, error: "uri-mismatch" });
    expect(
      server.verify(invite.value, { method: "INVITE", uri: "sip:102@PBX.local" }, lookup).ok,
    ).toBe(true);
  });

  test("an answer without qop is good for one request only", () => {
    const { server } = setup({ algorithms: ["MD5"] });
    const bare = server.challenge()[0]!.replace(', qop="auth"', "");
    const auth = answer(bare);
    expect(server.verify(auth, { method: "REGISTER" }, lookup).ok).toBe(true);
    expect(server.verify(auth, { method: "REGISTER" }, lookup)).toMatchObject({
      ok: false,
      error: "stale",
      reason: "nc-replay",
    });
  });

  test("nc replay is caught for the nonce's whole lifetime, however many nonces others use", () => {
    const { server, clock } = setup({ algorithms: ["MD5"] });
    const victim = answer(server.challenge()[0]!);
    expect(server.verify(victim, { method: "REGISTER" }, lookup).ok).toBe(true);
    // Another client fetches and uses thousands of nonces meanwhile.
    for (let i = 0; i < 5000; i++) {
      expect(server.verify(answer(server.challenge()[0]!), { method: "REGISTER" }, lookup).ok).toBe(
        true,
      );
    }
    clock.advance(4 * 60 * 1000);
    expect(server.verify(victim, { method: "REGISTER" }, lookup)).toMatchObject({
      ok: false,
      reason: "nc-replay",
    });
  });

  test("a nonce whose slot a newer nonce took is stale, never accepted", () => {
    const clock = new ManualClock();
    const server = new DigestServer({ realm: REALM, clock, secret, trackedNonces: 4 });
    const old = answer(server.challenge()[0]!);
    for (let i = 0; i < 4; i++) server.challenge();
    expect(server.verify(old, { method: "REGISTER" }, lookup)).toMatchObject({
      ok: false,
      error: "stale",
      reason: "superseded",
    });
    expect(server.verify(answer(server.challenge()[0]!), { method: "REGISTER" }, lookup).ok).toBe(
      true,
    );
  });

  test("an unknown user costs the same hashing as a wrong password", () => {
    const { server } = setup({ algorithms: ["SHA-256"] });
    const challenge = server.challenge()[0]!;
    const wrong = answer(challenge, "guess", "1001");
    const unknown = answer(challenge, "guess", "9999");
    const stored = { ha1: ha1("1001", REALM, "s3cret!", "SHA-256") };
    const lookupOne: DigestSecretLookup = (username) => (username === "1001" ? stored : undefined);
    // Timing in short alternating rounds, judged by the median round, so load elsewhere on
    // the machine hits both alike and a spike in one round does not decide.
    const ratios: number[] = [];
    for (let round = 0; round < 41; round++) {
      let t = performance.now();
      for (let i = 0; i < 100; i++) server.verify(wrong, { method: "REGISTER" }, lookupOne);
      const wrongMs = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < 100; i++) server.verify(unknown, { method: "REGISTER" }, lookupOne);
      ratios.push((performance.now() - t) / wrongMs);
    }
    ratios.sort((x, y) => x - y);
    expect(ratios[20]!).toBeGreaterThan(0.85);
  });

  test("unknown user, wrong realm, unsupported algorithm, malformed", () => {
    const { server } = setup({ algorithms: ["SHA-256"] });
    const challenge = server.challenge()[0]!;
    const verify = (auth: string) => server.verify(auth, { method: "REGISTER" }, lookup);
    expect(verify(answer(challenge, "x", "9999"))).toEqual({
      ok: false,
      error: "unknown-user",
      username: "9999",
    });
    expect(verify(answer(challenge.replace(REALM, "other.realm")))).toMatchObject({
      error: "wrong-realm",
    });
    expect(verify(answer(challenge.replace("SHA-256", "MD5")))).toMatchObject({
      error: "unsupported-algorithm",
    });
    expect(verify(answer(challenge).replace("algorithm=SHA-256", "algorithm=SHA-1"))).toMatchObject(
      {
        error: "unsupported-algorithm",
      },
    );
    const good = answer(challenge);
    expect(verify(good.replace("nc=00000001", "nc=1"))).toMatchObject({ error: "malformed" });
    expect(verify(good.replace(/, cnonce="[^"]*"/, ""))).toMatchObject({ error: "malformed" });
    expect(verify(good.replace("qop=auth", "qop=auth-int"))).toMatchObject({ error: "malformed" });
    expect(verify(good.replace(/uri="[^"]*", /, ""))).toMatchObject({ error: "malformed" });
    expect(verify("NoOneKnowsThisScheme opaque-data=here")).toEqual({
      ok: false,
      error: "malformed",
    });
    expect(verify('Digest username="1001", realm=')).toMatchObject({ error: "malformed" });
    expect(verify("")).toEqual({ ok: false, error: "malformed" });
  });

  test("verifications per second (printed, not asserted)", () => {
    const { server } = setup({ algorithms: ["MD5"] });
    const challenge = server.challenge()[0]!;
    const auths = Array.from({ length: 5000 }, (_, i) =>
      answer(challenge, "s3cret!", "1001", i + 1),
    );
    const stored = { ha1: ha1("1001", REALM, "s3cret!", "MD5") };
    const start = performance.now();
    let ok = 0;
    for (const auth of auths)
      if (server.verify(auth, { method: "REGISTER" }, () => stored).ok) ok++;
    const seconds = (performance.now() - start) / 1000;
    expect(ok).toBe(auths.length);
    console.log(`digest MD5 verify: ${Math.round(auths.length / seconds)} per second (one core)`);
  });
});
