// SPEC WEB-2: plain HTTP serves only the health probe and redirects everything else to HTTPS.
// The target host is never taken blindly from the request's Host header (a forged Host would
// turn the box into an open redirect to any site): the Host is used only when it is one of
// the box's own names or addresses, otherwise the box's configured address is used.
import { hostname, networkInterfaces } from "node:os";

export interface HttpsRedirectOptions {
  /** The port the HTTPS server listens on. */
  httpsPort: number;
  /** The box's address as configured or found at start (--advertise, else the LAN address). */
  ownAddress: string;
  /** Further names the box answers to (the bind address); its host name and interface addresses are added. */
  extraNames?: readonly string[];
}

/** The 308 redirect of a plain-HTTP request to the same path on the box's HTTPS port. */
export function httpsRedirect(request: Request, options: HttpsRedirectOptions): Response {
  const url = new URL(request.url);
  const given = hostOf(request.headers.get("Host") ?? "");
  const host = given !== undefined && boxNames(options).has(given) ? given : options.ownAddress;
  const target = new URL(`${url.pathname}${url.search}`, `https://${bracketed(host)}`);
  target.port = String(options.httpsPort);
  return Response.redirect(target.toString(), 308);
}

/** Every name and address of this box, lower case, IPv6 without brackets. */
export function boxNames(options: HttpsRedirectOptions): Set<string> {
  const names = new Set<string>(["localhost"]);
  const add = (name: string) => {
    const host = hostOf(name);
    if (host !== undefined && host !== "0.0.0.0" && host !== "::") names.add(host);
  };
  const own = hostname();
  add(own);
  add(`${own}.local`);
  add(options.ownAddress);
  for (const name of options.extraNames ?? []) add(name);
  for (const list of Object.values(networkInterfaces())) {
    for (const nic of list ?? []) add(nic.address.replace(/%.*$/, ""));
  }
  return names;
}

/** The host part of a Host header value ("[::1]:8080" -> "::1"), or undefined if malformed. */
function hostOf(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  const ipv6 = v.match(/^\[([0-9a-f:.]+)\](?::[0-9]{1,5})?$/);
  if (ipv6) return ipv6[1];
  if (/^[0-9a-f:]+:[0-9a-f:]*$/.test(v) && v.split(":").length > 2) return v; // bare IPv6
  const named = v.match(/^([a-z0-9.-]{1,253})(?::[0-9]{1,5})?$/);
  return named?.[1];
}

function bracketed(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
