// The language-model tool: lets Copilot's agent, or any chat participant, generate a video into
// the workspace. The confirmation names the model, duration, quality and whether it is premium;
// the result tells the model where the file is and what it contains.
import * as vscode from 'vscode';
import { VideoGenError } from '../api/errors';
import { findModel, startingChoice, type GenerationRequest } from '../catalog';
import { readSettings, settingsLayer } from '../config/settings';
import type { CatalogService } from '../generation/catalogService';
import { remainingText, type GenerationOutcome, type JobManager } from '../generation/jobManager';

export interface GenerateVideoToolInput {
  prompt: string;
  model?: string;
  quality?: string;
  duration?: number;
  ratio?: string;
}

/** Fills what the model left out from the user's defaults, within the chosen model's limits. */
export function requestFromToolInput(input: GenerateVideoToolInput, catalog: CatalogService): GenerationRequest {
  const settings = readSettings();
  const asked = typeof input.model === 'string' && input.model.trim() ? input.model.trim() : undefined;
  // The agent's choices, else the user's defaults (not their last choices: an agent should be predictable).
  const choice = startingChoice([{ ...input, model: asked }, settingsLayer(settings)], settings.defaultModel, catalog.current);
  // Explicit values the model cannot honour are passed as given, so validation says exactly why.
  return {
    prompt: typeof input.prompt === 'string' ? input.prompt : '',
    model: choice.model,
    quality: (input.quality as GenerationRequest['quality']) ?? choice.quality,
    duration: input.duration ?? choice.duration,
    ratio: (input.ratio as GenerationRequest['ratio']) ?? choice.ratio,
  };
}

export function describeOutcome(outcome: GenerationOutcome): string {
  const lines = [
    `Generated ${outcome.files.length} video file(s) with ${outcome.request.model} (${outcome.request.duration} s, ${outcome.request.quality}, ${outcome.request.ratio}).`,
  ];
  for (const f of outcome.files) {
    const path = vscode.workspace.asRelativePath(f.uri);
    const size = `${(f.bytes / 1048576).toFixed(2)} MB`;
    const meta =
      f.width && f.height
        ? `${f.width}x${f.height}, ${f.duration?.toFixed(1)} s, video ${f.videoCodec ?? 'unknown'}, audio ${f.audioCodec ?? 'none'}`
        : 'metadata unreadable';
    lines.push(
      `- ${path} (${size}; ${meta}; sha256 ${f.sha256})${f.silentInVsCode ? ' — its AAC audio plays silently inside VS Code' : ''}`,
    );
    for (const w of f.warnings) lines.push(`  warning: ${w}`);
  }
  if (outcome.revisedPrompt && outcome.revisedPrompt !== outcome.request.prompt)
    lines.push(`The provider revised the prompt to: ${outcome.revisedPrompt}`);
  return lines.join('\n');
}

export class GenerateVideoTool implements vscode.LanguageModelTool<GenerateVideoToolInput> {
  constructor(
    private readonly jobs: JobManager,
    private readonly catalog: CatalogService,
  ) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<GenerateVideoToolInput>): vscode.PreparedToolInvocation {
    const request = requestFromToolInput(options.input, this.catalog);
    const model = findModel(request.model, this.catalog.current);
    const premium = model?.premium ?? false;
    const message = new vscode.MarkdownString();
    message.appendText(
      vscode.l10n.t(
        'Generate a {0}-second {1} video ({2}) with {3}{4}?',
        request.duration,
        request.quality,
        request.ratio,
        model?.label ?? request.model,
        premium ? vscode.l10n.t(' (premium: use sparingly, it costs the most)') : '',
      ),
    );
    message.appendMarkdown('\n\n');
    message.appendText(vscode.l10n.t('Prompt: {0}', request.prompt));
    message.appendMarkdown('\n\n');
    const cost = this.jobs.estimate(request);
    const estimate = cost
      ? ' ' + vscode.l10n.t("Estimated cost: about {0} {1} (an estimate from the API's price list).", cost.amount.toFixed(2), cost.currency)
      : '';
    message.appendText(
      vscode.l10n.t('Every generation is paid. The video is saved into the workspace.') +
        estimate +
        remainingText(this.jobs.remainingBudgets(), cost === undefined),
    );
    return {
      invocationMessage: vscode.l10n.t('Generating a video with {0}', model?.label ?? request.model),
      confirmationMessages: {
        title: premium ? vscode.l10n.t('Generate a video with a premium model?') : vscode.l10n.t('Generate a video?'),
        message,
      },
    };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<GenerateVideoToolInput>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const request = requestFromToolInput(options.input, this.catalog);
    const controller = new AbortController();
    if (token.isCancellationRequested) controller.abort();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      // The tool's own confirmation (prepareInvocation) already named the model and its cost.
      const outcome = await this.jobs.start(request, {
        interactive: false,
        source: 'tool',
        signal: controller.signal,
        premiumConfirmed: true,
      });
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(describeOutcome(outcome))]);
    } catch (err) {
      // The model reads this: say what failed and what would fix it, with the code.
      const message = err instanceof VideoGenError ? err.message : String(err instanceof Error ? err.message : err);
      throw new Error(`Video generation failed: ${message}`);
    } finally {
      sub.dispose();
    }
  }
}
