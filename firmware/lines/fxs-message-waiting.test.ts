// SPEC CALL-7 (issue 12): an analog handset whose mailbox holds new voicemail hears stutter
// dial tone when lifted (China 特种拨号音, 450 Hz 400 ms on / 40 ms off), and plain dial tone
// once the messages are heard. The simulated board's virtual phone tells the tones apart from
// what reaches its earpiece; the counts come from the real voicemail store.
import { expect, test } from "bun:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { VoicemailStore } from "../voicemail/voicemail-store.ts";
import { simLines } from "./sim-lines.test-helper.ts";

test("FXS 1 (8001) hears stutter dial tone while a message waits, plain dial tone after", async () => {
  const store = new VoicemailStore(openTestDatabase().db, tempDir("fxs-mwi-"));
  const mailboxOf: Record<number, string> = { 1: "8001", 2: "8002" };
  const { clock, phone, lines } = await simLines({
    fxsMessageWaiting: (index) => store.counts(mailboxOf[index] ?? "").newMessages > 0,
  });
  const lift = (port: number) => {
    phone(port).offhook();
    clock.advance(3000);
    return phone(port).state().hears;
  };
  const hangUp = (port: number) => {
    phone(port).onhook();
    // Longer than a hook flash.
    clock.advance(2000);
  };

  // No message: plain dial tone.
  expect(lift(1)).toBe("dial-tone");
  hangUp(1);

  const message = store.add("8001", {
    callerNumber: "301",
    callerName: "Desk 301",
    receivedMs: clock.now(),
    samples: new Int16Array(8000 * 2).fill(3000),
  });
  expect(lift(1)).toBe("stutter-dial-tone");
  expect(lines.fxs[0]!.tone()).toBe("stutter-dial");
  // It keeps stuttering while the handset is off the hook waiting for digits.
  clock.advance(3000);
  expect(phone(1).state().hears).toBe("stutter-dial-tone");
  hangUp(1);
  // Another extension's handset is not told of 8001's messages.
  expect(lift(2)).toBe("dial-tone");
  hangUp(2);

  // The message is heard (saved): plain dial tone again.
  store.setStatus(message.id, "saved");
  expect(lift(1)).toBe("dial-tone");
  hangUp(1);
});
