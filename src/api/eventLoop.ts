// Long chains of awaited work that never wait on I/O (a body whose chunks are already buffered,
// many jobs started in one tick) run as microtasks and keep the event loop from turning: in the
// extension host that freezes every extension. These helpers hand the loop a turn regularly.

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Returns a function to await between units of work: it yields once `budgetMs` of work has passed. */
export function createYielder(budgetMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTurn();
    since = performance.now();
  };
}
