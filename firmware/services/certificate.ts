// The box's own TLS certificate (SPEC WEB-2), made once at first boot: a self-signed X.509 v3
// certificate (RFC 5280) on an ECDSA P-256 key, naming the box's host name and addresses.

import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";
import {
  bitString,
  bool,
  der,
  explicit,
  integer,
  octets,
  oid,
  sequence,
  set,
  time,
  utf8,
} from "./der.ts";

export interface Certificate {
  cert: string;
  key: string;
}

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

/** A self-signed certificate for `commonName`, valid `years` years from `now`. */
export function makeSelfSignedCertificate(
  commonName: string,
  altNames: readonly string[],
  now: Date,
  years = 20,
): Certificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const name = sequence(set(sequence(oid("2.5.4.3"), utf8(commonName))));
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const sans = altNames.map((n) => {
    if (isIP(n) === 4) return der(0x87, Uint8Array.from(n.split(".").map(Number)));
    return der(0x82, Buffer.from(n, "ascii"));
  });
  const extensions = explicit(
    3,
    sequence(
      sequence(oid("2.5.29.19"), bool(true), octets(sequence())), // basicConstraints: not a CA
      sequence(oid("2.5.29.17"), octets(sequence(...sans))), // subjectAltName
    ),
  );
  const tbs = sequence(
    explicit(0, integer(Uint8Array.of(2))), // v3
    integer(randomBytes(16)),
    algorithm,
    name,
    sequence(time(now), time(notAfter)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificate = sequence(tbs, algorithm, bitString(signature));
  return {
    cert: pem("CERTIFICATE", certificate),
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

function pem(label: string, bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}
