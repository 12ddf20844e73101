import { describe, expect, test } from "bun:test";
import { sayDate, sayDigits, sayIpv4, sayNumber, sayPromptNames, sayTime } from "./say.ts";

// Readable forms: prompt names mapped back to the words they stand for.
const ZH: Record<string, string> = {
  "digits/0": "零",
  "digits/1": "一",
  "digits/2": "二",
  "digits/3": "三",
  "digits/4": "四",
  "digits/5": "五",
  "digits/6": "六",
  "digits/7": "七",
  "digits/8": "八",
  "digits/9": "九",
  "digits/10": "十",
  "digits/liang": "两",
  "digits/hundred": "百",
  "digits/thousand": "千",
  "digits/ten-thousand": "万",
  "digits/hundred-million": "亿",
};
const zh = (n: number) =>
  sayNumber(n, "zh")
    .map((p) => ZH[p] ?? `?${p}`)
    .join("");
const en = (n: number) =>
  sayNumber(n, "en")
    .map((p) => p.replace("digits/", ""))
    .join(" ");

describe("Mandarin numbers", () => {
  test.each([
    [0, "零"],
    [7, "七"],
    [10, "十"],
    [15, "十五"],
    [20, "二十"],
    [22, "二十二"],
    [105, "一百零五"],
    [110, "一百一十"],
    [200, "两百"],
    [1005, "一千零五"],
    [1010, "一千零一十"],
    [1500, "一千五百"],
    [2222, "两千二百二十二"],
    [10005, "一万零五"],
    [20000, "两万"],
    [100000, "十万"],
    [120000, "十二万"],
    [220000, "二十二万"],
    [1001000, "一百万一千"],
    [10500, "一万零五百"],
    [100001000, "一亿零一千"],
    [200000000, "两亿"],
    [12000, "一万两千"],
    [1200, "一千二百"],
    [3000000, "三百万"],
  ])("%d -> %s", (n, words) => {
    expect(zh(n)).toBe(words);
  });
});

describe("English numbers", () => {
  test.each([
    [0, "0"],
    [5, "5"],
    [13, "13"],
    [21, "20 1"],
    [40, "40"],
    [105, "1 hundred 5"],
    [1000, "1 thousand"],
    [1234, "1 thousand 2 hundred 30 4"],
    [2300000, "2 million 3 hundred thousand"],
    [999999999, "9 hundred 90 9 million 9 hundred 90 9 thousand 9 hundred 90 9"],
  ])("%d -> %s", (n, words) => {
    expect(en(n)).toBe(words);
  });

  test("what cannot be said is empty", () => {
    expect(sayNumber(-1, "en")).toEqual([]);
    expect(sayNumber(1.5, "zh")).toEqual([]);
    expect(sayNumber(1e9, "en")).toEqual([]);
  });
});

describe("digits, addresses, dates and times", () => {
  test("digits and keys", () => {
    expect(sayDigits("8*0#")).toEqual(["digits/8", "star", "digits/0", "pound"]);
  });

  test("IPv4 addresses", () => {
    expect(sayIpv4("192.168.1.10")).toEqual([
      "digits/1",
      "digits/9",
      "digits/2",
      "dot",
      "digits/1",
      "digits/6",
      "digits/8",
      "dot",
      "digits/1",
      "dot",
      "digits/1",
      "digits/0",
    ]);
    expect(sayIpv4("10.0.0.256")).toBeUndefined();
    expect(sayIpv4("fe80::1")).toBeUndefined();
  });

  test("times", () => {
    expect(sayTime({ hour: 7, minute: 30 }, "en")).toEqual(["digits/7", "digits/30", "time/am"]);
    expect(sayTime({ hour: 19, minute: 5 }, "en")).toEqual([
      "digits/7",
      "digits/oh",
      "digits/5",
      "time/pm",
    ]);
    expect(sayTime({ hour: 0, minute: 0 }, "en")).toEqual(["digits/12", "time/oclock", "time/am"]);
    expect(sayTime({ hour: 14, minute: 0 }, "zh")).toEqual([
      "time/pm",
      "digits/liang",
      "time/hour",
      "time/oclock",
    ]);
    expect(sayTime({ hour: 7, minute: 5 }, "zh")).toEqual([
      "time/am",
      "digits/7",
      "time/hour",
      "digits/0",
      "digits/5",
      "time/minute",
    ]);
  });

  test("dates", () => {
    expect(sayDate({ year: 2025, month: 3, day: 14 }, "zh")).toEqual([
      "digits/2",
      "digits/0",
      "digits/2",
      "digits/5",
      "date/year",
      "digits/3",
      "date/month",
      "digits/10",
      "digits/4",
      "date/day",
    ]);
    expect(sayDate({ year: 2025, month: 3, day: 14 }, "en")).toEqual([
      "month/3",
      "digits/14",
      "digits/20",
      "digits/20",
      "digits/5",
    ]);
    expect(sayDate({ year: 2005, month: 1, day: 1 }, "en")).toEqual([
      "month/1",
      "digits/1",
      "digits/2",
      "digits/thousand",
      "digits/5",
    ]);
    expect(sayDate({ year: 1999, month: 12, day: 31 }, "en")).toEqual([
      "month/12",
      "digits/30",
      "digits/1",
      "digits/19",
      "digits/90",
      "digits/9",
    ]);
  });

  test("every name produced is in the declared list", () => {
    const known = new Set(sayPromptNames());
    const produced = [
      ...Array.from({ length: 3000 }, (_, i) => [
        ...sayNumber(i * 337, "zh"),
        ...sayNumber(i * 337, "en"),
      ]).flat(),
      ...sayDate({ year: 2031, month: 11, day: 22 }, "en"),
      ...sayTime({ hour: 23, minute: 59 }, "zh"),
      ...sayDigits("0123456789*#."),
    ];
    for (const p of produced) expect(known.has(p)).toBe(true);
  });
});
