// Turns an async generator of text chunks into a byte stream that is pulled on demand, so a
// large export is produced only as fast as the client reads it (memory stays flat), and a client
// that goes away stops the generator (and its database cursor) instead of leaving it running.
export function textStream(chunks: AsyncGenerator<string, unknown, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
