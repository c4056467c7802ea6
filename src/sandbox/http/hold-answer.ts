/** Waiting inside a request without outliving the client that sent it. */

/**
 * Holds an answer for `ms`, or less if the client hangs up first: a killed buyer must not leave a timer keeping the
 * sandbox (or a test process) busy for the rest of the delay, nor keep its concurrency slot.
 */
export function holdAnswer(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || (signal && signal.aborted)) return Promise.resolve();
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
