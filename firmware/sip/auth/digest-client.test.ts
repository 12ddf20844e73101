import { describe, expect, test } from "bun:test";
import { parseAuthHeader } from "./auth-header.ts";
import { createAuthorization, DigestClient, pickChallenge } from "./digest-client.ts";
import { DigestServer } from "./digest-server.ts";

const RFC2617_CHALLENGE =
  'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
  'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

const RFC7616_CHALLENGES = [
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, ' +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
];
const RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
const GET = { method: "GET", uri: "/dir/index.html" };

describe("createAuthorization", () => {
  test("RFC 2617 §3.5: the whole Authorization value", () => {
    const result = createAuthorization(
      RFC2617_CHALLENGE,
      { username: "Mufasa", password: "Circle Of Life" },
      GET,
      { cnonce: "0a4f113b", nc: 1 },
    );
    expect(result).toEqual({
      ok: true,
      algorithm: "MD5",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      value:
        'Digest username="Mufasa", realm="testrealm@host.com", ' +
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", ' +
        'response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", ' +
        'opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
    });
  });

  test("RFC 7616 §3.9.1: SHA-256 and MD5 responses", () => {
    const credentials = { username: "Mufasa", password: "Circle of Life" };
    const responses = RFC7616_CHALLENGES.map((challenge) => {
      const result = createAuthorization(challenge, credentials, GET, { cnonce: RFC7616_CNONCE });
      if (!result.ok) throw new Error(result.error);
      expect(result.value).toContain("qop=auth, nc=00000001");
      return parseAuthHeader(result.value)!.params.get("response");
    });
    expect(responses).toEqual([
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
      "8ca523f5e9506fed4657c9700eebdbec",
    ]);
  });

  test("no qop in the challenge: RFC 2069 form without cnonce and nc", () => {
    const result = createAuthorization(
      'Digest realm="biloxi.com", nonce="abc"',
      { username: "bob", password: "zanzibar" },
      { method: "REGISTER", uri: "sip:biloxi.com" },
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).not.toContain("cnonce");
      expect(result.value).not.toContain("nc=");
      expect(result.value).not.toContain("algorithm");
    }
  });

  test("errors are values", () => {
    const creds = { username: "a", password: "b" };
    expect(createAuthorization("Basic realm=x", creds, GET)).toEqual({
      ok: false,
      error: "not-digest",
    });
    expect(createAuthorization('Digest realm="x"', creds, GET)).toEqual({
      ok: false,
      error: "malformed",
    });
    expect(createAuthorization('Digest realm="x", nonce="n", algorithm=SHA-1', creds, GET)).toEqual(
      {
        ok: false,
        error: "unsupported-algorithm",
      },
    );
    expect(createAuthorization('Digest realm="x", nonce="n", qop="auth-int"', creds, GET)).toEqual({
      ok: false,
      error: "unsupported-qop",
    });
    expect(createAuthorization("}{", creds, GET)).toEqual({ ok: false, error: "malformed" });
  });
});

describe("pickChallenge", () => {
  test("topmost supported wins (RFC 8760 §2.4)", () => {
    expect(pickChallenge(RFC7616_CHALLENGES)?.params.get("algorithm")).toBe("SHA-256");
    expect(pickChallenge(RFC7616_CHALLENGES, ["MD5"])?.params.get("algorithm")).toBe("MD5");
    expect(
      pickChallenge(["NoOneKnowsThisScheme opaque-data=here", RFC2617_CHALLENGE])?.params.get(
        "realm",
      ),
    ).toBe("testrealm@host.com");
    expect(pickChallenge(["garbage ="])).toBeUndefined();
  });
});

describe("DigestClient against DigestServer", () => {
  test("registers, then refreshes on the cached nonce with nc 2", () => {
    const clock = { now: () => 0 };
    const server = new DigestServer({ realm: "pbx.local", clock });
    const client = new DigestClient({ username: "1001", password: "s3cret!" });
    const lookup = () => ({ password: "s3cret!" });
    const register = { method: "REGISTER", uri: "sip:pbx.local" };
    expect(client.reuse(register)).toBeUndefined();
    const first = client.respond(server.challenge(), register);
    expect(first.ok && first.algorithm).toBe("SHA-256");
    if (!first.ok) return;
    expect(server.verify(first.value, register, lookup).ok).toBe(true);
    const second = client.reuse(register)!;
    expect(second.ok && second.value).toContain("nc=00000002");
    if (second.ok) expect(server.verify(second.value, register, lookup).ok).toBe(true);
  });
});
