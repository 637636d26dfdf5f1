// Long chains of awaited work that never wait on I/O (a body whose chunks are already buffered,
// many jobs started in one tick) run as microtasks and keep the event loop from turning: in the
// extension host that freezes every extension. These helpers hand the loop a turn regularly.

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// One shared queue for every job in the process: a turn of the event loop releases one waiter, so
// ten downloads at once take turns instead of each running its share in the same turn.
const waiters: Array<() => void> = [];
let pumping = false;

function pump(): void {
  pumping = false;
  waiters.shift()?.();
  if (waiters.length > 0) schedulePump();
}

function schedulePump(): void {
  if (pumping) return;
  pumping = true;
  setImmediate(pump);
}

/** Waits for this caller's turn: at most one caller resumes per turn of the event loop. */
function fairTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiters.push(resolve);
    schedulePump();
  });
}

/** Work that may run between two turns: short enough that nothing else waits noticeably. */
const TURN_BUDGET_MS = 1;

/**
 * For one stream of work: returns a function to await between units; it waits for a fair turn
 * once TURN_BUDGET_MS of work has run since the last one, so a lone download is not slowed by a
 * turn per chunk while many downloads still take turns.
 */
export function createTurnTaker(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < TURN_BUDGET_MS) return;
    await fairTurn();
    since = performance.now();
  };
}
