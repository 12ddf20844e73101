// /api/v1/ports and a port's diagnostics and tests (SPEC STAT-3, DEV-2, EXT-5): the real
// diagnostics over the simulated board's drivers and chip models, with the roles checked.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { simLines } from "../../../firmware/lines/sim-lines.test-helper.ts";
import { timerClockOf } from "../../../firmware/ports/board-clock.ts";
import { PortDiagnostics } from "../../../firmware/ports/port-diagnostics.ts";
import { errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let sim: Awaited<ReturnType<typeof simLines>>;
let admin: string;

beforeEach(async () => {
  t = await startTestApi();
  sim = await simLines();
  const diagnostics = new PortDiagnostics({
    fxs: sim.board.fxs,
    fxo: sim.board.fxo,
    lines: sim.lines,
    clock: timerClockOf(sim.clock),
    country: () => "cn",
    emit: (e) => t.events.emit(e),
  });
  t.services.ports = { list: () => sim.lines.ports(), diagnostics };
  admin = await t.tokenFor("admin");
});
afterEach(() => {
  sim.board.stop();
  t.close();
});

describe("/api/v1/ports/{port}/diagnostics", () => {
  test("admin and operator read the figures; billing is refused; no login is 401", async () => {
    const operator = await t.tokenFor("operator");
    for (const token of [admin, operator]) {
      const res = await t.call("GET", "/api/v1/ports/fxs1/diagnostics", { token });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ port: "fxs1", lineVoltageV: 48, hints: [] });
    }
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/ports/fxs1/diagnostics", { token: billing })).status).toBe(
      403,
    );
    expect((await t.call("GET", "/api/v1/ports/fxs1/diagnostics")).status).toBe(401);
    expect((await t.call("POST", "/api/v1/ports/fxs1/tests/ring", { token: billing })).status).toBe(
      403,
    );
  });

  test("an unknown port is 404 naming the field; an unplugged FXO line has its hint", async () => {
    const res = await t.call("GET", "/api/v1/ports/fxs7/diagnostics", { token: admin });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).field).toBe("port");
    sim.exchange(1).wiring({ connected: false });
    sim.clock.advance(50);
    const fxo = await t.call("GET", "/api/v1/ports/fxo1/diagnostics", { token: admin });
    expect(await fxo.json()).toMatchObject({
      type: "fxo",
      lineVoltageV: 0,
      hints: [{ code: "no-line" }],
    });
  });

  test("ring and caller-ID tests ring the handset; the caller ID body is checked", async () => {
    const ring = await t.call("POST", "/api/v1/ports/fxs2/tests/ring", { token: admin });
    expect(ring.status).toBe(200);
    expect(await ring.json()).toMatchObject({ state: "ringing", test: { kind: "ring" } });
    expect(sim.phone(2).state().ringing).toBe(true);
    const bad = await t.call("POST", "/api/v1/ports/fxs3/tests/caller-id", {
      token: admin,
      body: { number: "12ab" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("number");
    const cid = await t.call("POST", "/api/v1/ports/fxs3/tests/caller-id", {
      token: admin,
      body: { number: "8888" },
    });
    expect(await cid.json()).toMatchObject({ test: { kind: "caller-id", number: "8888" } });
    await sim.clock.advanceAsync(5200);
    expect(sim.phone(3).state().callerId?.number).toBe("8888");
    const fxo = await t.call("POST", "/api/v1/ports/fxo1/tests/ring", { token: admin });
    expect(fxo.status).toBe(400);
    expect((await errorOf(fxo)).field).toBe("port");
  });

  test("a port in a call refuses a test with 409 naming why", async () => {
    sim.lines.fxsLine(1)!.ring(null);
    sim.phone(1).offhook();
    sim.clock.advance(200);
    const res = await t.call("POST", "/api/v1/ports/fxs1/tests/ring", { token: admin });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toBe("the port is in a call");
  });

  test("DTMF test: digits keyed on the handset appear in test.digits; DELETE stops the test", async () => {
    const started = await t.call("POST", "/api/v1/ports/fxs4/tests/dtmf", { token: admin });
    expect(started.status).toBe(200);
    sim.phone(4).offhook();
    await sim.clock.advanceAsync(200);
    sim.phone(4).dial("159#");
    await sim.clock.advanceAsync(1200);
    const read = await t.call("GET", "/api/v1/ports/fxs4/diagnostics", { token: admin });
    expect(await read.json()).toMatchObject({ test: { kind: "dtmf", digits: "159#" } });
    const stopped = await t.call("DELETE", "/api/v1/ports/fxs4/tests", { token: admin });
    expect(await stopped.json()).toMatchObject({ test: null });
  });
});
