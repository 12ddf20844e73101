// SPEC VOICE-1, VOICE-2: the box's voice files, indexed in SQLite, stored under the data
// directory (<data>/moh/<class>/<name>.wav, <data>/prompts/custom/<name>.wav). Opening the
// store sweeps what a power cut left half done (voice-store-repair.ts) and, at first boot,
// creates the "default" music-on-hold class with a synthesized clip. The call engine gets
// its audio here: mohSource() for callers on hold, promptClip() for anything the box says.
import type { MusicOnHoldSource } from "../../media/play/music-on-hold-source.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import { SettingsStore } from "../db/settings-store.ts";
import type { ChunkWriter } from "../services/atomic-file.ts";
import { CustomPromptLibrary } from "./custom-prompt-library.ts";
import { synthesizeDefaultMusic } from "./default-music.ts";
import { MohLibrary } from "./moh-library.ts";
import type { SystemPrompts } from "./system-prompts.ts";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "./upload-audio.ts";
import type { Clock, VoiceContext } from "./voice-context.ts";
import { DEFAULT_MOH_CLASS } from "./voice-names.ts";
import { type RepairReport, repairVoiceFiles } from "./voice-store-repair.ts";

export interface VoiceFileStoreOptions {
  db: PbxDatabase;
  dataDir: string;
  clock: Clock;
  limits?: Partial<UploadLimits>;
  /** Uniform [0, 1) source for the random play mode. */
  random?: () => number;
  /** The built-in prompts promptClip() falls back to. */
  systemPrompts?: SystemPrompts;
  /** The write(2) call audio files are written with; tests inject a full disk here. */
  writeChunk?: ChunkWriter;
}

export const DEFAULT_CLIP_NAME = "melody";
const INSTALLED_KEY = "voice.defaultMusicInstalled";
const CUSTOM_PREFIX = "custom/";

/** Music-on-hold classes, custom prompts, and the audio loaders the call engine uses. */
export class VoiceFileStore {
  readonly moh: MohLibrary;
  readonly prompts: CustomPromptLibrary;

  private constructor(
    private readonly ctx: VoiceContext,
    /** What the start-up sweep removed. */
    readonly repairs: RepairReport,
    random: () => number,
    private readonly systemPrompts: SystemPrompts | undefined,
  ) {
    this.moh = new MohLibrary(ctx, random);
    this.prompts = new CustomPromptLibrary(ctx);
  }

  /** Opens the store: sweeps interrupted writes and orphans, then makes first-boot defaults. */
  static open(options: VoiceFileStoreOptions): VoiceFileStore {
    const ctx: VoiceContext = {
      db: options.db,
      dataDir: options.dataDir,
      clock: options.clock,
      limits: { ...DEFAULT_UPLOAD_LIMITS, ...options.limits },
      ...(options.writeChunk ? { writeChunk: options.writeChunk } : {}),
    };
    const repairs = repairVoiceFiles(ctx);
    const store = new VoiceFileStore(
      ctx,
      repairs,
      options.random ?? Math.random,
      options.systemPrompts,
    );
    store.installDefaults(new SettingsStore(options.db));
    return store;
  }

  /** The upload size and length limits, for the web server's body limit. */
  get uploadLimits(): UploadLimits {
    return this.ctx.limits;
  }

  /** The shared music-on-hold stream of a class (unknown classes play "default"). */
  mohSource(className: string): MusicOnHoldSource {
    return this.moh.source(className);
  }

  /**
   * The samples of a prompt: "custom/<name>" is an uploaded prompt, anything else a built-in
   * prompt in `lang` (or a fallback language).
   */
  promptClip(lang: string, name: string): Int16Array | undefined {
    if (name.startsWith(CUSTOM_PREFIX)) return this.prompts.clip(name.slice(CUSTOM_PREFIX.length));
    return this.systemPrompts?.clip(lang, name);
  }

  // A flag rather than "the class is missing": a power cut between making the class and
  // storing its clip must not leave the default class silent forever, and a clip the
  // operator deleted must stay deleted.
  private installDefaults(settings: SettingsStore): void {
    if (settings.get(INSTALLED_KEY, false)) return;
    if (!this.moh.getClass(DEFAULT_MOH_CLASS)) {
      this.moh.createClass({ name: DEFAULT_MOH_CLASS, playMode: "in-order" });
    }
    if (!this.moh.getFile(DEFAULT_MOH_CLASS, DEFAULT_CLIP_NAME)) {
      this.moh.storeClip(DEFAULT_MOH_CLASS, DEFAULT_CLIP_NAME, synthesizeDefaultMusic(8000));
    }
    settings.set(INSTALLED_KEY, true);
  }
}
