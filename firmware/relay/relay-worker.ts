// A relay worker thread's entry point: one RelayEngine that owns the RTP and RTCP sockets
// of the sessions placed on this thread, driven by messages from the main thread. Being the
// root of its own thread, it picks the real clock, as main.ts does for the main thread.
// In a compiled binary this file must be an extra entrypoint of `bun build --compile`.
import { systemClock } from "../system-clock.ts";
import type { WorkerBatch, WorkerMessage, WorkerRequest } from "./engine-host.ts";
import { RelayEngine } from "./relay-engine.ts";

declare const self: Worker;

const engine = new RelayEngine({
  clock: systemClock,
  emit: (event, transfer) => self.postMessage({ event } satisfies WorkerMessage, transfer ?? []),
});

// Replies of one turn go back together, as the commands came (engine-host.ts WorkerBatch).
let replies: WorkerBatch<WorkerMessage> = [];
function reply(message: WorkerMessage): void {
  if (replies.length === 0) {
    setImmediate(() => {
      const batch = replies;
      replies = [];
      self.postMessage(batch);
    });
  }
  replies.push(message);
}

async function handle({ id, command }: WorkerRequest): Promise<void> {
  if (command.op === "shutdown") {
    engine.closeAll();
    if (id !== undefined) reply({ id, reply: { ok: true } });
    return;
  }
  const answer = await engine.handle(command);
  if (id !== undefined) reply({ id, reply: answer });
}

self.onmessage = (message: MessageEvent<WorkerBatch<WorkerRequest>>) => {
  for (const request of message.data) void handle(request);
};
