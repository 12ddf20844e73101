// SPEC CALL-5, REP-3 (manual 电话会议, 会议录音): the box's ten conference rooms 90-99. Dialling
// a room number is an `application` destination ("conference", the room); the engine opens a
// `ConferenceLeg` for it, which asks for the PIN and hands the caller to the live room. A room
// is live while someone is in it; its settings are read when each caller comes in (PINs,
// announce joiners) and when the room opens (wait for the admin, record). The web API lists
// the rooms with who is in them, mutes and kicks, and starts or stops the recording.

import { TonePlayer } from "../../../media/dsp/tone-player.ts";
import { toneSpec } from "../../../media/dsp/tone-tables.ts";
import type { Clock } from "../../sip/clock.ts";
import type { ApplicationOpener, ApplicationOpening } from "../call-engine.ts";
import type { CallingLeg, CallParty, Leg } from "../leg.ts";
import type { FrameSource } from "../media-port.ts";
import { ConferenceLeg, type ConferenceRole, type InvitationKeys } from "./conference-leg.ts";
import { ConferenceRoom, type ParticipantView, type RoomRecordings } from "./conference-room.ts";
import {
  type ConferenceRoomChange,
  type ConferenceRoomSettings,
  type ConferenceRoomStore,
  RoomSettingsError,
} from "./conference-room-store.ts";
import { InviteLeg } from "./invite-leg.ts";

/** The application name the router gives room numbers (`CallEngineOptions.applications`). */
export const CONFERENCE_APP = "conference";

export interface ConferenceRoomsOptions {
  clock: Clock;
  store: ConferenceRoomStore;
  /** What a guest waiting for the admin hears (the default music-on-hold class). */
  music(): FrameSource;
  /** A built-in prompt in a caller's language ("" = the box's). */
  clip(callerNumber: string, name: string): Int16Array | undefined;
  isExtension(number: string): boolean;
  recordings?: RoomRecordings;
  /**
   * Places the call of an admin's invitation (the engine's `placeFromBox`): `calling` is the
   * box's leg, `from` the admin (its dial permission applies), `number` what it dialled.
   */
  place?(calling: CallingLeg, from: CallParty, number: string): void;
  log?(message: string, fields: Record<string, unknown>): void;
}

/** An admin's invitation under way. */
interface Invitation {
  readonly leg: InviteLeg;
  readonly number: string;
  peer: Leg | undefined;
  /** Brought into the room (**): from then on it is a member like any other. */
  joined: boolean;
}

export interface RoomStatus extends ConferenceRoomSettings {
  /** Who is in the room now (empty when nobody is). */
  participants: ParticipantView[];
  recording: boolean;
  started: boolean;
}

export class ConferenceRooms {
  readonly #o: ConferenceRoomsOptions;
  readonly #live = new Map<string, ConferenceRoom>();
  /** By the inviting admin's leg id. */
  readonly #invitations = new Map<string, Invitation>();
  #invited = 0;

  constructor(options: ConferenceRoomsOptions) {
    this.#o = options;
  }

  /** The router's question: is `number` a room? */
  application(number: string): { app: string; argument: string } | undefined {
    return this.#o.store.isRoom(number) ? { app: CONFERENCE_APP, argument: number } : undefined;
  }

  /** The engine's opener for `conference` destinations. */
  readonly open: ApplicationOpener = (destination, opening) =>
    this.#o.store.isRoom(destination.argument)
      ? this.#leg(destination.argument, opening)
      : { status: 404 };

  /**
   * *0 during a two-party call (manual 创建会议): a room nobody is in (the lowest), and the
   * room's legs for the two parties: the one that pressed is asked for the PIN (the admin PIN
   * lets it invite), the other enters at once as a guest.
   */
  readonly inCall = {
    freeRoom: (): string | undefined =>
      this.#o.store.list().find((room) => !this.#live.has(room.number))?.number,
    opener:
      (room: string, askPin: boolean): ApplicationOpener =>
      (_destination, opening) =>
        this.#leg(room, opening, askPin ? undefined : "guest"),
  };

  /** Every room with its settings and who is in it. */
  list(): RoomStatus[] {
    return this.#o.store.list().map((settings) => this.#status(settings));
  }

  get(number: string): RoomStatus | undefined {
    const settings = this.#o.store.get(number);
    return settings && this.#status(settings);
  }

  /**
   * A room as a caller of the outbound routes: a room with a dial permission class places its
   * invitations as itself (the class and toll fuse of the room); one without places them as
   * the admin (undefined here).
   */
  outboundCaller(number: string): { dialPermission: string; outboundCallerId: string } | undefined {
    const settings = this.#o.store.get(number);
    if (!settings?.dialPermission) return undefined;
    return { dialPermission: settings.dialPermission, outboundCallerId: "" };
  }

  /** Saves a room's settings; a bad field is named. */
  update(
    number: string,
    change: ConferenceRoomChange,
  ):
    | { ok: true; value: RoomStatus }
    | { ok: false; error: { code: string; field: string; message: string } } {
    try {
      const saved = this.#o.store.update(number, change);
      return { ok: true, value: this.#status(saved) };
    } catch (error) {
      if (!(error instanceof RoomSettingsError)) throw error;
      return { ok: false, error: { code: "invalid", field: error.field, message: error.message } };
    }
  }

  mute(number: string, participant: string, muted: boolean): boolean {
    return this.#live.get(number)?.mute(participant, muted) ?? false;
  }

  kick(number: string, participant: string): boolean {
    return this.#live.get(number)?.kick(participant) ?? false;
  }

  record(number: string, on: boolean): boolean {
    const room = this.#live.get(number);
    if (!room) return false;
    return on ? room.startRecording() : room.stopRecording();
  }

  /** The live room (someone is in it), for mute, kick, recording or a monitoring feature. */
  live(number: string): ConferenceRoom | undefined {
    return this.#live.get(number);
  }

  /** The leg that takes a caller into room `number`; `admitted`: no PIN asked. */
  #leg(number: string, opening: ApplicationOpening, admitted?: ConferenceRole): ConferenceLeg {
    const caller = opening.caller.number;
    return new ConferenceLeg(opening.id, number, {
      clock: this.#o.clock,
      room: () => this.#o.store.get(number),
      clip: (name) => this.#o.clip(caller, name),
      enter: (member) => {
        const room = this.#room(number);
        room.join(member);
        // The room's recording starts with its first member (通话录音).
        if (room.size === 1 && this.#o.store.get(number)?.record) room.startRecording();
      },
      left: (leg) => {
        this.#dropInvitation(leg.id);
        this.#live.get(number)?.leave(leg.id);
      },
      ...(this.#o.place ? { invitations: this.#keys(number) } : {}),
      ...(this.#o.log ? { log: this.#o.log } : {}),
      ...(admitted ? { admitted } : {}),
    });
  }

  /** What the admin's keys do in room `number` (manual 邀请与会者). */
  #keys(number: string): InvitationKeys {
    const room = () => this.#live.get(number);
    const tone = (name: "dial" | "ringback") => new TonePlayer(toneSpec(name));
    return {
      dialTone: (leg) => room()?.setPrompt(leg.id, tone("dial")),
      dial: (leg, dialled) => {
        const place = this.#o.place;
        if (!dialled || !place) {
          room()?.setPrompt(leg.id, undefined);
          leg.invitationOver();
          return;
        }
        room()?.setPrompt(leg.id, tone("ringback"));
        const invitation: Invitation = {
          number: dialled,
          peer: undefined,
          joined: false,
          leg: new InviteLeg(`${leg.id}-i${++this.#invited}`, number, {
            answered: (peer) => {
              invitation.peer = peer;
              room()?.setPrompt(leg.id, undefined);
              if (peer.audio) room()?.consult(leg.id, peer.audio);
            },
            ended: () => {
              if (invitation.joined) {
                room()?.leave(invitation.leg.id);
                return;
              }
              if (this.#invitations.get(leg.id) !== invitation) return;
              this.#invitations.delete(leg.id);
              room()?.endConsult(leg.id);
              room()?.setPrompt(leg.id, undefined);
              leg.invitationOver();
            },
          }),
        };
        this.#invitations.set(leg.id, invitation);
        this.#o.log?.("conference invitation", { room: number, number: dialled });
        // The room's dial permission class when it has one (manual 拨号权限), else the admin's.
        const settings = this.#o.store.get(number);
        const from = settings?.dialPermission
          ? { number, displayName: settings.name }
          : { number: leg.callerNumber, displayName: "" };
        place(invitation.leg, from, dialled);
      },
      confirm: (leg) => {
        const invitation = this.#invitations.get(leg.id);
        const audio = invitation?.peer?.audio;
        const live = room();
        if (!invitation || !audio || !live) return;
        this.#invitations.delete(leg.id);
        live.endConsult(leg.id);
        invitation.joined = true;
        live.join({
          id: invitation.leg.id,
          number: invitation.number,
          displayName: "",
          admin: false,
          audio,
          hangup: () => invitation.leg.drop(),
        });
        leg.invitationOver();
      },
      drop: (leg) => this.#dropInvitation(leg.id),
    };
  }

  /** Ends an admin's invitation not yet brought in (its `ended` puts the admin back). */
  #dropInvitation(adminLeg: string): void {
    this.#invitations.get(adminLeg)?.leg.drop();
  }

  #status(settings: ConferenceRoomSettings): RoomStatus {
    const room = this.#live.get(settings.number);
    return {
      ...settings,
      participants: room?.participants() ?? [],
      recording: room?.recording ?? false,
      started: room?.started ?? false,
    };
  }

  #room(number: string): ConferenceRoom {
    const open = this.#live.get(number);
    if (open) return open;
    const settings = this.#o.store.get(number);
    const room = new ConferenceRoom(number, {
      clock: this.#o.clock,
      waitForAdmin: settings?.waitForAdmin ?? false,
      music: this.#o.music,
      clip: (name) => this.#o.clip("", name),
      isExtension: this.#o.isExtension,
      ...(this.#o.recordings ? { recordings: this.#o.recordings } : {}),
      emptied: () => {
        if (this.#live.get(number) === room) this.#live.delete(number);
        this.#o.log?.("conference ended", { room: number });
      },
    });
    this.#live.set(number, room);
    this.#o.log?.("conference started", { room: number });
    return room;
  }
}
