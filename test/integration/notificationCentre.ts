// The notification centre, where every notification stays until it is answered or cleared (a toast
// may have timed out or been held back by VS Code's toast limit). Its list is virtual: only the
// newest rows are in the page.
import * as vscode from 'vscode';
import { waitInWorkbench } from './webviewHelpers';

export interface CentreRow {
  /** The whole row as shown: source, buttons and message. */
  text: string;
  message: string;
  buttons: string[];
}

const ROWS = `
  return [...document.querySelectorAll('.notifications-center .monaco-list-row')].map((r) => ({
    text: r.textContent ?? '',
    message: r.querySelector('.notification-list-item-message')?.textContent ?? r.textContent ?? '',
    buttons: [...r.querySelectorAll('.monaco-button')].map((b) => b.textContent.trim()).filter(Boolean),
  }));`;

/**
 * Opens the centre, waits for the row whose message holds `needle`, runs `whileOpen` (to click in
 * it), and closes the centre again. Throws when no such row comes within `timeoutMs`.
 */
export async function notificationCentreRow(needle: string, what: string, timeoutMs = 15_000, whileOpen?: (row: CentreRow) => Promise<void>): Promise<CentreRow> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    const rows = await waitInWorkbench<CentreRow[]>(ROWS, (rs) => rs.some((r) => r.message.includes(needle)), what, timeoutMs);
    const row = rows.find((r) => r.message.includes(needle))!;
    await whileOpen?.(row);
    return row;
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}
