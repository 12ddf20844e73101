// The smallest program the idle-memory benchmark compares the box with: it only answers HTTP
// on the port in $PORT. Compiled with the box's Bun runtime, it shows what the runtime itself
// keeps resident before any of the box's code is loaded.

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env.PORT),
  fetch: () => new Response("ok"),
});
console.log(`serving on ${server.port}`);
