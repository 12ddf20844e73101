// The registry with every number the box answers today, as main.ts and the API tests wire it.
import { CONFERENCE_ROOMS, PARK_SLOTS } from "./manual-numbers.ts";
import type { NumberProvider } from "./number-holder.ts";
import {
  analogPortNumbers,
  blockNumbers,
  departmentNumbers,
  featureCodeNumbers,
  ipExtensionNumbers,
  outboundPrefixNumbers,
} from "./number-providers.ts";

export interface BoxNumberSources {
  extensions: Parameters<typeof ipExtensionNumbers>[0];
  departments: Parameters<typeof departmentNumbers>[0];
  analog: Parameters<typeof analogPortNumbers>[0];
  featureCodes: Parameters<typeof featureCodeNumbers>[0];
  /** Setting "dialplan.outboundPrefixes". */
  outboundPrefixes: () => readonly string[];
}

/** The providers of today's numbers: extensions, FXS ports, departments, codes, rooms, slots. */
export function boxNumberProviders(sources: BoxNumberSources): NumberProvider[] {
  return [
    ipExtensionNumbers(sources.extensions),
    analogPortNumbers(sources.analog),
    departmentNumbers(sources.departments),
    featureCodeNumbers(sources.featureCodes),
    blockNumbers("conference-room", "conference room", () => CONFERENCE_ROOMS),
    blockNumbers("park-slot", "park slot", () => PARK_SLOTS),
    outboundPrefixNumbers(sources.outboundPrefixes),
  ];
}
