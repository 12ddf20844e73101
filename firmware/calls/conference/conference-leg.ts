// SPEC CALL-5 (manual 电话会议): the box's side of one caller's call into a conference room.
// It answers, asks for the room's PIN ("请输入会议密码，按井号键结束") and takes keys until #
// from RFC 4733 events, SIP INFO or tones in the caller's audio (as the IVR does). The admin
// PIN makes the caller the room's admin, the guest PIN a guest; a wrong PIN hears "invalid"
// and may try again, three wrong ones (or no key for 20 s) hear "goodbye" and the box hangs
// up. With "announce joiners" on, the caller is asked to say its name after the tone and 3 s
// of its audio are kept for "<name> has joined". Then it enters the room (`ConferenceRoom`),
// which from then on takes its audio and gives it the mix.

import { DtmfDetector } from "../../../media/dsp/dtmf-detector.ts";
import { TonePlayer } from "../../../media/dsp/tone-player.ts";
import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { Clock, Timer } from "../../sip/clock.ts";
import { BoxLeg, LEAD_IN_MS, TAIL_MS } from "../apps/box-leg.ts";
import type { CalledLeg, JoiningLeg, Leg } from "../leg.ts";
import type { FrameSource, PlayingAudio } from "../media-port.ts";
import type { ConferenceMember } from "./conference-room.ts";

/** Wrong PINs before the box hangs up. */
export const PIN_ATTEMPTS = 3;
/** No key for this long ends the PIN step. */
export const PIN_KEY_TIMEOUT_MS = 20_000;
/** How long a joiner's recorded name is. */
export const NAME_MS = 3000;
/** A pause this long ends the number an admin dials to invite. */
export const DIAL_PAUSE_MS = 3000;
/** A signalled digit this soon after the same digit heard in-band is the same key press. */
const SAME_PRESS_MS = 500;

export type ConferenceRole = "admin" | "guest";

export interface ConferenceLegOptions {
  clock: Clock;
  /** The room's PINs and whether joiners say their name, read when the call comes in. */
  room(): { guestPin: string; adminPin: string; announceJoiners: boolean } | undefined;
  /** A built-in prompt in the caller's language. */
  clip(name: string): Int16Array | undefined;
  /** The caller is in: the room takes it from here. */
  enter(member: ConferenceMember): void;
  /** The leg ended (the caller hung up or was kicked). */
  left(leg: ConferenceLeg): void;
  /** The admin's invitation keys (0, the number, ** or *#); absent: no invitations. */
  invitations?: InvitationKeys;
  /**
   * The caller enters at once in this role, asked for no PIN and no name: the other party of
   * a call its peer made a conference (*0, manual 创建会议).
   */
  admitted?: ConferenceRole;
  log?(message: string, fields: Record<string, unknown>): void;
}

type Step = "pin" | "name-prompt" | "name" | "room" | "done";

/** What the admin's keys in the room ask for (manual 邀请与会者). */
export interface InvitationKeys {
  /** 0 was pressed: the admin hears dial tone. */
  dialTone(leg: ConferenceLeg): void;
  /** The number was dialled (# or a pause); "" gives up. */
  dial(leg: ConferenceLeg, number: string): void;
  /** ** brings the invited party into the room. */
  confirm(leg: ConferenceLeg): void;
  /** *# ends the invitation; the admin returns to the room. */
  drop(leg: ConferenceLeg): void;
}

/** The admin's keys in the room: talking, dialling an invitation, or with an invited party. */
type Keypad =
  | { mode: "talk" }
  | { mode: "dialling"; digits: string }
  | { mode: "inviting"; star: boolean };

export class ConferenceLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #o: ConferenceLegOptions;
  #peer: Leg | undefined;
  #step: Step = "pin";
  #digits = "";
  #wrong = 0;
  #timer: Timer | undefined;
  #playing: PlayingAudio | undefined;
  #stopListening: (() => void) | undefined;
  #inBand: { digit: string; atMs: number } | undefined;
  #name: Int16Array[] = [];
  #role: ConferenceRole | undefined;
  #keypad: Keypad = { mode: "talk" };
  /** The room's listener on the caller's audio, once in the room. */
  #roomTap: ((pcm: Int16Array) => void) | undefined;

  /** `room`: the dialled room number (90-99). */
  constructor(id: string, room: string, options: ConferenceLegOptions) {
    super(id, room);
    this.#o = options;
  }

  get role(): ConferenceRole | undefined {
    return this.#role;
  }

  /** Who called into the room. */
  get callerNumber(): string {
    return this.caller.number;
  }

  joined(peer: Leg): void {
    if (this.state !== "answered") return;
    this.#peer = peer;
    if (peer.audio) {
      const detector = new DtmfDetector();
      this.#stopListening = peer.audio.listen((pcm) => {
        if (this.#step === "name") this.#name.push(pcm.slice());
        if (this.#step === "room") this.#roomTap?.(pcm);
        // An analog line's tones are detected by its call and arrive as signalled digits.
        if (peer.digitsInBand) return;
        if (this.#step !== "pin" && !(this.#step === "room" && this.#role === "admin")) return;
        for (const press of detector.process(pcm)) {
          this.#inBand = { digit: press.digit, atMs: this.#o.clock.now() };
          this.#key(press.digit);
        }
      });
    }
    if (this.#o.admitted) {
      this.#role = this.#o.admitted;
      this.#enter();
      return;
    }
    this.#askPin([this.#silence(LEAD_IN_MS), ...this.#clips("conf/enter-pin")]);
  }

  /** A digit the caller signalled (RFC 4733, SIP INFO). */
  sendDigit(digit: string): void {
    const heard = this.#inBand;
    if (heard?.digit === digit && this.#o.clock.now() - heard.atMs < SAME_PRESS_MS) return;
    this.#key(digit);
  }

  /** The invitation is over (refused, unanswered, brought in, dropped): back to talking. */
  invitationOver(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#keypad = { mode: "talk" };
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    const wasIn = this.#step === "room";
    this.#step = "done";
    this.#quiet();
    this.#stopListening?.();
    this.#stopListening = undefined;
    if (wasIn) this.#o.left(this);
  }

  // --- the PIN -----------------------------------------------------------------------------

  #askPin(clips: Int16Array[]): void {
    this.#digits = "";
    this.#play(clips, () => this.#waitForKey());
  }

  #waitForKey(): void {
    // Silence meanwhile: a caller whose call became a conference (*0) would otherwise hear the
    // other party, already in the room, straight through the relay.
    const audio = this.#peer?.audio;
    if (!this.#playing && audio) this.#playing = audio.play(SILENCE);
    this.#timer?.cancel();
    this.#timer = this.#o.clock.setTimer(PIN_KEY_TIMEOUT_MS, () => this.#goodbye());
  }

  #key(digit: string): void {
    if (this.#step === "room") {
      this.#roomKey(digit);
      return;
    }
    if (this.#step !== "pin" || this.state === "ended") return;
    // A key ends the prompt: the caller knows the PIN.
    this.#stopPrompt();
    if (digit !== "#") {
      this.#digits += digit;
      this.#waitForKey();
      return;
    }
    this.#timer?.cancel();
    const room = this.#o.room();
    const entered = this.#digits;
    this.#digits = "";
    if (!room) {
      this.#goodbye();
      return;
    }
    const role: ConferenceRole | undefined =
      entered === room.adminPin ? "admin" : entered === room.guestPin ? "guest" : undefined;
    if (!role) {
      this.#o.log?.("conference PIN wrong", { room: this.extension, caller: this.caller.number });
      if (++this.#wrong >= PIN_ATTEMPTS) {
        this.#goodbye();
        return;
      }
      this.#askPin([...this.#clips("invalid"), ...this.#clips("conf/enter-pin")]);
      return;
    }
    this.#role = role;
    if (room.announceJoiners) this.#askName();
    else this.#enter();
  }

  #goodbye(): void {
    this.#step = "done";
    this.#play([...this.#clips("invalid"), ...this.#clips("goodbye"), this.#silence(TAIL_MS)], () =>
      this.finish(),
    );
  }

  // --- the name ----------------------------------------------------------------------------

  #askName(): void {
    this.#step = "name-prompt";
    const beep = new TonePlayer({ components: [{ freqHz: 1000, levelDbm0: -10 }], cadenceMs: [] });
    const clips = [...this.#clips("conf/say-your-name"), this.#silence(200), frames(beep, 10)];
    this.#play(clips, () => {
      this.#name = [];
      this.#step = "name";
      this.#timer = this.#o.clock.setTimer(NAME_MS, () => this.#enter());
    });
  }

  // --- the room ----------------------------------------------------------------------------

  /** The admin's keys in the room (a guest's go nowhere): 0, the number, then ** or *#. */
  #roomKey(digit: string): void {
    const keys = this.#o.invitations;
    if (this.#role !== "admin" || !keys || this.state === "ended") return;
    const pad = this.#keypad;
    if (pad.mode === "talk") {
      if (digit !== "0") return;
      this.#keypad = { mode: "dialling", digits: "" };
      keys.dialTone(this);
      return;
    }
    if (pad.mode === "dialling") {
      this.#timer?.cancel();
      if (digit === "#") {
        this.#dial(pad.digits);
        return;
      }
      pad.digits += digit;
      // A pause ends the number, as after a code with an argument.
      this.#timer = this.#o.clock.setTimer(DIAL_PAUSE_MS, () => this.#dial(pad.digits));
      return;
    }
    if (pad.star && digit === "*") keys.confirm(this);
    else if (pad.star && digit === "#") keys.drop(this);
    pad.star = digit === "*" && !pad.star;
  }

  #dial(number: string): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#keypad = { mode: "inviting", star: false };
    this.#o.invitations?.dial(this, number);
  }

  #enter(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const peer = this.#peer;
    const audio = peer?.audio;
    if (this.state === "ended" || !audio) return;
    this.#step = "room";
    const nameClip = this.#name.length > 0 ? concat(this.#name) : undefined;
    this.#name = [];
    this.#o.enter({
      id: this.id,
      number: this.caller.number,
      displayName: this.caller.displayName,
      admin: this.#role === "admin",
      // The leg keeps the one listener on the caller's audio (the admin's keys may arrive as
      // tones) and passes the frames on to the room.
      audio: {
        listen: (onFrame) => {
          this.#roomTap = onFrame;
          return () => {
            if (this.#roomTap === onFrame) this.#roomTap = undefined;
          };
        },
        play: (source) => audio.play(source),
        startMusic: (mohClass) => audio.startMusic(mohClass),
        stopMusic: () => audio.stopMusic(),
      },
      ...(nameClip ? { nameClip } : {}),
      hangup: () => this.finish(),
    });
  }

  // --- prompts -----------------------------------------------------------------------------

  #play(clips: Int16Array[], then: () => void): void {
    this.#stopPrompt();
    const audio = this.#peer?.audio;
    if (!audio) {
      then();
      return;
    }
    const playing = audio.play(new PromptPlayer(clips));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing !== playing || this.state === "ended") return;
      this.#playing = undefined;
      then();
    });
  }

  #stopPrompt(): void {
    const playing = this.#playing;
    this.#playing = undefined;
    playing?.stop();
  }

  #quiet(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#stopPrompt();
  }

  #clips(name: string): Int16Array[] {
    const clip = this.#o.clip(name);
    if (!clip) this.#o.log?.("conference prompt missing", { prompt: name });
    return clip ? [clip] : [];
  }

  #silence(ms: number): Int16Array {
    return new Int16Array((ms * 8000) / 1000);
  }
}

/** An endless silence. */
const SILENCE: FrameSource = { nextFrame: () => new Int16Array(160) };

function frames(source: FrameSource, count: number): Int16Array {
  const out: Int16Array[] = [];
  for (let i = 0; i < count; i++) out.push(source.nextFrame() ?? new Int16Array(160));
  return concat(out);
}

function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
