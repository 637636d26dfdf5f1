// The notification centre, where every notification stays until it is answered or cleared (a toast
// may have timed out or been held back by VS Code's toast limit). Its list is virtual: only the
// newest rows are in the page.
import * as vscode from 'vscode';
import { inWorkbench, pressKey } from './webviewHelpers';

export interface CentreRow {
  /** The whole row as shown: source, buttons and message. */
  text: string;
  message: string;
  buttons: string[];
  /** From the row's icon (showErrorMessage, showWarningMessage, showInformationMessage). */
  severity: 'error' | 'warning' | 'info';
}

/** A page expression: the CentreRow of the list row `r`. */
const ROW = `({
    text: r.textContent ?? '',
    message: r.querySelector('.notification-list-item-message')?.textContent ?? r.textContent ?? '',
    buttons: [...r.querySelectorAll('.monaco-button')].map((b) => b.textContent.trim()).filter(Boolean),
    severity: /error/.test(r.querySelector('.notification-list-item-icon')?.className ?? '') ? 'error'
      : /warning/.test(r.querySelector('.notification-list-item-icon')?.className ?? '') ? 'warning' : 'info',
  })`;

const ROWS = `return [...document.querySelectorAll('.notifications-center .monaco-list-row')].map((r) => ${ROW});`;

// The rows in view, by index, and how many the list holds (its rows carry aria-setsize).
const ROWS_BY_INDEX = `
  const rows = [...document.querySelectorAll('.notifications-center .monaco-list-row')];
  return {
    total: Math.max(0, ...rows.map((r) => Number(r.getAttribute('aria-setsize') ?? 0))),
    rows: rows.map((r) => ({ index: r.getAttribute('data-index'), row: ${ROW} })),
  };`;

/**
 * Every notification in the centre, not only those in view: the list is virtual and about four
 * rows tall, so it is walked with the arrow keys, as a keyboard user would, collecting rows by index.
 */
export async function allNotificationCentreRows(): Promise<CentreRow[]> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    // The centre renders its rows a moment after it opens.
    await new Promise((r) => setTimeout(r, 300));
    const seen = new Map<string, CentreRow>();
    let total = 0;
    const collect = async (): Promise<void> => {
      const view = await inWorkbench<{ total: number; rows: Array<{ index: string; row: CentreRow }> }>(ROWS_BY_INDEX);
      total = Math.max(total, view.total);
      for (const { index, row } of view.rows) if (!seen.has(index)) seen.set(index, row);
    };
    await collect();
    if (seen.size < total) {
      await inWorkbench(`document.querySelector('.notifications-center .monaco-list')?.focus();`);
      await pressKey('Home');
      for (let step = 0; step <= total && seen.size < total; step++) {
        await pressKey('ArrowDown');
        await collect();
      }
    }
    if (seen.size < total) throw new Error(`read ${seen.size} of the ${total} notifications in the centre`);
    return [...seen.values()];
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/**
 * Opens the centre, waits for the row whose message holds `needle`, runs `whileOpen` (to click in
 * it), and closes the centre again. Throws when no such row comes within `timeoutMs`.
 */
export async function notificationCentreRow(
  needle: string,
  what: string,
  timeoutMs = 15_000,
  whileOpen?: (row: CentreRow) => Promise<void>,
): Promise<CentreRow> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    const row = await findRowInCentre(needle, timeoutMs);
    if (!row) {
      const rows = await inWorkbench<CentreRow[]>(ROWS);
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(rows)}`);
    }
    await whileOpen?.(row);
    return row;
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/**
 * Waits for a row holding `needle` to be rendered. The list is virtual (a few rows tall), so when
 * the row is not in view it walks the list with the arrow keys, which scrolls each row into view.
 */
async function findRowInCentre(needle: string, timeoutMs: number): Promise<CentreRow | undefined> {
  const deadline = Date.now() + timeoutMs;
  const rendered = async (): Promise<CentreRow | undefined> =>
    (await inWorkbench<CentreRow[]>(ROWS)).find((r) => r.message.includes(needle));
  while (Date.now() < deadline) {
    const found = await rendered();
    if (found) return found;
    const { total } = await inWorkbench<{ total: number }>(ROWS_BY_INDEX);
    if (total > 0) {
      await inWorkbench(`document.querySelector('.notifications-center .monaco-list')?.focus();`);
      await pressKey('Home');
      for (let step = 0; step < total; step++) {
        const row = await rendered();
        if (row) return row;
        await pressKey('ArrowDown');
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return rendered();
}
