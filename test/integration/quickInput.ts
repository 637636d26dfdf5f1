// Drives VS Code's quick input (the Generate Video steps, the key prompt) by keyboard, waiting for
// each step to be on screen before typing into it. The wizard replaces one quick input with the
// next after each Enter; a keystroke sent before the next step is shown lands in the old one or in
// nothing, so every action here first waits for the state it needs. No `vscode` import.
import { press, typeText } from './env';
import { inWorkbench, waitInWorkbench } from './webviewHelpers';

export interface QuickInputState {
  visible: boolean;
  /** The title as shown, with the step counter VS Code appends, e.g. "Generate Video: model (2/5)". */
  title: string;
  value: string;
  /** The text box's type: "password" for the key prompt. */
  type: string;
  /** Whether the text box has the keyboard focus (typing goes there). */
  focused: boolean;
  /** The aria-label of the list's focused row (the item Enter accepts), '' when none. */
  activeRow: string;
  rows: number;
}

const STATE_SCRIPT = `
  const w = document.querySelector('.quick-input-widget');
  const hidden = { visible: false, title: '', value: '', type: '', focused: false, activeRow: '', rows: 0 };
  if (!w || w.style.display === 'none' || w.offsetParent === null) return hidden;
  const input = w.querySelector('.quick-input-filter input');
  const row = w.querySelector('.quick-input-list .monaco-list-row.focused');
  return {
    visible: true,
    title: w.querySelector('.quick-input-title')?.textContent ?? '',
    value: input?.value ?? '',
    type: input?.type ?? '',
    focused: !!input && document.activeElement === input,
    activeRow: row?.getAttribute('aria-label') ?? '',
    rows: w.querySelectorAll('.quick-input-list .monaco-list-row').length,
  };`;

export function quickInputState(): Promise<QuickInputState> {
  return inWorkbench<QuickInputState>(STATE_SCRIPT);
}

/** Waits until the quick input shows step `step` of `total` with its text box focused. */
export function waitForStep(step: number, total = 5, ready: (s: QuickInputState) => boolean = () => true): Promise<QuickInputState> {
  return waitInWorkbench<QuickInputState>(
    STATE_SCRIPT,
    (s) => s.visible && s.focused && s.title.includes(`(${step}/${total})`) && ready(s),
    `step ${step}/${total} of the quick input`,
    20_000,
  );
}

/** Waits for the key prompt: a visible, focused password box. */
export function waitForPasswordInput(): Promise<QuickInputState> {
  return waitInWorkbench<QuickInputState>(
    STATE_SCRIPT,
    (s) => s.visible && s.focused && s.type === 'password',
    'the password input',
    20_000,
  );
}

/** Types `text` into step `step`'s text box and presses Enter (a text step: the prompt). */
export async function enterText(step: number, text: string, total = 5): Promise<void> {
  await waitForStep(step, total);
  await typeText(text);
  await waitForStep(step, total, (s) => s.value === text);
  await press('Enter');
}

/**
 * Accepts an item of pick step `step`: the one `filter` narrows to when given, otherwise the
 * preselected one. Waits until the focused row is the expected one before pressing Enter.
 */
export async function acceptPick(step: number, filter?: string, total = 5): Promise<string> {
  await waitForStep(step, total, (s) => s.rows > 0 && s.activeRow !== '');
  if (filter) {
    await typeText(filter);
    await waitForStep(step, total, (s) => s.value === filter && s.activeRow.toLowerCase().includes(filter.toLowerCase()));
  }
  const { activeRow } = await quickInputState();
  await press('Enter');
  return activeRow;
}

/** Waits until no quick input is on screen. */
export function waitForQuickInputClosed(timeoutMs = 10_000): Promise<QuickInputState> {
  return waitInWorkbench<QuickInputState>(STATE_SCRIPT, (s) => !s.visible, 'the quick input to close', timeoutMs);
}
