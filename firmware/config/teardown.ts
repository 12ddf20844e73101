// What start-up has opened, closed in reverse order: on a normal stop and equally when start-up
// fails half-way, so a failed start never leaves a process serving SIP without its web side.

type Closer = () => void | Promise<void>;

export class Teardown {
  readonly #closers: { name: string; close: Closer }[] = [];
  #closing: Promise<void> | undefined;

  /** Registers how to close something just opened; closed before everything added earlier. */
  add(name: string, close: Closer): void {
    this.#closers.push({ name, close });
  }

  /** Closes everything once, newest first; a closer that fails does not stop the others. */
  closeAll(onError: (name: string, error: unknown) => void = () => {}): Promise<void> {
    this.#closing ??= (async () => {
      while (this.#closers.length > 0) {
        const { name, close } = this.#closers.pop()!;
        try {
          await close();
        } catch (error) {
          onError(name, error);
        }
      }
    })();
    return this.#closing;
  }
}
