// SPEC PROV-2: the files phones fetch at boot. The phone is known by the MAC in the file name
// (else in its User-Agent) and gets a file only when the operator has assigned it accounts;
// its vendor is the one stored for it (PnP or the operator), else its User-Agent's, and the
// file name must be one that vendor's firmware asks for. A phone given HTTP credentials must
// answer an RFC 7616 digest challenge. Every fetch is logged with the phone, file, address and
// outcome, never a password.

import { DigestServer } from "../sip/auth/digest-server.ts";
import type { Clock } from "../sip/clock.ts";
import type { Logger } from "../sip/logger.ts";
import { type AccountSecret, type BoxAddress, renderPhoneFile } from "./phone-config.ts";
import { macFromFileName, macFromUserAgent } from "./phone-mac.ts";
import type { PhoneRecord, PhoneService } from "./phone-service.ts";
import { vendorOf } from "./phone-vendors.ts";

export interface FileRequest {
  file: string;
  method: string;
  /** The request target as sent, which a digest answer must name. */
  uri: string;
  userAgent: string;
  authorization?: string;
  address: string;
}

export type FileAnswer =
  | { status: 200; body: string; contentType: string }
  | { status: 401; challenge: string[] }
  | { status: 403 | 404; reason: string };

export interface ProvisioningFilesOptions {
  phones: PhoneService;
  box: () => BoxAddress;
  account(number: string): AccountSecret | undefined;
  /** The extension a quick registration code (SPEC EXT-4, PROV-1) belongs to. */
  quickCodeOwner(code: string): string | undefined;
  /** Whether PnP is on: quick codes are refused then (SPEC PROV-1). */
  pnpEnabled(): boolean;
  /** A quick code served its phone: the extension gets a new one (codes are single use). */
  quickCodeUsed(number: string): void;
  clock: Clock;
  log: Logger;
}

/** `quick-123.cfg`: the file a phone's first-boot wizard asks for with a quick code. */
const QUICK_FILE = /^quick-([0-9]{3})\.cfg$/;

/** A quick-code phone: its one account, no keys (the manual: codes set no DSS keys). */
function quickPhone(number: string): PhoneRecord {
  return {
    mac: "000000000000",
    vendor: "",
    model: "",
    firmware: "",
    address: "",
    source: "manual",
    maxLines: 1,
    lines: [number],
    blfKeys: [],
    speedDials: [],
    idleText: "",
    callWaiting: true,
    httpUser: "",
    httpPassword: "",
    hasHttpPassword: false,
    assigned: true,
    assignedBy: null,
    assignedAt: null,
    discoveredAt: null,
    lastFetchAt: null,
  };
}

export const PROVISIONING_REALM = "pbx provisioning";

export class ProvisioningFiles {
  readonly #options: ProvisioningFilesOptions;
  readonly #digest: DigestServer;

  constructor(options: ProvisioningFilesOptions) {
    this.#options = options;
    this.#digest = new DigestServer({
      realm: PROVISIONING_REALM,
      clock: options.clock,
      algorithms: ["MD5"],
      // Phones fetch their files a few times a day, not thousands of times a second as they
      // register: 4,096 live nonces cover every phone of the box rebooting at once, in 48 KB
      // instead of the 768 KB the SIP side's table takes.
      trackedNonces: 4096,
    });
  }

  /** Answers one fetch; the outcome is logged. */
  serve(request: FileRequest): FileAnswer {
    const answer = this.#answer(request);
    const fields = {
      // A quick code is as good as a password for its extension: kept out of the log.
      file: request.file.replace(QUICK_FILE, "quick-***.cfg"),
      address: request.address,
      userAgent: request.userAgent.slice(0, 120),
      status: answer.status,
      ...("reason" in answer ? { reason: answer.reason } : {}),
    };
    if (answer.status === 200) this.#options.log.info("phone file served", fields);
    else this.#options.log.warn("phone file refused", fields);
    return answer;
  }

  #answer(request: FileRequest): FileAnswer {
    const { phones } = this.#options;
    const quick = QUICK_FILE.exec(request.file);
    if (quick) return this.#quick(quick[1]!, request);
    const mac = macFromFileName(request.file) ?? macFromUserAgent(request.userAgent);
    const fromUserAgent = macFromUserAgent(request.userAgent);
    // A Yealink common file names the model, not the phone: the phone is its User-Agent's MAC.
    const phoneMac = /^y0000000000/i.test(request.file) ? fromUserAgent : mac;
    if (!phoneMac) return { status: 404, reason: "no MAC in the file name or User-Agent" };
    const phone = phones.get(phoneMac);
    if (!phone?.assigned) return { status: 404, reason: `phone ${phoneMac} is not assigned` };
    const vendor = vendorOf(phone.vendor) ?? vendorOf(request.userAgent);
    const file = vendor?.files.find((f) => f.name.test(request.file));
    if (!vendor || !file)
      return { status: 404, reason: `not a file a ${phone.vendor || "known"} phone asks for` };
    if (phone.httpUser !== "") {
      const refused = this.#authorize(request, phone.httpUser, phone.httpPassword);
      if (refused) return refused;
    }
    const body = renderPhoneFile(file, phone, this.#options.box(), this.#options.account);
    phones.fetched(phone.mac);
    return { status: 200, body, contentType: file.contentType };
  }

  /**
   * SPEC PROV-1: the phone's wizard typed a quick code (the manual: the box's own H81 and
   * H83 ask for it); the answer is that phone's file for the extension (server, account,
   * password, LDAP phonebook), no keys. Refused while PnP is on. A code serves one phone: the
   * extension then gets a new code, and a phone whose User-Agent carries its MAC joins the
   * claim list with that account.
   */
  #quick(code: string, request: FileRequest): FileAnswer {
    if (this.#options.pnpEnabled())
      return { status: 403, reason: "quick registration codes are off while PnP is on" };
    const number = this.#options.quickCodeOwner(code);
    if (!number) return { status: 404, reason: "no such quick code" };
    const file = vendorOf("box")!.files[0]!;
    const body = renderPhoneFile(
      file,
      quickPhone(number),
      this.#options.box(),
      this.#options.account,
    );
    const mac = macFromUserAgent(request.userAgent);
    if (mac)
      this.#options.phones.claimedByCode({
        mac,
        userAgent: request.userAgent,
        address: request.address,
        number,
      });
    this.#options.quickCodeUsed(number);
    return { status: 200, body, contentType: file.contentType };
  }

  #authorize(request: FileRequest, user: string, password: string): FileAnswer | undefined {
    if (!request.authorization) return { status: 401, challenge: this.#digest.challenge() };
    const verified = this.#digest.verify(
      request.authorization,
      { method: request.method, uri: request.uri },
      (username) => (username === user ? { password } : undefined),
    );
    if (verified.ok) return undefined;
    if (verified.error === "stale")
      return { status: 401, challenge: this.#digest.challenge({ stale: true }) };
    return { status: 403, reason: `wrong HTTP credentials (${verified.error})` };
  }
}
