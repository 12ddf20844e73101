// Names that become file and folder names under the data directory (SPEC VOICE-1, VOICE-2).
// A name is checked, never cleaned up: "../x" or "a/b" is refused outright so no request can
// reach a path outside its folder, and what the operator typed is what the list shows.

/** Music-on-hold class names: also the folder name and what extensions and queues refer to. */
const CLASS_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** File and prompt names: letters of any script (Chinese titles are common), digits, a few marks. */
const FILE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.()+-]{0,79}$/u;

export const DEFAULT_MOH_CLASS = "default";

/** Why `name` cannot be a class name, or undefined when it can. */
export function classNameProblem(name: string): string | undefined {
  if (CLASS_NAME.test(name)) return undefined;
  return "must be 1-32 letters, digits, _ or -, starting with a letter or digit";
}

/** Why `name` cannot name a stored file, or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (!FILE_NAME.test(name) || name.endsWith(".") || name.endsWith(" ")) {
    return "must be 1-80 letters, digits, spaces or _ . ( ) + -, starting with a letter or digit";
  }
  return undefined;
}

/**
 * The stored name of an upload: the explicit name, else the uploaded file's name without its
 * extension. A file name carrying a folder ("../a.mp3", "C:\\a.mp3") is refused, not trimmed.
 */
export function storedNameOf(fileName: string, explicitName?: string): string {
  if (explicitName !== undefined && explicitName !== "") return explicitName;
  if (/[/\\]/.test(fileName)) return fileName;
  return fileName.replace(/\.(mp3|wav|wave)$/i, "");
}
