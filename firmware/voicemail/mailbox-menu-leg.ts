// SPEC CALL-7 and the manual (语音信箱主菜单 *60#, 本机语音信箱 *61#): the box answers, asks for
// the mailbox number (*60# only) and the PIN, says the new and saved counts, then the main
// menu: 1 messages, 2 record greeting, 3 change PIN, * exit (the built-in prompt
// vm/main-menu). After 2 the caller picks which greeting (vm/greeting-menu): 1 the unavailable
// one (no answer), 2 the busy one, * back; then records it after the tone until #. Each message plays oldest first, new ones before saved ones; after it the
// message menu: 1 replay, 7 delete, 9 next (vm/message-menu). A message played once is saved.
// Keys come as RFC 4733 events, SIP INFO or in-band tones; a press sent both ways counts once.
import { DtmfDetector } from "../../media/dsp/dtmf-detector.ts";
import { PromptPlayer } from "../../media/play/prompt-player.ts";
import { BoxLeg, LEAD_IN_MS } from "../calls/apps/box-leg.ts";
import type { CalledLeg, JoiningLeg, Leg } from "../calls/leg.ts";
import type { PlayingAudio } from "../calls/media-port.ts";
import type { Clock, Timer } from "../sip/clock.ts";
import { beep, joinFrames, silence } from "./voicemail-audio.ts";
import type { GreetingKind } from "./voicemail-store.ts";

/** No key within this long ends the call. */
export const MENU_KEY_TIMEOUT_MS = 20_000;
/** Wrong mailbox/PIN entries before the box says goodbye. */
export const MAX_LOGIN_TRIES = 3;
/** Longest greeting recorded (by phone or uploaded). */
export const MAX_GREETING_MS = 60_000;
const SAME_PRESS_MS = 500;

/** What the menu reads and changes, for the mailbox logged into. */
export interface MailboxAccess {
  /** The mailbox exists (an extension with voicemail) and the PIN is right. */
  login(mailbox: string, pin: string): boolean;
  counts(mailbox: string): { newMessages: number; oldMessages: number };
  /** Message ids, new first then saved, oldest first. */
  messages(mailbox: string): number[];
  audio(id: number): Int16Array | undefined;
  markSaved(id: number): void;
  remove(id: number): void;
  saveGreeting(mailbox: string, kind: GreetingKind, samples: Int16Array): void;
  setPin(mailbox: string, pin: string): void;
}

export interface MailboxMenuOptions {
  clock: Clock;
  access: MailboxAccess;
  /** The mailbox for *61#; undefined for *60# (asked). */
  own: string | undefined;
  /** Prompt names to clips in the caller's language. */
  say(names: readonly string[]): Int16Array[];
  /** A number said as prompt names. */
  number(n: number): string[];
}

type Step =
  | { kind: "mailbox" }
  | { kind: "pin"; mailbox: string }
  | { kind: "main" }
  | { kind: "message"; index: number }
  | { kind: "greeting-kind" }
  | { kind: "greeting"; greeting: GreetingKind }
  | { kind: "new-pin" }
  | { kind: "bye" };

export class MailboxMenuLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #o: MailboxMenuOptions;
  #audio: Leg["audio"];
  #playing: PlayingAudio | undefined;
  #timer: Timer | undefined;
  #step: Step = { kind: "bye" };
  #entry = "";
  #tries = 0;
  #mailbox = "";
  #list: number[] = [];
  #recording: Int16Array[] | undefined;
  #stopListening: (() => void) | undefined;
  #inBand: { digit: string; atMs: number } | undefined;

  constructor(id: string, number: string, options: MailboxMenuOptions) {
    super(id, number);
    this.#o = options;
  }

  joined(peer: Leg): void {
    if (this.state !== "answered" || !peer.audio) return;
    this.#audio = peer.audio;
    const detector = new DtmfDetector();
    this.#stopListening = peer.audio.listen((pcm) => {
      this.#recording?.push(pcm.slice());
      // An analog line's tones are detected by its call and arrive as signalled digits: heard
      // here too, each key would count twice.
      if (peer.digitsInBand) return;
      for (const press of detector.process(pcm)) {
        this.#inBand = { digit: press.digit, atMs: this.#o.clock.now() };
        this.#key(press.digit);
      }
    });
    if (this.#o.own === undefined) this.#go({ kind: "mailbox" }, ["vm/enter-mailbox"], true);
    else this.#go({ kind: "pin", mailbox: this.#o.own }, ["vm/enter-pin"], true);
  }

  sendDigit(digit: string): void {
    const heard = this.#inBand;
    if (heard?.digit === digit && this.#o.clock.now() - heard.atMs < SAME_PRESS_MS) return;
    this.#key(digit);
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#timer?.cancel();
    this.#playing?.stop();
    this.#stopListening?.();
  }

  // --- steps -----------------------------------------------------------------------------------

  /** Enters `step`: says `prompt` (clips or names), then waits for keys. */
  #go(step: Step, prompt: readonly (string | Int16Array)[], lead = false): void {
    this.#step = step;
    this.#entry = "";
    const clips = prompt.flatMap((p) => (typeof p === "string" ? this.#o.say([p]) : [p]));
    this.#play([...(lead ? [silence(LEAD_IN_MS)] : []), ...clips], () => {
      if (step.kind === "bye") {
        this.finish();
        return;
      }
      if (step.kind === "greeting") this.#recording = [];
      this.#wait();
    });
    // Keys are taken while the prompt plays: a caller who knows the menu need not wait.
    this.#wait();
  }

  #key(digit: string): void {
    if (this.state === "ended" || !this.#audio) return;
    const step = this.#step;
    switch (step.kind) {
      case "mailbox":
      case "pin":
      case "new-pin":
        this.#stopPrompt();
        if (digit !== "#") {
          this.#entry += digit;
          this.#wait();
          return;
        }
        this.#entered(step, this.#entry);
        return;
      case "main":
        this.#main(digit);
        return;
      case "message":
        this.#messageKey(step.index, digit);
        return;
      case "greeting-kind":
        this.#greetingKind(digit);
        return;
      case "greeting":
        if (digit === "#" && this.#recording) {
          const frames = joinFrames(this.#recording);
          this.#recording = undefined;
          // The tone of # itself is cut off.
          this.#o.access.saveGreeting(
            this.#mailbox,
            step.greeting,
            frames.subarray(0, Math.max(0, frames.length - 2400)),
          );
          this.#menu(["vm/message-saved"]);
        }
        return;
      case "bye":
        return;
    }
  }

  #entered(step: Step, entry: string): void {
    if (step.kind === "mailbox") {
      this.#go({ kind: "pin", mailbox: entry }, ["vm/enter-pin"]);
      return;
    }
    if (step.kind === "pin") {
      if (entry !== "" && this.#o.access.login(step.mailbox, entry)) {
        this.#mailbox = step.mailbox;
        this.#menu(this.#countsPrompt());
        return;
      }
      if (++this.#tries >= MAX_LOGIN_TRIES) {
        this.#go({ kind: "bye" }, ["vm/login-incorrect", "goodbye"]);
        return;
      }
      if (this.#o.own === undefined)
        this.#go({ kind: "mailbox" }, ["vm/login-incorrect", "vm/enter-mailbox"]);
      else this.#go(step, ["vm/login-incorrect", "vm/enter-pin"]);
      return;
    }
    if (step.kind === "new-pin") {
      if (!/^[0-9]{4,8}$/.test(entry)) {
        this.#menu(["invalid"]);
        return;
      }
      this.#o.access.setPin(this.#mailbox, entry);
      this.#menu(["vm/pin-changed"]);
    }
  }

  #countsPrompt(): string[] {
    const { newMessages, oldMessages } = this.#o.access.counts(this.#mailbox);
    if (newMessages === 0 && oldMessages === 0) return ["vm/no-messages"];
    return [
      "vm/you-have",
      ...this.#o.number(newMessages),
      "vm/new-messages",
      "vm/and",
      ...this.#o.number(oldMessages),
      "vm/saved-messages",
    ];
  }

  #menu(before: readonly string[] = []): void {
    this.#go({ kind: "main" }, [...before, "vm/main-menu"]);
  }

  #main(digit: string): void {
    this.#stopPrompt();
    if (digit === "1") {
      this.#list = this.#o.access.messages(this.#mailbox);
      this.#message(0);
    } else if (digit === "2") {
      this.#go({ kind: "greeting-kind" }, ["vm/greeting-menu"]);
    } else if (digit === "3") {
      this.#go({ kind: "new-pin" }, ["vm/enter-pin"]);
    } else if (digit === "*") {
      this.#go({ kind: "bye" }, ["goodbye"]);
    } else {
      this.#menu(["invalid"]);
    }
  }

  /** 1 the unavailable greeting, 2 the busy one: recorded after the tone; * back. */
  #greetingKind(digit: string): void {
    this.#stopPrompt();
    const greeting = digit === "1" ? "unavailable" : digit === "2" ? "busy" : undefined;
    if (greeting) this.#go({ kind: "greeting", greeting }, ["vm/record-after-tone", beep()]);
    else if (digit === "*") this.#menu();
    else this.#go({ kind: "greeting-kind" }, ["invalid", "vm/greeting-menu"]);
  }

  /** Plays message `index` of the list (then its menu), or back to the main menu at the end. */
  #message(index: number, before: readonly string[] = []): void {
    const id = this.#list[index];
    if (id === undefined) {
      this.#menu(this.#countsPrompt());
      return;
    }
    const audio = this.#o.access.audio(id);
    this.#o.access.markSaved(id);
    const heard = audio ? [audio, silence(300)] : [];
    this.#go({ kind: "message", index }, [...before, ...heard, "vm/message-menu"]);
  }

  #messageKey(index: number, digit: string): void {
    const id = this.#list[index];
    if (id === undefined) return;
    this.#stopPrompt();
    if (digit === "1") this.#message(index);
    else if (digit === "7") {
      this.#o.access.remove(id);
      this.#list.splice(index, 1);
      const next = this.#list[index];
      if (next === undefined) this.#menu(["vm/message-deleted", ...this.#countsPrompt()]);
      else this.#message(index, ["vm/message-deleted"]);
    } else if (digit === "9") this.#message(index + 1);
    else if (digit === "*") this.#menu();
  }

  // --- audio and time ------------------------------------------------------------------------

  #play(clips: readonly Int16Array[], then: () => void): void {
    const audio = this.#audio;
    if (!audio) return;
    this.#playing?.stop();
    const playing = audio.play(new PromptPlayer(clips));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing === playing && this.state !== "ended") {
        this.#playing = undefined;
        then();
      }
    });
  }

  #stopPrompt(): void {
    const playing = this.#playing;
    this.#playing = undefined;
    playing?.stop();
  }

  #wait(): void {
    this.#timer?.cancel();
    const ms = this.#step.kind === "greeting" ? MAX_GREETING_MS : MENU_KEY_TIMEOUT_MS;
    this.#timer = this.#o.clock.setTimer(ms, () => {
      if (this.#step.kind === "greeting") this.#key("#");
      else this.finish();
    });
  }
}
