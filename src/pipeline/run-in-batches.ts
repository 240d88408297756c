// Runs async tasks a few at a time: GitHub trips secondary rate limits on bursts of parallel reads.

/** Contents are read this many at a time: enough to be quick, few enough not to trip secondary limits. */
export const readConcurrency = 6;

export async function runInBatches(
  tasks: ReadonlyArray<() => Promise<void>>,
  size = readConcurrency,
): Promise<void> {
  for (let i = 0; i < tasks.length; i += size) {
    await Promise.all(tasks.slice(i, i + size).map((task) => task()));
  }
}
