// Collects what a child process prints on stdout and stderr, as it arrives.

export interface ChildOutput {
  text(): string;
}

export function collectOutput(...streams: ReadableStream<Uint8Array>[]): ChildOutput {
  let text = "";
  for (const stream of streams) {
    void (async () => {
      const decoder = new TextDecoder();
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    })();
  }
  return { text: () => text };
}
