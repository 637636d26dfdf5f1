// Every string shown to the user can be extracted for translation: `l10n.t` is given a string
// literal (or `{ message: literal, comment }`), never a variable, a lookup or a template with
// placeholders filled in, which an extraction tool cannot read and a translator never sees.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '..', '..', '..', '..');

function tsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function isLiteral(node: ts.Node | undefined): boolean {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
}

/** A first argument an extraction tool can read. */
function extractable(arg: ts.Expression | undefined): boolean {
  if (isLiteral(arg)) return true;
  if (arg && ts.isObjectLiteralExpression(arg)) {
    const message = arg.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'message');
    return message !== undefined && ts.isPropertyAssignment(message) && isLiteral(message.initializer);
  }
  return false;
}

/** `l10n.t(...)` and `vscode.l10n.t(...)` calls whose first argument is not a literal, as file:line. */
function nonLiteralCalls(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't') {
      const owner = node.expression.expression;
      const isL10n =
        (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
      if (isL10n && !extractable(node.arguments[0])) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${relative(root, file)}:${line + 1}: l10n.t(${node.arguments[0]?.getText() ?? ''})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('l10n: every user-visible string can be extracted', () => {
  it('calls l10n.t with a string literal (or { message: literal }) everywhere in src/', () => {
    const files = tsFiles(join(root, 'src'));
    assert.ok(files.length > 20, 'found the sources');
    assert.deepEqual(files.flatMap(nonLiteralCalls), []);
  });

  it('notices a call it should refuse', () => {
    const probe = join(root, 'out', 'l10n-probe.ts');
    const text = "vscode.l10n.t(LABELS[x]); l10n.t(`a ${b}`); vscode.l10n.t('fine', 1); vscode.l10n.t({ message: 'ok', comment: [] });";
    const source = ts.createSourceFile(probe, text, ts.ScriptTarget.Latest, true);
    const calls: boolean[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't')
        calls.push(extractable(node.arguments[0]));
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.deepEqual(calls, [false, false, true, true]);
  });
});
