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
import { adviceDescription, adviceLabel, ratioLabel, unverifiedAdvice } from './catalogWords';

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
      description: modelDescription(model),
      detail: adviceDetail(model),
      value: model.id,
    });
  }
  return items;
}

/** Runs the steps; resolves with a request every step made valid, or undefined when dismissed. */
export async function runGenerateWizard(catalog: Catalog, defaults: WizardDefaults): Promise<GenerationRequest | undefined> {
  const state: Partial<GenerationRequest> = {};
  let prompt: string | undefined = defaults.prompt;
  let model = defaults.model;
  let prefs: { quality: unknown; duration: unknown; ratio: unknown } = {
    quality: defaults.quality,
    duration: defaults.duration,
    ratio: defaults.ratio,
  };
  let step = 1;
  for (;;) {
    switch (step) {
      case 1: {
        const r = await promptStep(prompt);
        if (r === undefined || r === BACK) return undefined;
        prompt = r;
        step = 2;
        break;
      }
      case 2: {
        const r = await pickStep(
          2,
          vscode.l10n.t('Generate Video: model'),
          vscode.l10n.t('Pick a model (lighter ones first; premium ones cost the most)'),
          modelItems(catalog),
          model,
        );
        if (r === undefined) return undefined;
        if (r === BACK) {
          step = 1;
          break;
        }
        model = r;
        step = 3;
        break;
      }
      case 3: {
        const choice = clampToModel(prefs, model, catalog);
        const label = findModel(model, catalog)?.label ?? model;
        const items = qualitiesFor(model, catalog).map((q) => ({
          label: q,
          description: q === '1080p' ? vscode.l10n.t('recommended for most models') : undefined,
          value: q,
        }));
        const r = await pickStep<Quality>(
          3,
          vscode.l10n.t('Generate Video: quality'),
          vscode.l10n.t('Qualities {0} supports', label),
          items,
          choice.quality,
        );
        if (r === undefined) return undefined;
        if (r === BACK) {
          step = 2;
          break;
        }
        prefs = { ...prefs, quality: r };
        step = 4;
        break;
      }
      case 4: {
        const choice = clampToModel(prefs, model, catalog);
        const label = findModel(model, catalog)?.label ?? model;
        const items = durationsFor(model, catalog).map((d) => ({
          label: d === 1 ? vscode.l10n.t('1 second') : vscode.l10n.t('{0} seconds', d),
          description: d <= 4 ? vscode.l10n.t('shorter clips cost less') : undefined,
          value: d,
        }));
        const r = await pickStep<number>(
          4,
          vscode.l10n.t('Generate Video: duration'),
          vscode.l10n.t('Durations {0} supports', label),
          items,
          choice.duration,
        );
        if (r === undefined) return undefined;
        if (r === BACK) {
          step = 3;
          break;
        }
        prefs = { ...prefs, duration: r };
        step = 5;
        break;
      }
      case 5: {
        const choice = clampToModel(prefs, model, catalog);
        const items = RATIOS.map((ratio) => ({ label: ratio, description: ratioLabel(ratio), value: ratio }));
        const r = await pickStep<Ratio>(
          5,
          vscode.l10n.t('Generate Video: aspect ratio'),
          vscode.l10n.t('Aspect ratio'),
          items,
          choice.ratio,
        );
        if (r === undefined) return undefined;
        if (r === BACK) {
          step = 4;
          break;
        }
        prefs = { ...prefs, ratio: r };
        const final = clampToModel(prefs, model, catalog);
        Object.assign(state, { model, prompt, ...final });
        return state as GenerationRequest;
      }
    }
  }
}
