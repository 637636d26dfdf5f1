import * as assert from 'node:assert/strict';
import { completionContext, hoverTarget, shotAt } from '../../../src/storyboard/editorContext';
import { parseStoryboard } from '../../../src/storyboard/parseStoryboard';

/** The text without its `|` and the cursor's offset where the `|` was. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the text marks the cursor with |');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function contextOf(marked: string, fallback?: string): ReturnType<typeof completionContext> {
  const { text, offset } = at(marked);
  return completionContext(text, offset, parseStoryboard(text), fallback);
}

describe('Storyboard editor context: what to complete and hover', () => {
  it('offers the keys a shot does not use yet, on a new key line', () => {
    const context = contextOf('# T\n```video\nprompt: a kite\nmodel: provider-2/veo\n|\n```\n');
    assert.equal(context?.kind, 'key');
    assert.deepEqual(context.kind === 'key' && context.keys, ['quality', 'duration', 'ratio', 'id']);
    assert.equal(context.where, 'shot');
  });

  it('replaces the word being typed and still works while the YAML is broken', () => {
    const marked = '```video\nprompt: a kite\ndur|\n```\n';
    const { text, offset } = at(marked);
    const context = completionContext(text, offset, parseStoryboard(text));
    assert.equal(context?.kind, 'key');
    assert.deepEqual(context.range, { start: offset - 3, end: offset });
    assert.ok(context.kind === 'key' && !context.keys.includes('prompt'));
  });

  it('completes the value after a key, with the shot model (own, defaults or settings)', () => {
    const own = contextOf('```video\nprompt: a\nmodel: provider-2/sora-2\nquality: |\n```\n');
    assert.deepEqual(own && { kind: own.kind, key: own.kind === 'value' && own.key, model: own.kind === 'value' && own.modelId }, {
      kind: 'value',
      key: 'quality',
      model: 'provider-2/sora-2',
    });
    const fromDefaults = contextOf('---\nvideo:\n  model: provider-2/veo\n---\n```video\nprompt: a\nduration: 1|\n```\n');
    assert.equal(fromDefaults?.kind === 'value' && fromDefaults.modelId, 'provider-2/veo');
    const fromSettings = contextOf('```video\nprompt: a\nduration: |\n```\n', 'provider-2/kling-v2.1');
    assert.equal(fromSettings?.kind === 'value' && fromSettings.modelId, 'provider-2/kling-v2.1');
  });

  it('gives the value range up to a comment, so a pick replaces what is there', () => {
    const { text, offset } = at('```video\nprompt: a\nmodel: prov|ider-2/veo   # mine\n```\n');
    const context = completionContext(text, offset, parseStoryboard(text));
    assert.equal(context?.kind, 'value');
    assert.equal(text.slice(context.range.start, context.range.end), 'provider-2/veo');
  });

  it('completes the front matter video defaults (keys and values), not its other keys', () => {
    const keys = contextOf('---\ntitle: T\nvideo:\n  model: provider-2/veo\n  |\n---\n```video\nprompt: a\n```\n');
    assert.equal(keys?.kind, 'key');
    assert.equal(keys.where, 'defaults');
    assert.deepEqual(keys.kind === 'key' && keys.keys, ['quality', 'duration', 'ratio']);
    const value = contextOf('---\nvideo:\n  model: provider-2/veo\n  quality: |\n---\n');
    assert.equal(value?.kind === 'value' && value.modelId, 'provider-2/veo');
    assert.equal(contextOf('---\ntitle: |\nvideo:\n  model: x\n---\n'), undefined);
    assert.equal(contextOf('---\nvideo:\n  model: x\n---\n|\n'), undefined);
  });

  it('keeps the cursor inside the range after trailing spaces, and offers nothing in a comment', () => {
    const { text, offset } = at('```video\nprompt: a\nmodel: provider-2/veo   |\n```\n');
    const context = completionContext(text, offset, parseStoryboard(text));
    assert.deepEqual(context?.range, { start: text.indexOf('provider-2/veo'), end: offset });
    assert.equal(contextOf('```video\nprompt: a\nmodel: x # my |note\n```\n'), undefined);
  });

  it('offers nothing outside shots, inside other fences, or in a prompt block scalar', () => {
    assert.equal(contextOf('# Title |\n```video\nprompt: a\n```\n'), undefined);
    assert.equal(contextOf('```js\n|\n```\n```video\nprompt: a\n```\n'), undefined);
    assert.equal(contextOf('```video\nprompt: |\n  a red kite\n  |\n```\n'), undefined);
    assert.equal(contextOf('```video\nprompt: a\nid: |\n```\n'), undefined, 'no values to offer for an id');
  });

  it('hovers a model on its key or value, in a shot or in the defaults', () => {
    const text = '---\nvideo:\n  model: provider-2/veo\n---\n```video\nprompt: a\nmodel: provider-2/sora-2\nduration: 3\n```\n';
    const board = parseStoryboard(text);
    const onValue = hoverTarget(text.indexOf('sora-2'), board);
    assert.equal(onValue?.modelId, 'provider-2/sora-2');
    assert.equal(text.slice(onValue.range.start, onValue.range.end), 'provider-2/sora-2');
    assert.equal(onValue.shot?.index, 0);
    assert.equal(hoverTarget(text.indexOf('model: provider-2/sora'), board)?.modelId, 'provider-2/sora-2');
    assert.equal(hoverTarget(text.indexOf('provider-2/veo'), board)?.modelId, 'provider-2/veo');
    assert.equal(hoverTarget(text.indexOf('prompt'), board), undefined);
  });

  it('finds the shot holding an offset, fences included', () => {
    const text = 'x\n```video\nprompt: a\n```\ny\n```video\nprompt: b\n```\n';
    const board = parseStoryboard(text);
    assert.equal(shotAt(text.indexOf('prompt: b'), board)?.index, 1);
    assert.equal(shotAt(text.indexOf('```video'), board)?.index, 0);
    assert.equal(shotAt(text.indexOf('y'), board), undefined);
  });
});
