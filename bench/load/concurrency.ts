/**
 * Runs task(0) … task(count - 1) with exactly `lanes` in flight until all are done. The first failure
 * stops every lane from taking more work and is what the returned promise rejects with.
 */
export async function forEachConcurrently(
  count: number,
  lanes: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
}
