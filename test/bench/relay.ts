// Media relay benchmark (issue 3): the relay (firmware/relay, its Bun workers owning the RTP
// sockets) runs in one child process, a generator of G.711 calls in another; each call is
// two 20 ms RTP streams (one per direction, 172-byte packets) spread evenly over time. The
// number of calls ramps up; each step prints packets/s relayed, packet loss, the relay's CPU
// (from /proc/<pid>/stat) and CPU per relayed packet, its RSS and MB per call, and where
// packets were dropped (socket buffers of the relay or of the generator, from /proc/net/udp).
// Bounded: stops by itself after the last step, at 5 % loss, or after about 2 minutes.
//
//   npx bun test/bench/relay.ts        (or test/bench/relay.sh)
//   env: STEPS=100,400,...  STEP_S=5  WORKERS=<relay workers, default one per core>
//        SEND=many|single (generator uses sendMany or send)
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { availableParallelism } from "node:os";
import { cpuSeconds, rssMb } from "./proc-stats.ts";

const PACKET_BYTES = 172;
const FRAME_MS = 20;
/** Calls are sent in this many groups, 2 ms apart, as phones are not synchronised. */
const GROUPS = 10;
/** Generator sockets per direction: more sockets, more kernel buffer for bursts. */
const SOCKETS_PER_SIDE = Number(process.env.GEN_SOCKETS ?? 16);

type Message = { id: number; [key: string]: unknown };
type RelayCounts = { packetsIn: number; packetsOut: number };

/** Request/response over Bun's IPC channel with a child. */
function ipcPeer(send: (message: Message) => void) {
  const pending = new Map<number, (reply: Message) => void>();
  let next = 1;
  return {
    request(body: Record<string, unknown>): Promise<Message> {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ id, ...body });
      });
    },
    receive(message: Message): void {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    },
  };
}

/** Datagrams dropped by the kernel on the UDP sockets a process owns (/proc/net/udp "drops"). */
function socketDrops(pid: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {}
  }
  let drops = 0;
  for (const line of readFileSync("/proc/net/udp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 12 && inodes.has(f[9]!)) drops += Number(f[12]);
  }
  return drops;
}

async function relayProcess(): Promise<void> {
  const { MediaRelay } = await import("../../firmware/relay/media-relay.ts");
  const { systemClock } = await import("../../firmware/system-clock.ts");
  const workers = Number(process.env.WORKERS ?? availableParallelism());
  const relay = new MediaRelay({
    rtpPorts: { min: 20000, max: 39999 },
    bind: "127.0.0.1",
    workers,
    clock: systemClock,
  });
  const sessions: Awaited<ReturnType<typeof relay.createSession>>[] = [];
  process.on("message", async (message: Message) => {
    if (message.op === "add") {
      const { count, aPorts, bPorts } = message as unknown as {
        count: number;
        aPorts: number[];
        bPorts: number[];
      };
      const calls: [number, number][] = [];
      for (let i = 0; i < count; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(50, count - i) }, () => relay.createSession()),
        );
        for (const created of batch) {
          if (!created.ok) throw new Error(`relay: ${created.error}`);
          const s = created.session;
          const k = sessions.length % SOCKETS_PER_SIDE;
          sessions.push(created);
          const codec = { payloadType: 0, name: "PCMU", clockRateHz: 8000 };
          await Promise.all([
            s.a.setRemote({ address: "127.0.0.1", port: aPorts[k]! }),
            s.b.setRemote({ address: "127.0.0.1", port: bPorts[k]! }),
            s.a.setCodec(codec),
            s.b.setCodec(codec),
          ]);
          calls.push([s.a.localPort, s.b.localPort]);
        }
      }
      process.send!({ id: message.id, calls });
    } else if (message.op === "stats") {
      // Packets the relay took in and sent out, summed over its sessions.
      let packetsIn = 0;
      let packetsOut = 0;
      for (const created of sessions) {
        if (!created.ok) continue;
        for (const side of [created.session.a, created.session.b]) {
          const stats = await side.stats();
          packetsIn += stats.packetsIn;
          packetsOut += stats.packetsOut;
        }
      }
      process.send!({ id: message.id, packetsIn, packetsOut });
    } else if (message.op === "stop") {
      await relay.close();
      process.send!({ id: message.id });
      process.exit(0);
    }
  });
  process.send!({ id: 0, ready: true });
}

async function generatorProcess(): Promise<void> {
  const useSendMany = process.env.SEND !== "single";
  let received = 0;
  const open = () =>
    Bun.udpSocket({
      hostname: "127.0.0.1",
      socket: {
        data() {
          received++;
        },
        error() {},
      },
    });
  const aSockets = await Promise.all(Array.from({ length: SOCKETS_PER_SIDE }, open));
  const bSockets = await Promise.all(Array.from({ length: SOCKETS_PER_SIDE }, open));
  // One packet buffer per call and direction, renumbered each frame.
  const calls: { a: Uint8Array; b: Uint8Array; aPort: number; bPort: number; k: number }[] = [];
  const packet = (ssrc: number) => {
    const p = new Uint8Array(PACKET_BYTES).fill(0xff);
    p[0] = 0x80;
    p[1] = 0;
    new DataView(p.buffer).setUint32(8, ssrc);
    return p;
  };
  let running = false;
  let sent = 0;
  let frame = 0;
  const batches = [...aSockets, ...bSockets].map(() => [] as (Uint8Array | number | string)[]);
  const sendGroup = (group: number, frameNo: number): void => {
    for (const batch of batches) batch.length = 0;
    for (let i = group; i < calls.length; i += GROUPS) {
      const c = calls[i]!;
      for (const p of [c.a, c.b]) {
        p[2] = (frameNo >> 8) & 0xff;
        p[3] = frameNo & 0xff;
        new DataView(p.buffer).setUint32(4, frameNo * 160);
      }
      if (useSendMany) {
        batches[c.k]!.push(c.a, c.aPort, "127.0.0.1");
        batches[SOCKETS_PER_SIDE + c.k]!.push(c.b, c.bPort, "127.0.0.1");
      } else {
        aSockets[c.k]!.send(c.a, c.aPort, "127.0.0.1");
        bSockets[c.k]!.send(c.b, c.bPort, "127.0.0.1");
      }
      sent += 2;
    }
    if (!useSendMany) return;
    const all = [...aSockets, ...bSockets];
    for (let s = 0; s < all.length; s++) if (batches[s]!.length > 0) all[s]!.sendMany(batches[s]!);
  };
  let startMs = 0;
  let slot = 0;
  const slotMs = FRAME_MS / GROUPS;
  const tick = (): void => {
    if (!running) return;
    const due = Math.floor((performance.now() - startMs) / slotMs);
    // Far behind (an overloaded machine): skip ahead rather than burst.
    if (due - slot > GROUPS) slot = due - GROUPS;
    for (; slot <= due; slot++) {
      frame = Math.floor(slot / GROUPS);
      sendGroup(slot % GROUPS, frame);
    }
    setTimeout(tick, Math.max(0, startMs + slot * slotMs - performance.now()));
  };
  process.on("message", async (message: Message) => {
    if (message.op === "calls") {
      for (const [aPort, bPort] of message.calls as [number, number][]) {
        const k = calls.length % SOCKETS_PER_SIDE;
        calls.push({
          a: packet(calls.length * 2 + 1),
          b: packet(calls.length * 2 + 2),
          aPort,
          bPort,
          k,
        });
      }
      process.send!({ id: message.id });
    } else if (message.op === "run") {
      // Latching and warm-up, then a measured window.
      running = true;
      const sentBefore = sent;
      startMs = performance.now();
      slot = 0;
      tick();
      await Bun.sleep(1000);
      const sent0 = sent;
      const received0 = received;
      await Bun.sleep(Number(message.seconds) * 1000);
      running = false;
      const sentInWindow = sent - sent0;
      await Bun.sleep(300); // packets in flight
      process.send!({
        id: message.id,
        sent: sentInWindow,
        received: received - received0,
        sentTotal: sent - sentBefore,
      });
    } else if (message.op === "stop") {
      process.exit(0);
    }
  });
  process.send!({
    id: 0,
    ready: true,
    aPorts: aSockets.map((s) => s.port),
    bPorts: bSockets.map((s) => s.port),
  });
}

async function main(): Promise<void> {
  const steps = (process.env.STEPS ?? "100,300,600,900,1200,1400,1600,1800,2000,2200")
    .split(",")
    .map(Number);
  const stepS = Number(process.env.STEP_S ?? 5);
  const deadline = performance.now() + 115_000;
  const spawn = (role: string, onReady: (m: Message) => void) => {
    let peer: ReturnType<typeof ipcPeer>;
    const child = Bun.spawn([process.execPath, import.meta.path, role], {
      stdio: ["inherit", "inherit", "inherit"],
      env: process.env,
      ipc(message: Message) {
        if (message.id === 0) onReady(message);
        else peer.receive(message);
      },
    });
    peer = ipcPeer((m) => child.send(m));
    return { child, peer };
  };
  let relayReady!: () => void;
  let generatorInfo!: (m: Message) => void;
  const relayUp = new Promise<void>((r) => {
    relayReady = r;
  });
  const generatorUp = new Promise<Message>((r) => {
    generatorInfo = r;
  });
  const relay = spawn("relay-process", () => relayReady());
  const generator = spawn("generator-process", (m) => generatorInfo(m));
  const gen = await generatorUp;
  await relayUp;
  await Bun.sleep(500);
  const idleRss = rssMb(relay.child.pid);
  console.log(
    `relay: ${process.env.WORKERS ?? availableParallelism()} worker(s); generator: ${process.env.SEND === "single" ? "send" : "sendMany"}; ${availableParallelism()} cores shared by both; idle RSS ${idleRss.toFixed(1)} MB`,
  );
  console.log(
    "calls  sent/s  relayed/s  loss %  relay loss %  relay CPU %  us/pkt  RSS MB  MB/call  gen CPU %  drops relay/gen",
  );
  let calls = 0;
  let best = 0;
  let bestRelay = 0;
  for (const target of steps) {
    if (performance.now() > deadline) break;
    const added = (await relay.peer.request({
      op: "add",
      count: target - calls,
      aPorts: gen.aPorts,
      bPorts: gen.bPorts,
    })) as unknown as { calls: [number, number][] };
    await generator.peer.request({ op: "calls", calls: added.calls });
    calls = target;
    const relay0 = (await relay.peer.request({ op: "stats" })) as unknown as RelayCounts;
    const cpu0 = cpuSeconds(relay.child.pid);
    const gcpu0 = cpuSeconds(generator.child.pid);
    const rDrops0 = socketDrops(relay.child.pid);
    const gDrops0 = socketDrops(generator.child.pid);
    const t0 = performance.now();
    const result = (await generator.peer.request({ op: "run", seconds: stepS })) as unknown as {
      sent: number;
      received: number;
      sentTotal: number;
    };
    // Sending lasts the warm-up second and the window; the 300 ms drain after it is idle.
    const wallS = Math.min((performance.now() - t0) / 1000, stepS + 1);
    const cpu = cpuSeconds(relay.child.pid) - cpu0;
    const gcpu = cpuSeconds(generator.child.pid) - gcpu0;
    const drops = `${socketDrops(relay.child.pid) - rDrops0}/${socketDrops(generator.child.pid) - gDrops0}`;
    const rss = rssMb(relay.child.pid);
    const relay1 = (await relay.peer.request({ op: "stats" })) as unknown as RelayCounts;
    // Everything the relay sent on during the run (warm-up second included), against what
    // the generator sent it: loss inside the relay, whatever the generator could receive.
    const relayed = relay1.packetsOut - relay0.packetsOut;
    const relayLoss = Math.max(0, 1 - relayed / result.sentTotal);
    // End to end: what the generator got back of what it sent in the measured window.
    const loss = result.sent === 0 ? 0 : Math.max(0, 1 - result.received / result.sent);
    console.log(
      [
        String(calls).padStart(5),
        Math.round(result.sentTotal / wallS)
          .toString()
          .padStart(7),
        Math.round(relayed / wallS)
          .toString()
          .padStart(10),
        (loss * 100).toFixed(3).padStart(7),
        (relayLoss * 100).toFixed(3).padStart(13),
        ((cpu / wallS) * 100).toFixed(0).padStart(12),
        ((cpu * 1e6) / Math.max(1, relayed)).toFixed(1).padStart(7),
        rss.toFixed(0).padStart(7),
        ((rss - idleRss) / calls).toFixed(3).padStart(8),
        ((gcpu / wallS) * 100).toFixed(0).padStart(10),
        drops.padStart(16),
      ].join(" "),
    );
    if (loss < 0.001) best = calls;
    if (relayLoss < 0.001) bestRelay = calls;
    if (relayLoss > 0.05) break;
  }
  console.log("(sent/s: what the generator managed of the 100 packets/s per call it aims at)");
  console.log(`most concurrent calls with end-to-end loss < 0.1 %: ${best}`);
  console.log(`most concurrent calls with loss inside the relay < 0.1 %: ${bestRelay}`);
  await relay.peer.request({ op: "stop" });
  generator.child.send({ id: -1, op: "stop" });
  await Promise.all([relay.child.exited, generator.child.exited]);
}

const role = process.argv[2];
if (role === "relay-process") await relayProcess();
else if (role === "generator-process") await generatorProcess();
else await main();
