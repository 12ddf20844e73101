// opus-recorder (the recorder the product names for prompts recorded in the browser) ships no
// types: what the pages use of it.
declare module "opus-recorder" {
  interface RecorderOptions {
    /** The worker that encodes: the box serves opus-recorder's WAV worker at /ui/. */
    encoderPath?: string;
    numberOfChannels?: 1 | 2;
    wavBitDepth?: 8 | 16 | 24 | 32;
    mediaTrackConstraints?: boolean | MediaTrackConstraints;
  }
  export default class Recorder {
    constructor(options?: RecorderOptions);
    static isRecordingSupported(): boolean;
    start(): Promise<void>;
    stop(): Promise<void>;
    close(): Promise<void>;
    ondataavailable: (data: Uint8Array) => void;
    onstart: () => void;
    onstop: () => void;
  }
}
