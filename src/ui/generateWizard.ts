// "Generate Video…": prompt → model → quality → duration → ratio, one quick input with a step
// counter and Back. Each step after the model offers only what the chosen model supports.
import * as vscode from 'vscode';
import {
  MAX_PROMPT_LENGTH,
  RATIOS,
  clampToModel,
  durationsFor,
  findModel,
  pickerModels,
  promptLength,
  qualitiesFor,
  type Advice,
  type Catalog,
  type CatalogModel,
  type GenerationRequest,
  type Quality,
  type Ratio,
} from '../catalog';
import { estimateCost } from '../generation/usageStats';
import { adviceDescription, adviceLabel, ratioLabel, soundHint, unverifiedAdvice } from './catalogWords';

const BACK = Symbol('back');
type StepResult<T> = T | typeof BACK | undefined;

export interface WizardDefaults {
  prompt?: string;
  model: string;
  quality: Quality;
  duration: number;
  ratio: Ratio;
}

const TOTAL_STEPS = 5;

function adviceDetail(model: CatalogModel): string {
  if (!model.verified) return unverifiedAdvice();
  const advice = model.advice as Advice;
  const label = adviceLabel(advice);
  return model.premium ? `$(warning) ${label} — ${adviceDescription(advice)}` : `$(check) ${label}`;
}

/** " · about 0.05 USD/s (estimate)" when the API's price list gives one; '' otherwise (never invented). */
function priceHint(model: CatalogModel): string {
  const perSecond = estimateCost(model.pricing, 1);
  const perTwo = estimateCost(model.pricing, 2);
  if (!perSecond || !perTwo) return '';
  const flat = perSecond.amount === perTwo.amount;
  return (
    ' · ' +
    (flat
      ? vscode.l10n.t('about {0} {1} a video (estimate)', perSecond.amount.toFixed(2), perSecond.currency)
      : vscode.l10n.t('about {0} {1}/s (estimate)', perSecond.amount.toFixed(2), perSecond.currency))
  );
}

/** The estimate for `seconds` of `model`, for the duration step; undefined without a price. */
function durationEstimate(model: CatalogModel | undefined, seconds: number): string | undefined {
  const cost = estimateCost(model?.pricing, seconds);
  return cost && vscode.l10n.t('about {0} {1} (estimate)', cost.amount.toFixed(2), cost.currency);
}

export function modelDescription(model: CatalogModel): string {
  return vscode.l10n.t('{0} · up to {1} s · {2}', model.provider, model.maxDuration, model.qualities.join(', '));
}

function promptStep(value: string | undefined): Promise<StepResult<string>> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    input.title = vscode.l10n.t('Generate Video');
    input.step = 1;
    input.totalSteps = TOTAL_STEPS;
    input.value = value ?? '';
    input.placeholder = vscode.l10n.t('Describe the video, e.g. waves rolling onto a beach at sunset, slow camera pan');
    input.prompt = vscode.l10n.t('Get the prompt right before generating: every generation is paid.');
    input.ignoreFocusOut = true;
    const validate = (text: string): string | undefined => {
      if (!text.trim()) return vscode.l10n.t('Describe the video you want.');
      if (promptLength(text.trim()) > MAX_PROMPT_LENGTH)
        return vscode.l10n.t('The prompt is longer than {0} characters.', MAX_PROMPT_LENGTH);
      return undefined;
    };
    let done = false;
    const finish = (result: StepResult<string>): void => {
      if (done) return;
      done = true;
      resolve(result);
      input.dispose();
    };
    input.onDidChangeValue((text) => (input.validationMessage = text ? validate(text) : undefined));
    input.onDidAccept(() => {
      const problem = validate(input.value);
      if (problem) input.validationMessage = problem;
      else finish(input.value.trim());
    });
    input.onDidHide(() => finish(undefined));
    input.show();
  });
}

interface PickItem<T> extends vscode.QuickPickItem {
  value?: T;
}

function pickStep<T>(
  step: number,
  title: string,
  placeholder: string,
  items: Array<PickItem<T>>,
  active: T | undefined,
): Promise<StepResult<T>> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<PickItem<T>>();
    pick.title = title;
    pick.step = step;
    pick.totalSteps = TOTAL_STEPS;
    pick.placeholder = placeholder;
    pick.items = items;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.ignoreFocusOut = true;
    pick.buttons = [vscode.QuickInputButtons.Back];
    const current = items.find((i) => i.value === active && i.kind !== vscode.QuickPickItemKind.Separator);
    if (current) pick.activeItems = [current];
    let done = false;
    const finish = (result: StepResult<T>): void => {
      if (done) return;
      done = true;
      resolve(result);
      pick.dispose();
    };
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen && chosen.value !== undefined) finish(chosen.value);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

function modelItems(catalog: Catalog): Array<PickItem<string>> {
  const items: Array<PickItem<string>> = [];
  let lastGroup: string | undefined;
  for (const model of pickerModels(catalog)) {
    const group = model.advice ? adviceLabel(model.advice) : vscode.l10n.t('Other models from the API');
    if (group !== lastGroup) {
      items.push({ label: group, kind: vscode.QuickPickItemKind.Separator });
      lastGroup = group;
    }
    items.push({
      label: model.premium ? `$(star-full) ${model.label}` : model.label,
      description: modelDescription(model) + priceHint(model) + soundHint(model.features),
      detail: adviceDetail(model),
      value: model.id,
    });
  }
  return items;
}

interface WizardState {
  prompt?: string;
  model: string;
  prefs: { quality: unknown; duration: unknown; ratio: unknown };
}

/** A step shows one quick input and answers what it changes, BACK, or undefined when dismissed. */
type Step = (state: WizardState, catalog: Catalog) => Promise<StepResult<Partial<WizardState>>>;

const askPrompt: Step = async (state) => {
  const r = await promptStep(state.prompt);
  // Back from the first step leaves the wizard, as Escape does.
  return r === undefined || r === BACK ? undefined : { prompt: r };
};

const askModel: Step = async (state, catalog) => {
  const r = await pickStep(
    2,
    vscode.l10n.t('Generate Video: model'),
    vscode.l10n.t('Pick a model (lighter ones first; premium ones cost the most)'),
    modelItems(catalog),
    state.model,
  );
  return r === undefined || r === BACK ? r : { model: r };
};

const askQuality: Step = async (state, catalog) => {
  const items = qualitiesFor(state.model, catalog).map((q) => ({
    label: q,
    description: q === '1080p' ? vscode.l10n.t('recommended for most models') : undefined,
    value: q,
  }));
  const r = await pickStep<Quality>(
    3,
    vscode.l10n.t('Generate Video: quality'),
    vscode.l10n.t('Qualities {0} supports', modelLabel(state.model, catalog)),
    items,
    clampToModel(state.prefs, state.model, catalog).quality,
  );
  return r === undefined || r === BACK ? r : { prefs: { ...state.prefs, quality: r } };
};

const askDuration: Step = async (state, catalog) => {
  const model = findModel(state.model, catalog);
  const items = durationsFor(state.model, catalog).map((d) => ({
    label: d === 1 ? vscode.l10n.t('1 second') : vscode.l10n.t('{0} seconds', d),
    description:
      [durationEstimate(model, d), d <= 4 ? vscode.l10n.t('shorter clips cost less') : undefined].filter(Boolean).join(' · ') || undefined,
    value: d,
  }));
  const r = await pickStep<number>(
    4,
    vscode.l10n.t('Generate Video: duration'),
    vscode.l10n.t('Durations {0} supports', modelLabel(state.model, catalog)),
    items,
    clampToModel(state.prefs, state.model, catalog).duration,
  );
  return r === undefined || r === BACK ? r : { prefs: { ...state.prefs, duration: r } };
};

const askRatio: Step = async (state, catalog) => {
  const items = RATIOS.map((ratio) => ({ label: ratio, description: ratioLabel(ratio), value: ratio }));
  const r = await pickStep<Ratio>(
    5,
    vscode.l10n.t('Generate Video: aspect ratio'),
    vscode.l10n.t('Aspect ratio'),
    items,
    clampToModel(state.prefs, state.model, catalog).ratio,
  );
  return r === undefined || r === BACK ? r : { prefs: { ...state.prefs, ratio: r } };
};

const STEPS: Step[] = [askPrompt, askModel, askQuality, askDuration, askRatio];

function modelLabel(model: string, catalog: Catalog): string {
  return findModel(model, catalog)?.label ?? model;
}

/** Runs the steps; resolves with a request every step made valid, or undefined when dismissed. */
export async function runGenerateWizard(catalog: Catalog, defaults: WizardDefaults): Promise<GenerationRequest | undefined> {
  let state: WizardState = {
    prompt: defaults.prompt,
    model: defaults.model,
    prefs: { quality: defaults.quality, duration: defaults.duration, ratio: defaults.ratio },
  };
  for (let index = 0; index < STEPS.length;) {
    const answer = await STEPS[index]!(state, catalog);
    if (answer === undefined) return undefined;
    if (answer === BACK) {
      index -= 1;
      continue;
    }
    state = { ...state, ...answer };
    index += 1;
  }
  return { model: state.model, prompt: state.prompt ?? '', ...clampToModel(state.prefs, state.model, catalog) };
}
