// A start-up failure the operator can act on: its message is the one line printed before the
// program exits (no stack trace), and its exit code tells a service manager what kind it is.

/** Exit code of a configuration the program cannot run with (like a usage error). */
export const EXIT_CONFIG = 2;
/** Exit code of an environment that stops the program (port taken, disk read-only...). */
export const EXIT_ENVIRONMENT = 1;

export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ENVIRONMENT,
  ) {
    super(message);
    this.name = "StartupError";
  }
}

/** What a socket that failed to listen means, naming the service, address and flag. */
export function listenError(
  service: string,
  address: { hostname: string; port: number; flag: string },
  error: unknown,
): StartupError {
  const where = `${address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname}:${address.port}`;
  const code = (error as { code?: string } | undefined)?.code;
  const why =
    code === "EADDRINUSE"
      ? "the port is in use by another program"
      : code === "EACCES"
        ? "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
        : code === "EADDRNOTAVAIL"
          ? "the address is not one of this machine's"
          : firstLine(error);
  return new StartupError(`cannot listen for ${service} on ${where} (--${address.flag}): ${why}`);
}

/** An error class whose messages are written for the operator already. */
// biome-ignore lint/suspicious/noExplicitAny: any constructor, matched with instanceof only
type ErrorClass = abstract new (...args: any[]) => Error;

/** The one line to print for any start-up failure; `clear` errors are printed as they are. */
export function startupMessage(error: unknown, clear: readonly ErrorClass[] = []): string {
  if (error instanceof StartupError || clear.some((c) => error instanceof c))
    return firstLine(error);
  return `cannot start: ${firstLine(error)}`;
}

/** The exit code for any start-up failure. */
export function startupExitCode(error: unknown): number {
  return error instanceof StartupError ? error.exitCode : EXIT_ENVIRONMENT;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n", 1)[0]!.trim() || "unknown error";
}
