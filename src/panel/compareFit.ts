// How each model would take the settings chosen for a comparison: as they are, or brought within
// its limits (and how). Pure, so the words the model pick shows are unit-tested in plain Node.
import { clampToModel, type Catalog, type ModelChoice, type Quality, type Ratio } from '../catalog';

export interface CompareSettings {
  quality: Quality;
  duration: number;
  ratio: Ratio;
}

export interface SettingChange {
  field: 'quality' | 'duration' | 'ratio';
  from: string;
  to: string;
}

export interface ModelFit {
  modelId: string;
  /** What the model would be sent. */
  used: ModelChoice;
  /** Each setting the model cannot take as asked, with what it becomes; empty when it takes them all. */
  changes: SettingChange[];
}

/** What `modelId` would be sent for `asked`, and what changed on the way. */
export function fitToModel(asked: CompareSettings, modelId: string, catalog: Catalog): ModelFit {
  const used = clampToModel(asked, modelId, catalog);
  const changes: SettingChange[] = [];
  if (used.duration !== asked.duration) changes.push({ field: 'duration', from: `${asked.duration} s`, to: `${used.duration} s` });
  if (used.quality !== asked.quality) changes.push({ field: 'quality', from: asked.quality, to: used.quality });
  if (used.ratio !== asked.ratio) changes.push({ field: 'ratio', from: asked.ratio, to: used.ratio });
  return { modelId, used, changes };
}

/** The templates a fit is described with ({0}, {1}: see describeFit); localized by the caller. */
export interface FitWords {
  /** {0}: the settings, e.g. "5 s · 1080p · 16:9". */
  asIs: string;
  /** {0}: the changes joined with ", ". */
  clamped: string;
  /** {0}: from, {1}: to. */
  change: string;
}

function fill(template: string, ...values: string[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => values[Number(i)] ?? m);
}

/** One line for the model pick: "takes 5 s · 1080p · 16:9 as they are" or "clamped: 8 s → 5 s, 720p → 1080p". */
export function describeFit(fit: ModelFit, words: FitWords): string {
  if (fit.changes.length === 0) return fill(words.asIs, `${fit.used.duration} s · ${fit.used.quality} · ${fit.used.ratio}`);
  return fill(words.clamped, fit.changes.map((c) => fill(words.change, c.from, c.to)).join(', '));
}
