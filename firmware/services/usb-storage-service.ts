// SPEC DEV-5: the USB stick as the box uses it. When a stick is mounted, new recordings go to
// it (unless the admin keeps them on the box), and new voicemail messages when the admin sends
// them there (voicemail stays on the box by default: a mailbox should not depend on a stick
// someone may pull). Each file is written on the data volume and moved to the stick once
// whole, so pulling the stick mid-call or filling it loses nothing. Safe eject stops new
// moves, waits for the ones under way, then unmounts. Sticks are noticed by polling the board's
// block devices every POLL_MS; one nobody mounted is mounted by the board's port at that look.
import { join } from "node:path";
import type { EjectResult, UsbStorage, UsbVolume } from "../../board/usb-storage/usb-storage.ts";

export const POLL_MS = 2_000;
/** Room kept free on a stick besides the file being moved (its folders, the file system's own). */
export const USB_MARGIN_BYTES = 4 * 1024 * 1024;

export type StorageTarget = "usb" | "internal";
export const RECORDINGS_TARGET_KEY = "storage.recordingsTo";
export const VOICEMAIL_TARGET_KEY = "storage.voicemailTo";

/** A store that keeps files on the data volume and moves new ones to another. */
export interface VolumeUser {
  setVolume(name: string, dir: string | undefined, useForNew?: boolean): void;
  idle(): Promise<void>;
}

export interface UsbStorageServiceOptions {
  usb: UsbStorage;
  recordings: VolumeUser;
  voicemail?: VolumeUser;
  settings: { get<T>(key: string, fallback: T): T; set(key: string, value: unknown): void };
  clock: { setTimer(delayMs: number, fire: () => void): { cancel(): void } };
  log: { info(message: string, fields?: Record<string, unknown>): void };
}

export interface StorageView {
  /** The mounted stick, or null. */
  usb: UsbVolume | null;
  recordingsTo: StorageTarget;
  voicemailTo: StorageTarget;
}

export interface StorageTargets {
  recordingsTo?: StorageTarget;
  voicemailTo?: StorageTarget;
}

/** Who moves files to the stick: its folder there, its setting and the default of that. */
interface Mover {
  user: VolumeUser;
  folder: string;
  key: string;
  fallback: StorageTarget;
}

export class UsbStorageService {
  #mounted: UsbVolume | null = null;
  #ejecting = false;
  #timer: { cancel(): void } | null = null;
  #mounting = false;

  readonly #movers: Mover[];

  constructor(private readonly options: UsbStorageServiceOptions) {
    this.#movers = [
      {
        user: options.recordings,
        folder: "recordings",
        key: RECORDINGS_TARGET_KEY,
        fallback: "usb",
      },
    ];
    if (options.voicemail)
      this.#movers.push({
        user: options.voicemail,
        folder: "voicemail",
        key: VOICEMAIL_TARGET_KEY,
        fallback: "internal",
      });
  }

  start(): void {
    this.#poll();
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  view(): StorageView {
    return {
      usb: this.#stick() ?? null,
      recordingsTo: this.recordingsTo(),
      voicemailTo: this.options.settings.get<StorageTarget>(VOICEMAIL_TARGET_KEY, "internal"),
    };
  }

  recordingsTo(): StorageTarget {
    return this.options.settings.get<StorageTarget>(RECORDINGS_TARGET_KEY, "usb");
  }

  /** Where new recordings and new voicemail messages go while a stick is mounted. */
  setTargets(targets: StorageTargets): StorageView {
    if (targets.recordingsTo)
      this.options.settings.set(RECORDINGS_TARGET_KEY, targets.recordingsTo);
    if (targets.voicemailTo) this.options.settings.set(VOICEMAIL_TARGET_KEY, targets.voicemailTo);
    this.#apply(this.#mounted);
    return this.view();
  }

  /** `pbx/<name>` on the mounted stick (made when asked), or undefined without one. */
  folder(name: string): string | undefined {
    const stick = this.#ejecting ? undefined : this.#stick();
    return stick ? join(stick.mountPoint, "pbx", name) : undefined;
  }

  /** Whether the stick has room for `bytes` more, keeping a margin. */
  hasRoomFor(bytes: number): boolean {
    const stick = this.#stick();
    return stick !== undefined && stick.freeBytes >= bytes + USB_MARGIN_BYTES;
  }

  /** Finishes what is being moved to the stick, then unmounts it. */
  async eject(): Promise<EjectResult> {
    const stick = this.#mounted;
    if (!stick || this.#ejecting) return { ok: false, message: "no USB stick is mounted" };
    this.#ejecting = true;
    try {
      // New files stay on the box; those already finished for the stick go there first.
      for (const m of this.#movers) m.user.setVolume("usb", this.#dirOf(stick, m), false);
      await Promise.all(this.#movers.map((m) => m.user.idle()));
      for (const m of this.#movers) m.user.setVolume("usb", undefined);
      const result = await this.options.usb.eject(stick.device);
      if (!result.ok) {
        this.#apply(stick);
        return result;
      }
      this.#mounted = null;
      this.options.log.info("USB stick ejected", { device: stick.device });
      return result;
    } finally {
      this.#ejecting = false;
    }
  }

  #stick(): UsbVolume | undefined {
    return this.options.usb.list()[0];
  }

  #poll(): void {
    if (!this.#ejecting) {
      this.#look();
      void this.#mountInserted();
    }
    this.#timer = this.options.clock.setTimer(POLL_MS, () => this.#poll());
  }

  #look(): void {
    const stick = this.#stick() ?? null;
    if (stick?.mountPoint === this.#mounted?.mountPoint) return;
    this.options.log.info(stick ? "USB stick mounted" : "USB stick gone", {
      device: (stick ?? this.#mounted)?.device,
    });
    this.#mounted = stick;
    this.#apply(stick);
  }

  /** A stick inserted but not mounted is mounted now and used at once. */
  async #mountInserted(): Promise<void> {
    if (this.#mounting) return;
    this.#mounting = true;
    try {
      const mounted = await this.options.usb.mountInserted();
      if (mounted.length > 0 && !this.#ejecting) this.#look();
    } catch (error) {
      this.options.log.info("USB stick not mounted", { error: String(error) });
    } finally {
      this.#mounting = false;
    }
  }

  #apply(stick: UsbVolume | null): void {
    for (const m of this.#movers) {
      if (!stick) m.user.setVolume("usb", undefined);
      else
        m.user.setVolume(
          "usb",
          this.#dirOf(stick, m),
          this.options.settings.get<StorageTarget>(m.key, m.fallback) === "usb",
        );
    }
  }

  #dirOf(stick: UsbVolume, mover: Mover): string {
    return join(stick.mountPoint, "pbx", mover.folder);
  }
}
