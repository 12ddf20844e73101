import { describe, expect, test } from "bun:test";
import { RtpReceiveStats } from "./rtp-receive-stats.ts";

function feed(stats: RtpReceiveStats, seqs: number[], startTs = 0, jitterMs: number[] = []): void {
  seqs.forEach((seq, i) => {
    stats.update(seq, startTs + i * 160, i * 20 + (jitterMs[i] ?? 0));
  });
}

describe("RtpReceiveStats", () => {
  test("a new source is on probation until two packets arrive in sequence", () => {
    const stats = new RtpReceiveStats(8000);
    expect(stats.update(1000, 0, 0)).toBe("probation");
    expect(stats.update(1001, 160, 20)).toBe("valid");
    expect(stats.update(1002, 320, 40)).toBe("valid");
    expect(stats.received).toBe(2);
    expect(stats.cumulativeLost).toBe(0);
  });

  test("the extended sequence number counts wraps past 65535", () => {
    const stats = new RtpReceiveStats(8000);
    feed(stats, [65533, 65534, 65535, 0, 1, 2]);
    expect(stats.extendedHighestSeq).toBe(0x10000 + 2);
    expect(stats.cumulativeLost).toBe(0);
  });

  test("lost packets show in cumulative loss and in the report's fraction lost", () => {
    const stats = new RtpReceiveStats(8000);
    // 10 expected after probation (101..110), 3 missing (104, 105, 108).
    feed(stats, [100, 101, 102, 103, 106, 107, 109, 110]);
    const report = stats.takeReport();
    expect(report.cumulativeLost).toBe(3);
    expect(report.fractionLost).toBe(Math.floor((3 * 256) / 10));
    expect(report.extendedHighestSeq).toBe(110);
    // Nothing lost in the next interval.
    stats.update(111, 11 * 160, 220);
    expect(stats.takeReport().fractionLost).toBe(0);
  });

  test("a reordered packet is counted and does not move the highest sequence back", () => {
    const stats = new RtpReceiveStats(8000);
    feed(stats, [1, 2, 4, 3, 5]);
    expect(stats.extendedHighestSeq).toBe(5);
    expect(stats.cumulativeLost).toBe(0);
  });

  test("a big jump is ignored once and accepted as a restart when it continues", () => {
    const stats = new RtpReceiveStats(8000);
    feed(stats, [10, 11, 12]);
    expect(stats.update(40000, 0, 100)).toBe("bad-jump");
    expect(stats.update(40001, 160, 120)).toBe("restarted");
    expect(stats.update(40002, 320, 140)).toBe("valid");
    expect(stats.extendedHighestSeq).toBe(40002);
  });

  test("jitter is zero for a steady stream and follows A.8 when arrivals wobble", () => {
    const steady = new RtpReceiveStats(8000);
    feed(steady, [1, 2, 3, 4, 5, 6]);
    expect(steady.jitter).toBe(0);
    const wobbly = new RtpReceiveStats(8000);
    // Arrivals alternate 0 and +10 ms late: |D| = 80 timestamp units every packet.
    const offsets = Array.from({ length: 400 }, (_, i) => (i % 2) * 10);
    feed(
      wobbly,
      Array.from({ length: 400 }, (_, i) => i),
      0,
      offsets,
    );
    expect(wobbly.jitter).toBeCloseTo(80, 0);
    expect(wobbly.jitterMs).toBeCloseTo(10, 0);
  });

  test("a report block carries LSR and DLSR of the last sender report", () => {
    const stats = new RtpReceiveStats(8000);
    feed(stats, [1, 2, 3]);
    expect(stats.takeReportBlock(0xabc, 100)).toMatchObject({
      ssrc: 0xabc,
      lastSr: 0,
      delaySinceLastSr: 0,
    });
    stats.noteSenderReport(0x12345678, 0x9abcdef0, 1000);
    const block = stats.takeReportBlock(0xabc, 1500);
    expect(block.lastSr).toBe(0x56789abc);
    expect(block.delaySinceLastSr).toBe(32768); // 0.5 s in 1/65536 s
    expect(block.extendedHighestSeq).toBe(3);
  });
});
