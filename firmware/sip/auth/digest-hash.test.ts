import { describe, expect, test } from "bun:test";
import { digestResponse, equalHex, ha1, hashHex, parseAlgorithm } from "./digest-hash.ts";

describe("digest computations against the RFC examples", () => {
  test("RFC 2617 §3.5: Mufasa / Circle Of Life", () => {
    expect(
      digestResponse({
        algorithm: "MD5",
        ha1: ha1("Mufasa", "testrealm@host.com", "Circle Of Life"),
        method: "GET",
        uri: "/dir/index.html",
        nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        qop: "auth",
        nc: "00000001",
        cnonce: "0a4f113b",
      }),
    ).toBe("6629fae49393a05397450978507c4ef1");
  });

  const rfc7616 = {
    method: "GET",
    uri: "/dir/index.html",
    nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    qop: "auth",
    nc: "00000001",
    cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  };

  test("RFC 7616 §3.9.1 with MD5", () => {
    const key = ha1("Mufasa", "http-auth@example.org", "Circle of Life", "MD5");
    expect(digestResponse({ ...rfc7616, algorithm: "MD5", ha1: key })).toBe(
      "8ca523f5e9506fed4657c9700eebdbec",
    );
  });

  test("RFC 7616 §3.9.1 with SHA-256", () => {
    const key = ha1("Mufasa", "http-auth@example.org", "Circle of Life", "SHA-256");
    expect(digestResponse({ ...rfc7616, algorithm: "SHA-256", ha1: key })).toBe(
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
  });

  test("RFC 2069 form without qop is H(HA1:nonce:HA2)", () => {
    const key = ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
    const ha2 = hashHex("MD5", "GET:/dir/index.html");
    expect(
      digestResponse({
        algorithm: "MD5",
        ha1: key,
        method: "GET",
        uri: "/dir/index.html",
        nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      }),
    ).toBe(hashHex("MD5", `${key}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${ha2}`));
  });

  test("SHA-512/256 is the truncated SHA-512 variant, not SHA-512 cut short", () => {
    // FIPS 180-4 example value for "abc".
    expect(hashHex("SHA-512-256", "abc")).toBe(
      "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
    );
  });

  test("algorithm names are case-insensitive; absent means MD5; unknown is undefined", () => {
    expect(parseAlgorithm("sha-256")).toBe("SHA-256");
    expect(parseAlgorithm(undefined)).toBe("MD5");
    expect(parseAlgorithm("SHA-1")).toBeUndefined();
  });

  test("equalHex", () => {
    expect(equalHex("abcd", "abcd")).toBe(true);
    expect(equalHex("abcd", "abce")).toBe(false);
    expect(equalHex("abcd", "abc")).toBe(false);
  });
});
