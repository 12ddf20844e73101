// Adapts the SIP digest server (firmware/sip/auth) to what the registrar and the call engine
// ask of it. The box has one digest server (one nonce secret, one nc table) for REGISTER and
// INVITE alike: main.ts builds one authenticator and hands it to both.

import type { DigestServer } from "../sip/auth/digest-server.ts";
import type { DigestAuthenticator, DigestVerdict } from "./registrar.ts";

export function digestAuthenticator(server: DigestServer): DigestAuthenticator {
  return {
    challenge: (stale) => server.challenge({ stale }),
    verify(authorization, request, ha1): DigestVerdict {
      const result = server.verify(
        authorization,
        { method: request.method, uri: request.uri },
        (username, _realm, algorithm) => {
          const known = ha1(username);
          if (!known) return undefined;
          return { ha1: algorithm === "MD5" ? known.md5 : known.sha256 };
        },
      );
      if (result.ok) return { kind: "ok", username: result.username };
      switch (result.error) {
        case "stale":
          return { kind: "stale" };
        case "bad-response":
        case "unknown-user":
          return { kind: "failed", reason: result.error };
        case "uri-mismatch":
          return { kind: "bad-request", reason: "Digest URI Mismatch" };
        default:
          return { kind: "rechallenge" };
      }
    },
  };
}
