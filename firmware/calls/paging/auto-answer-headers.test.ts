import { expect, test } from "bun:test";
import { VENDOR_IDS } from "../../provisioning/phone-vendors.ts";
import { AUTO_ANSWER_BY_VENDOR, autoAnswerHeaders } from "./auto-answer-headers.ts";

test("a Yealink member is told to answer at once by Call-Info", () => {
  expect(
    autoAnswerHeaders("Yealink SIP-T46S 66.86.0.15 00:15:65:aa:bb:cc", "192.168.1.10"),
  ).toEqual([{ name: "Call-Info", value: "<sip:192.168.1.10>;answer-after=0" }]);
});

test("Snom and Escene members also get their own Alert-Info forms", () => {
  expect(autoAnswerHeaders("snomD785/10.1.54.13", "pbx")).toContainEqual({
    name: "Alert-Info",
    value: "<http://www.notused.com>;info=alert-autoanswer;delay=0",
  });
  expect(autoAnswerHeaders("Escene ES620 V2.1", "pbx")).toContainEqual({
    name: "Alert-Info",
    value: "Ring Answer",
  });
});

test("an unknown phone gets both Call-Info answer-after and alert-autoanswer", () => {
  expect(autoAnswerHeaders("baresip v3.10.1 (x86_64/linux)", "127.0.0.1")).toEqual([
    { name: "Call-Info", value: "<sip:127.0.0.1>;answer-after=0" },
    { name: "Alert-Info", value: "info=alert-autoanswer" },
  ]);
  expect(autoAnswerHeaders(undefined, "127.0.0.1")).toHaveLength(2);
});

test("every vendor the box provisions has a row", () => {
  for (const id of VENDOR_IDS) expect(AUTO_ANSWER_BY_VENDOR[id].length).toBeGreaterThan(0);
});
