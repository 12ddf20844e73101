// A relay worker thread's entry point: one RelayEngine that owns the RTP and RTCP sockets
// of the sessions placed on this thread, driven by messages from the main thread. Being the
// root of its own thread, it picks the real clock, as main.ts does for the main thread.
// In a compiled binary this file must be an extra entrypoint of `bun build --compile`.
import { systemClock } from "../system-clock.ts";
import type { WorkerMessage, WorkerRequest } from "./engine-host.ts";
import { RelayEngine } from "./relay-engine.ts";

declare const self: Worker;

const engine = new RelayEngine({
  clock: systemClock,
  emit: (event, transfer) => self.postMessage({ event } satisfies WorkerMessage, transfer ?? []),
});

self.onmessage = async (message: MessageEvent<WorkerRequest>) => {
  const { id, command } = message.data;
  if (command.op === "shutdown") {
    engine.closeAll();
    if (id !== undefined) self.postMessage({ id, reply: { ok: true } } satisfies WorkerMessage);
    return;
  }
  const reply = await engine.handle(command);
  if (id !== undefined) self.postMessage({ id, reply } satisfies WorkerMessage);
};
