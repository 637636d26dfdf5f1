// The generation form: capability-aware selects (only what the chosen model supports), the model's
// advice and premium mark, the cost estimate, the prompt, Generate and Cancel. Every change goes
// through computeForm.
import { MAX_PROMPT_LENGTH, type Ratio } from '../catalog/capabilities';
import { formatEstimate } from './costText';
import { byId, setOptions } from './dom';
import { computeForm, type FormOptions } from './formState';
import type { FormPrefill, FormValues, ModelOption } from '../shared/protocol';
import { fill, type PanelStringKey, type PanelStrings } from '../shared/strings';

export interface FormHooks {
  /** The form's values changed (save them in the page state). */
  changed(values: FormValues): void;
  generate(values: FormValues): void;
  cancel(): void;
}

const RATIO_KEYS: Record<Ratio, PanelStringKey> = {
  '16:9': 'ratio16x9',
  '9:16': 'ratio9x16',
  '1:1': 'ratio1x1',
  '4:3': 'ratio4x3',
  '3:4': 'ratio3x4',
};

const ADVICE_KEYS: Record<NonNullable<ModelOption['advice']>, PanelStringKey> = {
  daily: 'adviceDaily',
  balanced: 'adviceBalanced',
  longer: 'adviceLonger',
  premium: 'advicePremium',
};

export class FormView {
  private readonly form = byId('form', HTMLFormElement);
  private readonly prompt = byId('prompt', HTMLTextAreaElement);
  private readonly promptError = byId('prompt-error', HTMLParagraphElement);
  private readonly promptCount = byId('prompt-count', HTMLSpanElement);
  private readonly model = byId('model', HTMLSelectElement);
  private readonly badge = byId('model-badge', HTMLSpanElement);
  private readonly advice = byId('model-advice', HTMLParagraphElement);
  private readonly replaced = byId('model-replaced', HTMLParagraphElement);
  private readonly quality = byId('quality', HTMLSelectElement);
  private readonly duration = byId('duration', HTMLSelectElement);
  private readonly ratio = byId('ratio', HTMLSelectElement);
  private readonly frameHint = byId('frame-hint', HTMLParagraphElement);
  private readonly estimate = byId('cost-estimate', HTMLParagraphElement);
  private readonly cancelButton = byId('cancel', HTMLButtonElement);

  private models: ModelOption[] = [];
  private defaults: FormValues | undefined;
  private current: FormValues | undefined;

  constructor(
    private readonly strings: PanelStrings,
    private readonly hooks: FormHooks,
  ) {
    this.model.addEventListener('change', () => this.update({ model: this.model.value }));
    this.quality.addEventListener('change', () => this.update({ quality: this.quality.value }));
    this.duration.addEventListener('change', () => this.update({ duration: Number(this.duration.value) }));
    this.ratio.addEventListener('change', () => this.update({ ratio: this.ratio.value }));
    this.prompt.addEventListener('input', () => this.onPromptInput());
    this.prompt.addEventListener('keydown', (event) => {
      // Ctrl+Enter (Cmd+Enter on macOS) generates; a plain Enter stays a new line in the prompt.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.cancelButton.addEventListener('click', () => this.hooks.cancel());
  }

  get values(): FormValues | undefined {
    return this.current;
  }

  /** First data from the extension: the models and defaults; `saved` is the page's own state. */
  init(models: ModelOption[], defaults: FormValues, saved: Partial<FormValues> | undefined): void {
    this.models = models;
    this.defaults = defaults;
    this.render(computeForm(models, this.current ?? saved ?? {}, defaults));
  }

  setModels(models: ModelOption[]): void {
    this.models = models;
    if (this.defaults) this.render(computeForm(models, this.current ?? {}, this.defaults));
  }

  /** Fills the form (reuse, generate again, another model) and moves the focus there. */
  prefill(values: FormPrefill, focus: 'prompt' | 'model' = 'prompt'): void {
    this.update(values);
    const target = focus === 'model' ? this.model : this.prompt;
    target.focus();
    if (target === this.prompt) this.prompt.setSelectionRange(this.prompt.value.length, this.prompt.value.length);
  }

  /** The Cancel button acts on the latest cancellable generation started here. */
  setCancellable(enabled: boolean): void {
    this.cancelButton.disabled = !enabled;
  }

  private update(change: FormPrefill): void {
    if (!this.defaults) return;
    this.render(computeForm(this.models, { ...this.current, ...change }, this.defaults));
  }

  private onPromptInput(): void {
    if (!this.current) return;
    this.current = { ...this.current, prompt: this.prompt.value };
    this.showPromptError(undefined);
    this.renderCount();
    this.hooks.changed(this.current);
  }

  private submit(): void {
    const values = this.current;
    if (!values) return;
    if (!values.prompt.trim()) {
      this.showPromptError(this.strings.promptRequired);
      this.prompt.focus();
      return;
    }
    this.hooks.generate({ ...values, prompt: values.prompt.trim() });
  }

  private showPromptError(text: string | undefined): void {
    this.promptError.textContent = text ?? '';
    this.promptError.hidden = !text;
    if (text) this.prompt.setAttribute('aria-invalid', 'true');
    else this.prompt.removeAttribute('aria-invalid');
  }

  private render(options: FormOptions): void {
    const s = this.strings;
    const { values, model } = options;
    setOptions(
      this.model,
      options.models.map((m) => ({
        value: m.id,
        text: m.premium ? `${m.label} · ${s.premium}` : m.verified ? m.label : `${m.label} · ${s.unverified}`,
      })),
      values.model,
    );
    setOptions(
      this.quality,
      options.qualities.map((q) => ({ value: q, text: q })),
      values.quality,
    );
    setOptions(
      this.duration,
      options.durations.map((d) => ({ value: String(d), text: fill(s.durationOption, d) })),
      String(values.duration),
    );
    setOptions(
      this.ratio,
      options.ratios.map((r) => ({ value: r, text: s[RATIO_KEYS[r]] })),
      values.ratio,
    );

    this.badge.hidden = !(model.premium || !model.verified);
    this.badge.textContent = model.premium ? s.premium : s.unverified;
    this.badge.classList.toggle('premium', model.premium);
    this.advice.textContent = model.advice ? s[ADVICE_KEYS[model.advice]] : s.adviceUnverified;
    this.replaced.hidden = options.replacedModel === undefined;
    this.replaced.textContent = options.replacedModel === undefined ? '' : fill(s.modelNotOffered, options.replacedModel, model.label);
    this.frameHint.textContent = fill(s.frameHint, options.frame.width, options.frame.height, values.duration);
    // Only a price the API listed; without one the panel says nothing about cost (never a guess).
    this.estimate.textContent = options.estimate ? formatEstimate(options.estimate, s) : '';
    this.estimate.hidden = options.estimate === undefined;

    if (this.prompt.value !== values.prompt) this.prompt.value = values.prompt;
    this.current = values;
    this.renderCount();
    this.hooks.changed(values);
  }

  private renderCount(): void {
    // Code points, as the job manager counts them (promptLength lives beside zod schemas we leave out).
    const count = [...this.prompt.value.trim()].length;
    this.promptCount.textContent = fill(this.strings.promptCount, count, MAX_PROMPT_LENGTH);
    this.promptCount.classList.toggle('over', count > MAX_PROMPT_LENGTH);
  }
}
