// A self-signed certificate made by the box's own certificate code, for TLS servers in tests
// (a second box, a carrier) that the box under test connects to.

import {
  type Certificate,
  makeSelfSignedCertificate,
} from "../../firmware/services/certificate.ts";

/** A certificate for 127.0.0.1 and `names` (default `localhost`), valid from now. */
export function testCertificate(names: readonly string[] = ["localhost"]): Promise<Certificate> {
  return makeSelfSignedCertificate(
    { commonName: names[0] ?? "localhost", dnsNames: names, ipAddresses: ["127.0.0.1"] },
    new Date(),
    1,
  );
}
