// Runs every test (unit tests beside the code, cross-cutting tests in test/) with Bun's runner,
// then prints the one closing line CI reads: "N passed, N failed".
export {};

const args = process.argv.slice(2);
const proc = Bun.spawn(["bun", "test", "--timeout", "60000", ...args], {
  stdout: "pipe",
  stderr: "pipe",
  env: { ...process.env, FORCE_COLOR: "0" },
});

let passed = 0;
let failed = 0;
async function pump(stream: ReadableStream<Uint8Array>, sink: NodeJS.WriteStream): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  const reader = stream.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    const text = decoder.decode(chunk, { stream: true });
    sink.write(text);
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) count(line);
  }
  count(pending);
}
function count(line: string): void {
  const pass = /^\s*(\d+) pass$/.exec(line);
  if (pass) passed += Number(pass[1]);
  const fail = /^\s*(\d+) fail$/.exec(line);
  if (fail) failed += Number(fail[1]);
}
await Promise.all([pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr)]);
const code = await proc.exited;
// A runner that crashed before counting is a failure even if no test reported one.
if (code !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 ? 0 : 1);
