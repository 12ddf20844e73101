// SPEC ROUTE-4 "an IVR (auto attendant) with prompts and key options": the box answers,
// plays the menu's prompt and collects keys 0-9 * # (RFC 4733 events and SIP INFO reach it as
// signalled digits; tones in the caller's audio are heard by the Q.24 detector for lines and
// phones that send DTMF in-band). `stepIvr` decides after each input or silence; this leg acts:
// play the prompt again, switch to a nested menu (`ivr:ID`), end the call (`hangup`), or hand
// the call on to the destination within the same call (`forward`), so the caller's record and
// events stay those of one call.

import { DtmfDetector } from "../../../media/dsp/dtmf-detector.ts";
import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import {
  type IvrAction,
  type IvrInput,
  type IvrMenu,
  type IvrState,
  startIvr,
  stepIvr,
} from "../../routes/ivr.ts";
import type { Clock, Timer } from "../../sip/clock.ts";
import type { CalledLeg, CallParty, JoiningLeg, Leg } from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";
import type { Destination } from "../routing/destination.ts";
import { BoxLeg, LEAD_IN_MS } from "./box-leg.ts";

/** With direct dialling on, a key waits this long for more digits of an extension number. */
export const DIRECT_DIAL_GAP_MS = 2000;
/** Menus passed through without a key (timeouts into timeouts): past this the call ends. */
export const MAX_MENU_HOPS = 10;
/** A signalled digit this soon after the same digit heard in-band is the same key press. */
const SAME_PRESS_MS = 500;

export interface IvrLegOptions {
  clock: Clock;
  /** A menu by id (nested menus). */
  menu(id: number): IvrMenu | undefined;
  /** A prompt's audio: a built-in name or "custom/<name>". */
  clip(prompt: string): Int16Array | undefined;
  isExtension(number: string): boolean;
  /** Where a chosen destination ("extension:101", "time-condition:1"...) sends the call. */
  resolve(text: string, caller: CallParty): Destination;
  /** Hands the call on from this leg; false when the destination cannot ring. */
  forward(from: Leg, to: Destination): boolean;
  log?(message: string, fields: Record<string, unknown>): void;
}

export class IvrLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #o: IvrLegOptions;
  #menu: IvrMenu;
  #progress: IvrState = { played: 0 };
  #peer: Leg | undefined;
  #playing: PlayingAudio | undefined;
  #timer: Timer | undefined;
  #digits = "";
  #hops = 0;
  #stopListening: (() => void) | undefined;
  #inBand: { digit: string; atMs: number } | undefined;

  constructor(id: string, menu: IvrMenu, options: IvrLegOptions) {
    super(id, `ivr:${menu.id}`);
    this.#menu = menu;
    this.#o = options;
  }

  /** Bridged to the caller: listen for in-band tones and play the menu. */
  joined(peer: Leg): void {
    if (this.state !== "answered") return;
    this.#peer = peer;
    if (peer.audio) {
      const detector = new DtmfDetector();
      this.#stopListening = peer.audio.listen((pcm) => {
        for (const press of detector.process(pcm)) {
          this.#inBand = { digit: press.digit, atMs: this.#o.clock.now() };
          this.#key(press.digit);
        }
      });
    }
    this.#act(startIvr(this.#menu));
  }

  /** A digit signalled by the caller (RFC 4733 event, SIP INFO). */
  sendDigit(digit: string): void {
    const heard = this.#inBand;
    // The phone sent the same press as a tone too: counted once.
    if (heard?.digit === digit && this.#o.clock.now() - heard.atMs < SAME_PRESS_MS) return;
    this.#key(digit);
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#quiet();
    this.#stopListening?.();
    this.#stopListening = undefined;
  }

  // --- the menu ----------------------------------------------------------------------------

  #act(action: IvrAction): void {
    if (this.state === "ended") return;
    if (action.action === "play") {
      this.#progress = action.state;
      this.#play(action.prompt);
      return;
    }
    this.#go(action.destination, action.cause);
  }

  #play(prompt: string): void {
    this.#quiet();
    const clip = this.#o.clip(prompt);
    if (!clip) this.#o.log?.("IVR prompt missing", { ivr: this.#menu.id, prompt });
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const audio = this.#peer?.audio;
    if (!audio) {
      this.#waitForKey();
      return;
    }
    const playing = audio.play(new PromptPlayer(clip ? [lead, clip] : [lead]));
    this.#playing = playing;
    void playing.done.then(() => {
      // A key press stopped it (the caller is dialling), or the call moved on.
      if (this.#playing !== playing || this.state === "ended") return;
      this.#playing = undefined;
      this.#waitForKey();
    });
  }

  /** After the prompt: the menu's timeout for the first key. */
  #waitForKey(): void {
    this.#timer?.cancel();
    this.#timer = this.#o.clock.setTimer(this.#menu.timeoutS * 1000, () =>
      this.#input({ kind: "timeout" }),
    );
  }

  #key(digit: string): void {
    if (this.state === "ended" || !this.#peer) return;
    // A key ends the prompt: the caller knows what to press.
    this.#quiet();
    this.#digits += digit;
    if (digit === "#" || !this.#menu.directDial) {
      this.#input({ kind: "digits", digits: this.#digits });
      return;
    }
    // More digits may follow (an extension number): wait for them, or for '#'.
    this.#timer = this.#o.clock.setTimer(DIRECT_DIAL_GAP_MS, () =>
      this.#input({ kind: "digits", digits: this.#digits }),
    );
  }

  #input(input: IvrInput): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#digits = "";
    if (input.kind === "digits") this.#hops = 0;
    this.#act(stepIvr(this.#menu, this.#progress, input, (n) => this.#o.isExtension(n)));
  }

  #go(text: string, cause: "key" | "direct" | "timeout" | "invalid"): void {
    const fields = { ivr: this.#menu.id, destination: text, cause };
    if (text === "hangup") {
      this.finish();
      return;
    }
    const nested = /^ivr:(\d+)$/.exec(text);
    if (nested) {
      const menu = this.#o.menu(Number(nested[1]));
      if (!menu || ++this.#hops > MAX_MENU_HOPS) {
        this.#o.log?.(menu ? "IVR menus loop without a key" : "IVR menu missing", fields);
        this.finish();
        return;
      }
      this.#menu = menu;
      this.#act(startIvr(menu));
      return;
    }
    const destination = this.#o.resolve(text, this.caller);
    if (this.#o.forward(this, destination)) return;
    this.#o.log?.("IVR destination cannot take the call", fields);
    // A chosen key that leads nowhere counts as an invalid key; a fallback that does, ends.
    if (cause === "key" || cause === "direct") this.#input({ kind: "digits", digits: "" });
    else this.finish();
  }

  #quiet(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const playing = this.#playing;
    this.#playing = undefined;
    playing?.stop();
  }
}
