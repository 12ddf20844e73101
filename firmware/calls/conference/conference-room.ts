// SPEC CALL-5 (manual 电话会议): one conference room while people are in it. Every party's
// audio (a SIP phone through its relay side, decoded to 8 kHz whatever its codec; an analog
// line through its frames) goes into one `Mixer` (media/mix), which gives each party the sum
// of all the others. The mix runs on the room's own 20 ms tick, off the relay's forwarding
// path: the relay only decodes what a phone sends (listen) and encodes what the box plays to
// it (play), as it does for prompts. Each party hears one continuous feed from the room: a
// prompt when the room speaks to it alone, music while it waits for the admin, else the mix.
// Announcements ("X has joined") and the room's recording are parties of the mixer too: the
// announcer speaks to everyone, the recorder is muted and hears everyone.

import { Mixer } from "../../../media/mix/mixer.ts";
import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import { every } from "../../lines/clock.ts";
import type { Clock } from "../../sip/clock.ts";
import { AnalogFrameQueue } from "../analog-frame-queue.ts";
import type { PartyAudio } from "../leg.ts";
import type { FrameSource, PlayingAudio } from "../media-port.ts";

const FRAME_SAMPLES = 160;
const ANNOUNCER = "@announce";
const RECORDER = "@recording";

/** One person in the room, as the conference leg hands it over once the PIN was right. */
export interface ConferenceMember {
  /** Unique in the room (the conference leg's id). */
  id: string;
  /** The caller's number (an extension, or an outside number). */
  number: string;
  displayName: string;
  admin: boolean;
  audio: PartyAudio;
  /** The name the member recorded on entry (announce joiners). */
  nameClip?: Int16Array;
  /** Ends the member's call (kick). */
  hangup(): void;
}

export interface ParticipantView {
  id: string;
  number: string;
  displayName: string;
  admin: boolean;
  muted: boolean;
  /** Waiting for the admin: hears music, is not mixed yet. */
  waiting: boolean;
  joinedAt: number;
}

/** What a room records into (RecordingStore.begin, kind "conference"). */
export interface RoomRecordings {
  begin(start: {
    kind: "conference";
    direction: "internal";
    extensions: readonly string[];
    peerNumber: string;
    layout: "mix";
  }): {
    recorder: { write(first: Int16Array): void };
    finish(): unknown;
    abort(): void;
  };
}

export interface ConferenceRoomOptions {
  clock: Clock;
  /** Guests wait (with music) until an admin joins. */
  waitForAdmin: boolean;
  /** What a waiting guest hears. */
  music(): FrameSource;
  /** A built-in prompt for the room's announcements ("conf/has-joined"). */
  clip(name: string): Int16Array | undefined;
  /** Whether a number is one of the box's extensions (recordings list who took part). */
  isExtension?(number: string): boolean;
  recordings?: RoomRecordings;
  /** The last member left: the room may be forgotten. */
  emptied?(): void;
}

/** A private conversation of one member with a party outside the room. */
interface Consult {
  /** What the outside party says, played to the member. */
  readonly heard: AnalogFrameQueue;
  /** What the member says, played to the outside party. */
  readonly said: AnalogFrameQueue;
  stop(): void;
}

class Party {
  readonly input = new AnalogFrameQueue();
  readonly output = new AnalogFrameQueue();
  prompt: FrameSource | undefined;
  music: FrameSource | undefined;
  /** Talking alone with a party outside the room (the admin with an invited party). */
  consult: Consult | undefined;
  muted = false;
  stopListening: () => void = () => {};
  playing: PlayingAudio | undefined;

  constructor(
    readonly member: ConferenceMember,
    readonly joinedAt: number,
  ) {}

  /** The one source the party's audio plays while in the room. */
  feed(): FrameSource {
    return {
      nextFrame: () => {
        const prompt = this.prompt?.nextFrame();
        if (prompt) return prompt;
        this.prompt = undefined;
        if (this.music) return this.music.nextFrame() ?? new Int16Array(FRAME_SAMPLES);
        if (this.consult) return this.consult.heard.nextFrame() ?? new Int16Array(FRAME_SAMPLES);
        return this.output.nextFrame() ?? new Int16Array(FRAME_SAMPLES);
      },
    };
  }
}

export class ConferenceRoom {
  readonly number: string;
  readonly #o: ConferenceRoomOptions;
  readonly #mixer = new Mixer({ sampleRateHz: 8000 });
  readonly #parties = new Map<string, Party>();
  /** Played one after the other; `about` (the joiner) does not hear its own. */
  #announcements: { player: PromptPlayer; about?: string }[] = [];
  #recording: ReturnType<RoomRecordings["begin"]> | undefined;
  #stopTick: (() => void) | undefined;
  #started: boolean;

  constructor(number: string, options: ConferenceRoomOptions) {
    this.number = number;
    this.#o = options;
    this.#started = !options.waitForAdmin;
    this.#mixer.add(ANNOUNCER);
  }

  /** Whether the conference has begun (no wait for the admin, or an admin came). */
  get started(): boolean {
    return this.#started;
  }

  get size(): number {
    return this.#parties.size;
  }

  get recording(): boolean {
    return this.#recording !== undefined;
  }

  participants(): ParticipantView[] {
    return [...this.#parties.values()].map((p) => ({
      id: p.member.id,
      number: p.member.number,
      displayName: p.member.displayName,
      admin: p.member.admin,
      muted: p.muted,
      waiting: p.music !== undefined,
      joinedAt: p.joinedAt,
    }));
  }

  /** A member enters: it is mixed at once, or waits with music for the admin. */
  join(member: ConferenceMember): void {
    if (this.#parties.has(member.id)) return;
    const party = new Party(member, this.#o.clock.now());
    this.#parties.set(member.id, party);
    this.#mixer.add(member.id);
    if (member.admin) this.#start();
    if (!this.#started) {
      party.music = this.#o.music();
      const waiting = this.#clip("conf/waiting-for-host");
      if (waiting) party.prompt = new PromptPlayer([waiting]);
    }
    party.stopListening = member.audio.listen((pcm) => party.input.push(pcm));
    party.playing = member.audio.play(party.feed());
    if (member.nameClip) this.announce([member.nameClip, this.#clip("conf/has-joined")], member.id);
    this.#stopTick ??= every(this.#o.clock, 20, () => this.#tick());
  }

  /** A member left (hung up or kicked). */
  leave(id: string): void {
    const party = this.#parties.get(id);
    if (!party) return;
    this.#parties.delete(id);
    this.#mixer.remove(id);
    party.consult?.stop();
    party.stopListening();
    party.playing?.stop();
    party.output.close();
    if (this.#parties.size > 0) return;
    this.#stopTick?.();
    this.#stopTick = undefined;
    this.stopRecording();
    this.#o.emptied?.();
  }

  /** A muted member still hears the room but is not heard. */
  mute(id: string, muted: boolean): boolean {
    const party = this.#parties.get(id);
    if (!party) return false;
    party.muted = muted;
    this.#mixer.setMuted(id, muted);
    return true;
  }

  /**
   * Whom `id` hears: only `speakers` (members' ids), or everyone again with undefined. For
   * monitoring's whisper (the supervisor heard by the agent alone) on the same mixer.
   */
  setHears(id: string, speakers: Iterable<string> | undefined): boolean {
    if (!this.#parties.has(id)) return false;
    this.#mixer.setHears(id, speakers);
    return true;
  }

  /** Ends a member's call. */
  kick(id: string): boolean {
    const party = this.#parties.get(id);
    if (!party) return false;
    party.member.hangup();
    this.leave(id);
    return true;
  }

  /** Speaks to everyone in the room (mixed over the conversation), but `about`. */
  announce(clips: readonly (Int16Array | undefined)[], about?: string): void {
    const present = clips.filter((c): c is Int16Array => c !== undefined);
    if (present.length === 0) return;
    this.#announcements.push({ player: new PromptPlayer(present), ...(about ? { about } : {}) });
  }

  /** Speaks to one member only; the room is not heard meanwhile. */
  tell(id: string, clips: readonly Int16Array[]): void {
    const party = this.#parties.get(id);
    if (party) party.prompt = new PromptPlayer(clips);
  }

  /** What a member hears instead of the room until cleared (dial tone, ringback). */
  setPrompt(id: string, source: FrameSource | undefined): void {
    const party = this.#parties.get(id);
    if (party) party.prompt = source;
  }

  /**
   * The member leaves the mix to talk alone with `other` (an invited party): each hears the
   * other, the room hears neither. Ended by endConsult (or the member leaving).
   */
  consult(id: string, other: PartyAudio): boolean {
    const party = this.#parties.get(id);
    if (!party || party.consult) return false;
    const heard = new AnalogFrameQueue();
    const said = new AnalogFrameQueue();
    const stopListening = other.listen((pcm) => heard.push(pcm));
    const playing = other.play(said);
    party.consult = {
      heard,
      said,
      stop: () => {
        stopListening();
        playing.stop();
        heard.close();
      },
    };
    return true;
  }

  endConsult(id: string): void {
    const party = this.#parties.get(id);
    party?.consult?.stop();
    if (party) party.consult = undefined;
  }

  /** Records the room's mix (REP-3) until stopRecording or the last member leaves. */
  startRecording(): boolean {
    if (this.#recording || !this.#o.recordings || this.#parties.size === 0) return false;
    const isExtension = this.#o.isExtension ?? (() => true);
    const extensions = [...new Set([...this.#parties.values()].map((p) => p.member.number))];
    this.#recording = this.#o.recordings.begin({
      kind: "conference",
      direction: "internal",
      extensions: extensions.filter(isExtension),
      peerNumber: this.number,
      layout: "mix",
    });
    this.#mixer.add(RECORDER);
    this.#mixer.setMuted(RECORDER, true);
    return true;
  }

  stopRecording(): boolean {
    const recording = this.#recording;
    if (!recording) return false;
    this.#recording = undefined;
    this.#mixer.remove(RECORDER);
    recording.finish();
    return true;
  }

  /** The current announcement's next frame into the mix; the joiner it names hears the rest. */
  #announce(): void {
    for (;;) {
      const current = this.#announcements[0];
      if (!current) return;
      const quiet = current.about !== undefined && this.#parties.has(current.about);
      if (quiet) {
        const others = [...this.#parties.keys()].filter((id) => id !== current.about);
        this.#mixer.setHears(current.about!, others);
      }
      const frame = current.player.nextFrame();
      if (frame) {
        this.#mixer.put(ANNOUNCER, frame);
        return;
      }
      this.#announcements.shift();
      if (quiet) this.#mixer.setHears(current.about!, undefined);
    }
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const party of this.#parties.values()) party.music = undefined;
  }

  #clip(name: string): Int16Array | undefined {
    return this.#o.clip(name);
  }

  /** One 20 ms frame of the room. */
  #tick(): void {
    const mixer = this.#mixer;
    for (const party of this.#parties.values()) {
      const frame = party.input.nextFrame();
      if (!frame) continue;
      // A member talking alone with an invited party is heard by that party only.
      if (party.consult) party.consult.said.push(frame);
      // A waiting guest is not heard yet.
      else if (party.music === undefined) mixer.put(party.member.id, frame);
    }
    this.#announce();
    mixer.mix();
    for (const party of this.#parties.values())
      if (party.music === undefined && !party.consult)
        party.output.push(mixer.output(party.member.id).slice());
    this.#recording?.recorder.write(mixer.output(RECORDER).slice());
  }
}
