// Small DOM helpers. Text always goes in through textContent: nothing the server or the user wrote
// is ever parsed as HTML.

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Array<Node | null | undefined>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

export function button(text: string, className: string, onClick: () => void, label?: string): HTMLButtonElement {
  const b = el('button', { className: `button ${className}`, text, attrs: { type: 'button' } });
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** An element of the static page, of the expected kind; a mismatch is a bug in html.ts. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`the page has no ${kind.name} #${id}`);
  return found;
}

/** Replaces a select's options, keeping the element (and its focus) in place. */
export function setOptions(select: HTMLSelectElement, options: Array<{ value: string; text: string }>, selected: string): void {
  const same =
    select.options.length === options.length &&
    options.every((o, i) => select.options[i]?.value === o.value && select.options[i]?.text === o.text);
  if (!same) select.replaceChildren(...options.map((o) => el('option', { text: o.text, attrs: { value: o.value } })));
  select.value = selected;
}

/**
 * Lets a <video> taken off the page go at once: detached, it would keep its media player and go
 * on loading its clip until it is garbage collected.
 */
export function releaseVideo(video: HTMLVideoElement): void {
  video.pause();
  video.removeAttribute('src');
  video.load();
}
