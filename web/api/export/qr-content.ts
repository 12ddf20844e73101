// SPEC EXT-4: what the mobile softphone reads from an extension's QR code: extension,
// password, SIP port, LAN IP, transport and a fallback domain, as one JSON object.

export interface QrContentInput {
  extension: string;
  password: string;
  transport: "udp" | "tcp" | "tls";
  lanAddress: string;
  sipPort: number;
  sipTlsPort: number;
  fallbackDomain: string;
}

/** The text encoded in an extension's QR code. */
export function qrContent(input: QrContentInput): string {
  return JSON.stringify({
    extension: input.extension,
    password: input.password,
    sipPort: input.transport === "tls" ? input.sipTlsPort : input.sipPort,
    lanIp: input.lanAddress,
    transport: input.transport,
    fallbackDomain: input.fallbackDomain,
  });
}
