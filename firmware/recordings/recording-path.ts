// Where a recording's WAV goes inside its volume's recordings folder (SPEC CALL-16): one
// folder per day, and a name a person browsing the USB stick can read:
// 2025/06/01/20250601-090000-call-101-13800138000-3f9a.wav. Times are UTC so names never
// repeat or jump when the box's time zone or daylight saving changes.

export interface RecordingNameParts {
  startedAtMs: number;
  kind: string;
  extensions: readonly string[];
  peerNumber: string;
  /** A few random hex digits so two recordings in one second never share a name. */
  unique: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Keeps digits, letters and "+"; anything else becomes "_" (numbers may hold "*" or "#"). */
function fileSafe(part: string): string {
  return part.replace(/[^0-9A-Za-z+]/g, "_").slice(0, 32);
}

/** The relative path "YYYY/MM/DD/<stamp>-<kind>-<ext>-<peer>-<unique>.wav". */
export function recordingPath(parts: RecordingNameParts): string {
  const d = new Date(parts.startedAtMs);
  const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  const stamp =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const who = [parts.kind, parts.extensions[0] ?? "", parts.peerNumber]
    .filter((p) => p !== "")
    .map(fileSafe);
  return `${day}/${[stamp, ...who, fileSafe(parts.unique)].join("-")}.wav`;
}
