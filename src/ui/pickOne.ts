// One choice from a quick pick, with the current value preselected; undefined when dismissed.
import * as vscode from 'vscode';

export async function pickOne<T>(title: string, items: Array<vscode.QuickPickItem & { value: T }>, active: T): Promise<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
    pick.title = title;
    pick.items = items;
    pick.ignoreFocusOut = true;
    const current = items.find((i) => i.value === active);
    if (current) pick.activeItems = [current];
    let result: T | undefined;
    pick.onDidAccept(() => {
      result = (pick.selectedItems[0] ?? pick.activeItems[0])?.value;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}
