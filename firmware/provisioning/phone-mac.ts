// SPEC PROV-2: phones are known by their MAC. Firmware writes it in many ways (Yealink lower
// case, Snom and Grandstream upper case, colons or dashes in User-Agents); the box keeps one
// form: 12 lower-case hex digits. As FusionPBX does, the MAC of a request is the last run of
// 12 hex digits in the file name asked for, else the one in the User-Agent.

const BARE = /^[0-9a-f]{12}$/;

/** The MAC as the box keeps it (`001565aabbcc`), or undefined when `text` is not one. */
export function normalizeMac(text: string): string | undefined {
  const bare = text.trim().toLowerCase().replace(/[:.-]/g, "");
  return BARE.test(bare) ? bare : undefined;
}

/** `00:15:65:aa:bb:cc`, as people read it. */
export function displayMac(mac: string): string {
  return mac.match(/../g)?.join(":") ?? mac;
}

/**
 * The last 12 hex digits of the file name's last run of at least 12 (`cfg000b828aa872.xml`,
 * `y000000000066.cfg`); a prefix ending in a hex letter joins the run (`spa000e08aabbcc.xml`).
 */
export function macFromFileName(file: string): string | undefined {
  const runs = file.toLowerCase().match(/[0-9a-f]{12,}/g);
  return runs?.at(-1)?.slice(-12);
}

/**
 * The MAC in a User-Agent: `Yealink SIP-T46S 66.86.0.15 00:15:65:aa:bb:cc`,
 * `Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872`, `Fanvil X5U-V2 2.12.1 0c3800000000`.
 */
export function macFromUserAgent(userAgent: string): string | undefined {
  const found = userAgent.match(
    /(?<![0-9A-Fa-f:-])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])|(?<![0-9A-Fa-f])[0-9A-Fa-f]{12}(?![0-9A-Fa-f])/g,
  );
  const last = found?.at(-1);
  return last === undefined ? undefined : normalizeMac(last);
}
