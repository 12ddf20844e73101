// Port states as the status page, the LEDs and telemetry show them (SPEC STAT-3, DEV-6).

/** idle; off-hook (dialling or hearing a tone); ringing; in-use (a call); faulty. */
export type PortState = "idle" | "off-hook" | "ringing" | "in-use" | "faulty";

export interface LineFault {
  readonly reason: string;
  readonly detail: string;
}
