// Back-pressure: at most `max` batches are processed at once and `queue` more may wait briefly.
// Past that the server is saturated and says so (429 + Retry-After) before reading the body, so a
// refused batch costs almost nothing and the producer retries it; accepted work is never dropped.
export class SaturatedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`ingest is saturated (too many concurrent batches); retry after ${retryAfterSeconds} s`);
  }
}

export class Gate {
  private active = 0;
  private waiting: (() => void)[] = [];
  constructor(
    readonly max: number,
    readonly queue: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.queue) throw new SaturatedError(1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hand the slot over directly
      else this.active--;
    }
  }
}
