// The providers of the numbers the box answers today, each reading its owner's current data.
// A new kind (IVR, queue, inbound route) adds a provider like these and registers it.
import type { NumberBlock } from "./manual-numbers.ts";
import type { NumberHolder, NumberProvider } from "./number-holder.ts";

/** IP extensions (SPEC EXT-2). */
export function ipExtensionNumbers(source: {
  numbers(): readonly { number: string; displayName: string }[];
}): NumberProvider {
  return {
    holders: () =>
      source.numbers().map((e) => ({
        kind: "extension",
        number: e.number,
        name: e.displayName,
        label: `extension ${e.number}`,
        prefix: false,
      })),
  };
}

/** Analog extensions, one per FXS port (SPEC EXT-5: 8001-8004 on the simulated board). */
export function analogPortNumbers(source: {
  list(): readonly { channel: number; number: string; name: string; alias: string }[];
}): NumberProvider {
  return {
    holders: () =>
      source.list().map((a) => ({
        kind: "analog",
        number: a.number,
        name: a.alias || a.name,
        label: `FXS port ${a.channel}`,
        prefix: false,
      })),
  };
}

/** Departments: their number rings the members (SPEC EXT-1). */
export function departmentNumbers(source: {
  list(): readonly { number: string; name: string }[];
}): NumberProvider {
  return {
    holders: () =>
      source.list().map((d) => ({
        kind: "department",
        number: d.number,
        name: d.name,
        label: `department ${d.name}`,
        prefix: false,
      })),
  };
}

/**
 * Feature codes dialled from an idle phone (SPEC CALL): a code that takes an argument (*71 then
 * a number) holds every number starting with it. Codes pressed during a call (*4, #, *2...)
 * are heard by the call, not dialled, so they hold no number; turned-off codes hold none.
 */
export function featureCodeNumbers(source: {
  list(): readonly {
    id: string;
    code: string;
    enabled: boolean;
    inCall: boolean;
    takesArgument: boolean;
  }[];
}): NumberProvider {
  return {
    holders: () =>
      source
        .list()
        .filter((f) => f.enabled && !f.inCall)
        .map((f) => ({
          kind: "feature-code",
          number: f.code,
          name: f.id,
          label: `feature code ${f.code} (${f.id})`,
          prefix: f.takesArgument,
        })),
  };
}

/** A built-in block of numbers: conference rooms, park slots. */
export function blockNumbers(kind: string, what: string, block: () => NumberBlock): NumberProvider {
  return {
    *holders(): Iterable<NumberHolder> {
      const { first, last } = block();
      for (let n = first; n <= last; n++) {
        const number = String(n);
        yield { kind, number, name: "", label: `${what} ${number}`, prefix: false, builtIn: true };
      }
    },
  };
}

/** Outbound prefixes (SPEC ROUTE-2, "the manuals use 9"): every number after one goes out. */
export function outboundPrefixNumbers(prefixes: () => readonly string[]): NumberProvider {
  return {
    holders: () =>
      prefixes().map((prefix) => ({
        kind: "outbound-prefix",
        number: prefix,
        name: "",
        label: `the outbound prefix ${prefix}`,
        prefix: true,
        builtIn: true,
      })),
  };
}
