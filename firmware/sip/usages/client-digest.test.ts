import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { DigestClient } from "../auth/digest-client.ts";
import { DigestServer } from "../auth/digest-server.ts";
import { buildRequest } from "../core/request-builder.ts";
import { createResponse } from "../message/response.ts";
import { answerChallenge } from "./client-digest.ts";

const clock = new ManualClock();

function invite() {
  return buildRequest({
    method: "INVITE",
    uri: "sip:013800138000@provider.example",
    to: "<sip:013800138000@provider.example>",
    from: "<sip:8881234@provider.example>",
    protocol: "UDP",
    sentBy: "192.0.2.1:5060",
    contact: "<sip:8881234@192.0.2.1:5060>",
    cseq: 7,
    body: new TextEncoder().encode("v=0\r\n"),
    contentType: "application/sdp",
  });
}

describe("answerChallenge", () => {
  for (const [status, challenge, credentials] of [
    [401, "www-authenticate", "authorization"],
    [407, "proxy-authenticate", "proxy-authorization"],
  ] as const) {
    test(`${status}: INVITE retried with ${credentials}, new branch, CSeq + 1`, () => {
      const server = new DigestServer({ realm: "provider", clock, algorithms: ["SHA-256", "MD5"] });
      const request = invite();
      const response = createResponse(request, status, { toTag: "x" });
      for (const value of server.challenge()) response.headers.add(challenge, value);
      const digest = new DigestClient({ username: "8881234", password: "pw-1" });
      const answer = answerChallenge(request, response, digest);
      if (!answer.ok) throw new Error(answer.error);
      const retry = answer.request;
      expect(retry.method).toBe("INVITE");
      expect(retry.cseq).toEqual({ seq: 8, method: "INVITE" });
      expect(retry.callId).toBe(request.callId);
      expect(retry.from?.params.get("tag")).toBe(request.from?.params.get("tag"));
      expect(retry.via?.params.get("branch")).not.toBe(request.via?.params.get("branch"));
      expect(new TextDecoder().decode(retry.body)).toBe("v=0\r\n");
      const verdict = server.verify(retry.headers.get(credentials)!, { method: "INVITE" }, () => ({
        password: "pw-1",
      }));
      expect(verdict).toMatchObject({ ok: true, algorithm: "SHA-256", username: "8881234" });
      // The original request is left as it was (it may still be retransmitted).
      expect(request.headers.get(credentials)).toBeUndefined();
    });
  }

  test("not a challenge, or no digest challenge we can answer: an error value", () => {
    const request = invite();
    const digest = new DigestClient({ username: "a", password: "b" });
    expect(answerChallenge(request, createResponse(request, 486), digest)).toEqual({
      ok: false,
      error: "not-a-challenge",
    });
    const basic = createResponse(request, 401);
    basic.headers.add("www-authenticate", 'Basic realm="x"');
    expect(answerChallenge(request, basic, digest)).toEqual({
      ok: false,
      error: "no-usable-challenge",
    });
  });
});
