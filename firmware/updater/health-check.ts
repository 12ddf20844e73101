// The health check a new firmware passes before it marks its slot good (DESIGN "Platform
// services"; RAUC marks a slot good only after a health check: so do we). Each check is a real
// condition: the database answers, SIP and the web server answer on their ports, the board's
// analog ports are up.

/** A check passes (undefined) or says what is wrong. */
export type HealthCheck = () => Promise<string | undefined> | string | undefined;

export interface HealthReport {
  readonly ok: boolean;
  readonly failures: ReadonlyArray<{ readonly check: string; readonly reason: string }>;
}

/** Runs every check (each one even when an earlier one failed) and collects the failures. */
export async function runHealthChecks(checks: Record<string, HealthCheck>): Promise<HealthReport> {
  const failures: Array<{ check: string; reason: string }> = [];
  for (const [check, run] of Object.entries(checks)) {
    try {
      const reason = await run();
      if (reason !== undefined) failures.push({ check, reason });
    } catch (error) {
      failures.push({ check, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { ok: failures.length === 0, failures };
}
