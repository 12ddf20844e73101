// GPIO over the Linux character device, uAPI v2 (Documentation/userspace-api/gpio/chardev.rst):
// GPIO_V2_GET_LINE_IOCTL on /dev/gpiochipN returns a line fd; values go through
// GPIO_V2_LINE_GET_VALUES_IOCTL / GPIO_V2_LINE_SET_VALUES_IOCTL on that fd. A line requested
// with GPIO_V2_LINE_FLAG_EDGE_* makes the fd readable: each read returns struct
// gpio_v2_line_event records, read here as a stream so nothing polls.
import type { GpioPin } from "../../bsp/board-definition.ts";
import { ioctlOrThrow, O_RDWR, openDevice, type Syscalls } from "../linux/syscalls.ts";
import { BoardIoError } from "../result.ts";
import type { GpioController, GpioEdgeEvent, GpioEventLine, GpioLine } from "./gpio.ts";
import {
  decodeLineEvent,
  decodeLineRequestFd,
  decodeLineValueBits,
  encodeLineRequest,
  encodeLineValues,
  GPIO_V2_GET_LINE_IOCTL,
  GPIO_V2_LINE_EVENT_RISING_EDGE,
  GPIO_V2_LINE_FLAG_ACTIVE_LOW,
  GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
  GPIO_V2_LINE_FLAG_EDGE_FALLING,
  GPIO_V2_LINE_FLAG_EDGE_RISING,
  GPIO_V2_LINE_FLAG_INPUT,
  GPIO_V2_LINE_FLAG_OUTPUT,
  GPIO_V2_LINE_GET_VALUES_IOCTL,
  GPIO_V2_LINE_SET_VALUES_IOCTL,
  LINE_EVENT_SIZE,
} from "./gpio-v2-abi.ts";

/** Reads a line request fd as a stream of bytes (Bun reads it off the event loop). */
export type LineEventReader = (fd: number) => ReadableStream<Uint8Array>;

const bunFdReader: LineEventReader = (fd) => Bun.file(fd).stream();

export class LinuxGpio implements GpioController {
  private readonly chips = new Map<string, number>();

  constructor(
    private readonly sys: Syscalls,
    private readonly readEvents: LineEventReader = bunFdReader,
  ) {}

  requestEvents(
    pin: GpioPin,
    edges: "rising" | "falling" | "both",
    consumer: string,
  ): GpioEventLine {
    let edgeFlags = 0;
    if (edges !== "falling") edgeFlags |= GPIO_V2_LINE_FLAG_EDGE_RISING;
    if (edges !== "rising") edgeFlags |= GPIO_V2_LINE_FLAG_EDGE_FALLING;
    const { line, fd } = this.request(pin, "input", consumer, false, edgeFlags);
    const listeners = new Set<(event: GpioEdgeEvent) => void>();
    const reader = this.readEvents(fd).getReader();
    let pending = new Uint8Array(0);
    const pump = async (): Promise<void> => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !value) return;
        const joined = new Uint8Array(pending.length + value.length);
        joined.set(pending);
        joined.set(value, pending.length);
        let at = 0;
        for (; at + LINE_EVENT_SIZE <= joined.length; at += LINE_EVENT_SIZE) {
          const e = decodeLineEvent(joined.subarray(at, at + LINE_EVENT_SIZE));
          const edge = e.id === GPIO_V2_LINE_EVENT_RISING_EDGE ? "rising" : "falling";
          for (const l of [...listeners]) l({ edge });
        }
        pending = joined.slice(at);
      }
    };
    // A read error ends the stream: the line is closed or gone; the driver's health check notices.
    void pump().catch(() => {});
    return {
      read: () => line.read(),
      write: (active) => line.write(active),
      onEdge(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close() {
        listeners.clear();
        void reader.cancel().catch(() => {});
        line.close();
      },
    };
  }

  requestLine(
    pin: GpioPin,
    direction: "input" | "output",
    consumer: string,
    initial = false,
  ): GpioLine {
    return this.request(pin, direction, consumer, initial, 0).line;
  }

  private request(
    pin: GpioPin,
    direction: "input" | "output",
    consumer: string,
    initial: boolean,
    edgeFlags: number,
  ): { line: GpioLine; fd: number } {
    const chipFd = this.chipFd(pin.chip);
    let flags = direction === "input" ? GPIO_V2_LINE_FLAG_INPUT : GPIO_V2_LINE_FLAG_OUTPUT;
    flags |= edgeFlags;
    if (pin.activeLow) flags |= GPIO_V2_LINE_FLAG_ACTIVE_LOW;
    // Buttons pull to the inactive level so an open contact reads "released".
    if (direction === "input" && pin.activeLow) flags |= GPIO_V2_LINE_FLAG_BIAS_PULL_UP;
    const request = encodeLineRequest({
      offsets: [pin.line],
      consumer,
      flags,
      ...(direction === "output" ? { outputValues: initial ? 1 : 0 } : {}),
    });
    ioctlOrThrow(this.sys, chipFd, GPIO_V2_GET_LINE_IOCTL, request, pin.chip);
    const fd = decodeLineRequestFd(request);
    if (fd < 0) throw new BoardIoError(`no fd for line ${pin.line}`, pin.chip);
    const sys = this.sys;
    const device = `${pin.chip}:${pin.line}`;
    const line: GpioLine = {
      read() {
        const values = encodeLineValues(0, 1);
        ioctlOrThrow(sys, fd, GPIO_V2_LINE_GET_VALUES_IOCTL, values, device);
        return (decodeLineValueBits(values) & 1) === 1;
      },
      write(active) {
        ioctlOrThrow(
          sys,
          fd,
          GPIO_V2_LINE_SET_VALUES_IOCTL,
          encodeLineValues(active ? 1 : 0, 1),
          device,
        );
      },
      close() {
        sys.close(fd);
      },
    };
    return { line, fd };
  }

  close(): void {
    for (const fd of this.chips.values()) this.sys.close(fd);
    this.chips.clear();
  }

  private chipFd(chip: string): number {
    let fd = this.chips.get(chip);
    if (fd === undefined) {
      fd = openDevice(this.sys, chip, O_RDWR);
      this.chips.set(chip, fd);
    }
    return fd;
  }
}
