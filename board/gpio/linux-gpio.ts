// GPIO over the Linux character device, uAPI v2 (Documentation/userspace-api/gpio/chardev.rst):
// GPIO_V2_GET_LINE_IOCTL on /dev/gpiochipN returns a line fd; values go through
// GPIO_V2_LINE_GET_VALUES_IOCTL / GPIO_V2_LINE_SET_VALUES_IOCTL on that fd.
import type { GpioPin } from "../../bsp/board-definition.ts";
import { ioctlOrThrow, O_RDWR, openDevice, type Syscalls } from "../linux/syscalls.ts";
import { BoardIoError } from "../result.ts";
import type { GpioController, GpioLine } from "./gpio.ts";
import {
  decodeLineRequestFd,
  decodeLineValueBits,
  encodeLineRequest,
  encodeLineValues,
  GPIO_V2_GET_LINE_IOCTL,
  GPIO_V2_LINE_FLAG_ACTIVE_LOW,
  GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
  GPIO_V2_LINE_FLAG_INPUT,
  GPIO_V2_LINE_FLAG_OUTPUT,
  GPIO_V2_LINE_GET_VALUES_IOCTL,
  GPIO_V2_LINE_SET_VALUES_IOCTL,
} from "./gpio-v2-abi.ts";

export class LinuxGpio implements GpioController {
  private readonly chips = new Map<string, number>();

  constructor(private readonly sys: Syscalls) {}

  requestLine(
    pin: GpioPin,
    direction: "input" | "output",
    consumer: string,
    initial = false,
  ): GpioLine {
    const chipFd = this.chipFd(pin.chip);
    let flags = direction === "input" ? GPIO_V2_LINE_FLAG_INPUT : GPIO_V2_LINE_FLAG_OUTPUT;
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
    return {
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
