import { expect, test } from "bun:test";
import { bootedSlotOf } from "./start-updater.ts";

test("the booted slot is the kernel command line's pbx.slot, else the environment's choice", () => {
  expect(bootedSlotOf("console=ttyS0 root=/dev/mmcblk0p3 pbx.slot=b rw", "a")).toBe("b");
  expect(bootedSlotOf("pbx.slot=a", "b")).toBe("a");
  expect(bootedSlotOf("BOOT_IMAGE=/vmlinuz root=UUID=1 quiet", "b")).toBe("b");
  expect(bootedSlotOf(undefined, undefined)).toBe("a");
  expect(bootedSlotOf("xpbx.slot=b", "a")).toBe("a");
});
