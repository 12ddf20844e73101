// The simulated board with its audio on ALSA (SPEC DEV-2): the same chip models as `sim` (the
// drivers talk SPI to them, the virtual phones lift and ring), but the PCM highway is the ALSA
// device "pbx_highway", one channel per port as on the real board. Whatever the machine's ALSA
// configuration makes of that name is the far end of the ports' audio: a sound card, a loopback,
// or the file plugins of a test (what the box sends to a handset lands in a file, what the
// handset says comes from one). The virtual phones' own audio (keypad, earpiece) is not on it.
import type { AnalogPortDefinition, BoardDefinition } from "./board-definition.ts";
import { sim } from "./sim.ts";

/** FXS 1-4 on channels 0-3, FXO 1-4 on 4-7: the real board's order (pbx-a53-4s4o). */
const onChannel = (p: AnalogPortDefinition): AnalogPortDefinition => ({
  ...p,
  pcmChannel: p.kind === "fxs" ? p.index - 1 : 4 + p.index - 1,
});

export const simAlsa: BoardDefinition = {
  ...sim,
  name: "sim-alsa",
  model: "PBX-Sim 4S4O (ALSA audio)",
  compatible: ["pbx,sim-alsa"],
  ports: sim.ports.map(onChannel),
  pcm: { device: "pbx_highway", channels: 8 },
  simulated: true,
};
