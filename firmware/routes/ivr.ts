// SPEC ROUTE-4: an IVR (auto attendant) as a pure state machine. The call engine plays the
// prompt, collects digits with the IVR's timeout and feeds each outcome here; the answer says
// what to do next: play the prompt again, or go to a destination (an extension, a department,
// another IVR for nested menus, hang up). A key press ends the prompt; with direct dialling on,
// a caller may also dial an extension number, ended by '#' or the inter-digit timeout.

export interface IvrMenu {
  id: number;
  /** "custom/<name>" or a built-in prompt name. */
  prompt: string;
  /** "0"-"9", "*", "#" to a destination ("extension:101", "ivr:3", ...). */
  keys: Readonly<Record<string, string>>;
  directDial: boolean;
  timeoutS: number;
  /** How many times the prompt is played in all before the timeout or invalid destination. */
  repeat: number;
  invalidDestination: string;
  timeoutDestination: string;
}

export interface IvrState {
  /** Times the prompt has been played. */
  played: number;
}

export type IvrInput =
  /** What the caller entered: one key, or several digits for direct dialling. */
  { kind: "digits"; digits: string } | { kind: "timeout" };

export type IvrAction =
  | { action: "play"; prompt: string; state: IvrState }
  | { action: "go"; destination: string; cause: "key" | "direct" | "timeout" | "invalid" };

export const IVR_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;

/** The first step: play the prompt. */
export function startIvr(menu: IvrMenu): IvrAction {
  return { action: "play", prompt: menu.prompt, state: { played: 1 } };
}

/** The next step after the caller's input (or silence). */
export function stepIvr(
  menu: IvrMenu,
  state: IvrState,
  input: IvrInput,
  isExtension: (number: string) => boolean,
): IvrAction {
  if (input.kind === "digits") {
    const digits =
      input.digits.endsWith("#") && input.digits.length > 1
        ? input.digits.slice(0, -1)
        : input.digits;
    if (digits.length === 1 && menu.keys[digits] !== undefined)
      return { action: "go", destination: menu.keys[digits]!, cause: "key" };
    if (menu.directDial && digits.length > 1 && isExtension(digits))
      return { action: "go", destination: `extension:${digits}`, cause: "direct" };
    return again(menu, state, "invalid", menu.invalidDestination);
  }
  return again(menu, state, "timeout", menu.timeoutDestination);
}

function again(
  menu: IvrMenu,
  state: IvrState,
  cause: "timeout" | "invalid",
  destination: string,
): IvrAction {
  if (state.played < Math.max(1, menu.repeat))
    return { action: "play", prompt: menu.prompt, state: { played: state.played + 1 } };
  return { action: "go", destination, cause };
}
