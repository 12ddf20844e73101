// A called party that must accept the call before it is connected (SPEC CALL-3 follow-me
// "ask the answerer to accept"): when the wrapped leg answers, the call is not told yet; the
// answerer hears the clips (the caller's recorded name, then "press 1 to confirm") and then
// silence, while the caller keeps hearing ringback. 1 connects it (the call hears the answer
// now); any other key, or no key within `ACCEPT_TIMEOUT_MS` after the prompt, hangs the
// answerer up and the call goes on as if it had not answered (the next number of the list).
// Keys come as RFC 4733 events on its relay side (`digitWhileRinging`), SIP INFO or tones of
// an analog line (its own `onDigit`).

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { Clock, Timer } from "../../sip/clock.ts";
import type {
  CalledLeg,
  CallParty,
  EndCause,
  Leg,
  LegListener,
  LegState,
  LegView,
  PartyAudio,
} from "../leg.ts";
import type { FrameSource, PlayingAudio } from "../media-port.ts";

/** How long the answerer has to press 1 once the prompt has been said. */
export const ACCEPT_TIMEOUT_MS = 10_000;
/** The key that takes the call. */
export const ACCEPT_KEY = "1";
/** Status the call hears for an answerer that did not accept (as no answer). */
const NOT_ACCEPTED = 480;

export interface AcceptingLegOptions {
  clock: Clock;
  /** What the answerer hears before it may press 1. */
  clips: readonly Int16Array[];
  timeoutMs?: number;
}

type Step = "ringing" | "asking" | "accepted" | "refused";

export class AcceptingLeg implements CalledLeg, LegListener {
  readonly #inner: CalledLeg;
  readonly #o: AcceptingLegOptions;
  #listener: LegListener | undefined;
  #step: Step = "ringing";
  #playing: PlayingAudio | undefined;
  #timer: Timer | undefined;

  constructor(inner: CalledLeg, o: AcceptingLegOptions) {
    this.#inner = inner;
    this.#o = o;
  }

  get id(): string {
    return this.#inner.id;
  }
  get kind() {
    return this.#inner.kind;
  }
  get extension(): string {
    return this.#inner.extension;
  }
  /** Ringing to the call until the answerer accepts. */
  get state(): LegState {
    const s = this.#inner.state;
    return s === "answered" && this.#step !== "accepted" ? "ringing" : s;
  }
  get holding(): boolean {
    return this.#inner.holding;
  }
  get internal(): boolean {
    return this.#inner.internal;
  }
  get digitsInBand(): boolean {
    return this.#inner.digitsInBand;
  }
  get wantsDigits(): boolean {
    return this.#inner.wantsDigits;
  }
  get audio(): PartyAudio | undefined {
    return this.#inner.audio;
  }
  get relaySide(): "a" | "b" | undefined {
    return this.#inner.relaySide;
  }
  get sipCallId(): string {
    return this.#inner.sipCallId;
  }
  get deciding(): boolean {
    return this.#step === "asking";
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
    this.#inner.listen(this);
  }

  view(): LegView {
    return { ...this.#inner.view(), state: this.state };
  }

  alert(caller: CallParty): boolean {
    return this.#inner.alert(caller);
  }

  hangup(status?: number): void {
    this.#stop();
    // The call let it go: what the wrapped leg reports now is not news to the call.
    if (this.#step !== "accepted") this.#step = "refused";
    this.#inner.hangup(status);
  }

  sendDigit(digit: string, durationMs: number): void {
    this.#inner.sendDigit(digit, durationMs);
  }

  digitWhileRinging(digit: string): void {
    this.#key(digit);
  }

  // --- the wrapped leg ---------------------------------------------------------------------

  onRinging(_leg: Leg, earlyMedia: boolean): void {
    if (this.#step === "ringing") this.#listener?.onRinging(this, earlyMedia);
  }

  onAnswered(): void {
    if (this.#step !== "ringing") return;
    const audio = this.#inner.audio;
    if (!audio) {
      // Nothing to say it through: the answerer cannot be asked, so it cannot take the call.
      this.#refuse();
      return;
    }
    this.#step = "asking";
    // Silence after the prompt keeps the caller's audio away from the answerer until 1.
    this.#playing = audio.play(
      promptThenSilence(this.#o.clips, () => {
        this.#timer = this.#o.clock.setTimer(this.#o.timeoutMs ?? ACCEPT_TIMEOUT_MS, () =>
          this.#refuse(),
        );
      }),
    );
  }

  onFailed(_leg: Leg, status: number, reason: string): void {
    this.#stop();
    this.#listener?.onFailed(this, status, reason);
  }

  onEnded(_leg: Leg, cause: EndCause): void {
    const step = this.#step;
    this.#stop();
    // Hanging up while asked is not answering: the call rings on.
    if (step === "asking") this.#listener?.onFailed(this, NOT_ACCEPTED, "Not Accepted");
    else if (step !== "refused") this.#listener?.onEnded(this, cause);
  }

  onHold(_leg: Leg, holding: boolean): void {
    if (this.#step === "accepted") this.#listener?.onHold(this, holding);
  }

  onDigit(_leg: Leg, digit: string, durationMs: number): void {
    if (this.#step === "asking") this.#key(digit);
    else if (this.#step === "accepted") this.#listener?.onDigit(this, digit, durationMs);
  }

  // --- internals ---------------------------------------------------------------------------

  #key(digit: string): void {
    if (this.#step !== "asking") return;
    if (digit !== ACCEPT_KEY) {
      this.#refuse();
      return;
    }
    this.#stop();
    this.#step = "accepted";
    this.#listener?.onAnswered(this);
  }

  #refuse(): void {
    if (this.#step === "refused" || this.#step === "accepted") return;
    this.#stop();
    this.#step = "refused";
    this.#inner.hangup();
    this.#listener?.onFailed(this, NOT_ACCEPTED, "Not Accepted");
  }

  #stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#playing?.stop();
    this.#playing = undefined;
  }
}

/** The clips, then silence until stopped; `said` once the clips are over. */
function promptThenSilence(clips: readonly Int16Array[], said: () => void): FrameSource {
  const prompt = new PromptPlayer([...clips]);
  let saying = true;
  return {
    nextFrame() {
      if (saying) {
        const frame = prompt.nextFrame();
        if (frame) return frame;
        saying = false;
        said();
      }
      return new Int16Array(160);
    },
  };
}
