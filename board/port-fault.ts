// Why an analog port stopped working (SPEC STAT-3 shows it; DEV-6 reports it as an alarm).

export interface PortFault<Reason extends string = string> {
  readonly reason: Reason;
  readonly detail: string;
  readonly atMs: number;
}
