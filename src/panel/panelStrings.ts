// Every word the panel shows, localized here (the page itself holds none).
import * as vscode from 'vscode';
import { MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, type Advice } from '../catalog';
import { adviceDescription, adviceLabel } from '../ui/catalogWords';
import type { PanelStrings } from '../shared/strings';
import { soundRouteStrings } from './soundRouteStrings';

/** The provider's documented advice, worded as the catalog has it (one source for every picker). */
function advice(level: Advice): string {
  return vscode.l10n.t('{0} — {1}', adviceLabel(level), adviceDescription(level));
}

/** Words of the static page skeleton (html.ts). */
export interface PanelLabels {
  title: string;
  composerHeading: string;
  prompt: string;
  promptPlaceholder: string;
  promptHint: string;
  model: string;
  quality: string;
  duration: string;
  ratio: string;
  generate: string;
  cancel: string;
  cancelHint: string;
  runningHeading: string;
  playerHeading: string;
  historyHeading: string;
  showHistoryView: string;
  noVideo: string;
  costNote: string;
  compareModels: string;
  compareModelsHint: string;
}

export function panelLabels(): PanelLabels {
  return {
    title: vscode.l10n.t('Video Gen'),
    composerHeading: vscode.l10n.t('Generate a video'),
    prompt: vscode.l10n.t('Prompt'),
    promptPlaceholder: vscode.l10n.t('Describe the video, e.g. waves rolling onto a beach at sunset, slow camera pan'),
    promptHint: vscode.l10n.t('Ctrl+Enter (Cmd+Enter on macOS) generates.'),
    model: vscode.l10n.t('Model'),
    quality: vscode.l10n.t('Quality'),
    duration: vscode.l10n.t('Duration'),
    ratio: vscode.l10n.t('Aspect ratio'),
    generate: vscode.l10n.t('Generate'),
    cancel: vscode.l10n.t('Cancel'),
    cancelHint: vscode.l10n.t('Cancels the latest generation started here.'),
    runningHeading: vscode.l10n.t('Running'),
    playerHeading: vscode.l10n.t('Player'),
    historyHeading: vscode.l10n.t('Generated videos'),
    showHistoryView: vscode.l10n.t('Show in Side Bar'),
    noVideo: vscode.l10n.t('No video yet. Generate one, or pick one from the list of generated videos.'),
    costNote: vscode.l10n.t('Every generation is paid: get the prompt right first, start with a lighter model and a short duration.'),
    compareModels: vscode.l10n.t('Compare Models…'),
    compareModelsHint: vscode.l10n.t('Generates this prompt with 2 to 4 models you pick, and shows the takes side by side.'),
  };
}

/** Every string the page shows, as one table (long because it lists them; no logic to split). */
export function panelStrings(): PanelStrings {
  return {
    premium: vscode.l10n.t('Premium'),
    unverified: vscode.l10n.t('Unverified'),
    modelNotOffered: vscode.l10n.t('{0} is not in the model list; {1} is selected instead.'),
    unavailableModel: vscode.l10n.t('not offered'),
    frameHint: vscode.l10n.t('{0} × {1} pixels, {2} s'),
    promptCount: vscode.l10n.t('{0} / {1} characters'),
    seconds: vscode.l10n.t('{0} s'),
    durationOption: vscode.l10n.t('{0} s'),
    ratio16x9: vscode.l10n.t('16:9 landscape'),
    ratio9x16: vscode.l10n.t('9:16 portrait'),
    ratio1x1: vscode.l10n.t('1:1 square'),
    ratio4x3: vscode.l10n.t('4:3 landscape'),
    ratio3x4: vscode.l10n.t('3:4 portrait'),
    phaseStarting: vscode.l10n.t('starting'),
    phaseConnecting: vscode.l10n.t('connecting'),
    phaseWaiting: vscode.l10n.t('waiting for the video'),
    phaseReceiving: vscode.l10n.t('receiving the video'),
    phaseDownloading: vscode.l10n.t('downloading the video'),
    phaseSaving: vscode.l10n.t('saving'),
    jobLine: vscode.l10n.t('{0} · {1} s · {2}'),
    jobReceived: vscode.l10n.t('{0} MB received'),
    cancel: vscode.l10n.t('Cancel'),
    cancelJob: vscode.l10n.t('Cancel the generation "{0}"'),
    fromElsewhere: vscode.l10n.t('started outside the panel'),
    noVideo: vscode.l10n.t('No video yet.'),
    videoLabel: vscode.l10n.t('Video {0}'),
    resolution: vscode.l10n.t('Resolution'),
    duration: vscode.l10n.t('Duration'),
    size: vscode.l10n.t('Size'),
    videoCodec: vscode.l10n.t('Video codec'),
    audioCodec: vscode.l10n.t('Audio codec'),
    noAudio: vscode.l10n.t('none'),
    model: vscode.l10n.t('Model'),
    settings: vscode.l10n.t('Settings'),
    prompt: vscode.l10n.t('Prompt'),
    revisedPrompt: vscode.l10n.t('Revised prompt'),
    savedAt: vscode.l10n.t('Saved'),
    path: vscode.l10n.t('File'),
    warnings: vscode.l10n.t('Warnings'),
    silentNote: vscode.l10n.t(
      'The audio track is AAC, which VS Code cannot play: the clip plays silently here. Open it in the system player to hear it.',
    ),
    openExternal: vscode.l10n.t('Open in System Player'),
    ...soundRouteStrings(),
    audioRouteCopying: vscode.l10n.t("Sound: Video Gen's decoder cannot play it here ({0}); making a preview copy with ffmpeg…"),
    audioRoutePreviewCopy: vscode.l10n.t(
      "Sound: played by VS Code's own player from a preview copy with {0} audio, made by your ffmpeg and kept in Video Gen's storage (the clip itself is unchanged).",
    ),
    audioCopyNoFfmpeg: vscode.l10n.t('Installing ffmpeg (on the PATH) would let Video Gen play the sound from a preview copy.'),
    audioCopyFailed: vscode.l10n.t('The preview copy with ffmpeg failed: {0}'),
    audioCopyCancelled: vscode.l10n.t('The preview copy was cancelled.'),
    audioCopyUnplayable: vscode.l10n.t('The preview copy did not play here: {0}'),
    reveal: vscode.l10n.t('Reveal File'),
    copyPath: vscode.l10n.t('Copy Path'),
    generateAgain: vscode.l10n.t('Generate Again…'),
    play: vscode.l10n.t('Play'),
    reuse: vscode.l10n.t('Reuse'),
    playLabel: vscode.l10n.t('Play "{0}"'),
    reuseLabel: vscode.l10n.t('Reuse the settings of "{0}" in the form'),
    historyEmpty: vscode.l10n.t('No generated videos in this workspace yet.'),
    galleryFilters: vscode.l10n.t('Filter the generated videos'),
    galleryFilterText: vscode.l10n.t('Filter by prompt'),
    galleryAllModels: vscode.l10n.t('All models'),
    galleryAllStoryboards: vscode.l10n.t('All storyboards'),
    galleryNoStoryboard: vscode.l10n.t('Not from a storyboard'),
    galleryAnyDate: vscode.l10n.t('Any date'),
    galleryToday: vscode.l10n.t('Today'),
    galleryWeek: vscode.l10n.t('Last 7 days'),
    galleryMonth: vscode.l10n.t('Last 30 days'),
    galleryCount: vscode.l10n.t('{0} of {1} takes'),
    galleryNoMatch: vscode.l10n.t('No take matches the filters.'),
    galleryTile: vscode.l10n.t({
      message: 'Play "{0}": {1}. Delete discards it.',
      comment: ['A gallery tile: {0} is the prompt, shortened; {1} the model, duration and date'],
    }),
    galleryShot: vscode.l10n.t('{0}, shot {1}'),
    galleryFrom: vscode.l10n.t('from {0}'),
    discard: vscode.l10n.t('Discard'),
    discardLabel: vscode.l10n.t('Discard "{0}"'),
    errorCode: vscode.l10n.t('Error code: {0}'),
    playerError: vscode.l10n.t('The player could not load the video: {0}'),
    promptRequired: vscode.l10n.t('Describe the video you want first.'),
    formFilled: vscode.l10n.t('The form now holds the settings of this video. Edit the prompt, then generate.'),
    dismiss: vscode.l10n.t('Dismiss'),
    adviceDaily: advice('daily'),
    adviceBalanced: advice('balanced'),
    adviceLonger: advice('longer'),
    advicePremium: advice('premium'),
    adviceUnverified: vscode.l10n.t(
      'Unverified: limits not documented, general ones assumed ({0}–{1} s, all qualities).',
      MIN_DURATION_SECONDS,
      MAX_DURATION_SECONDS,
    ),
    // The same words as the premium confirmation's estimate (jobManager.ts), so they read alike.
    costEstimate: vscode.l10n.t("Estimated cost: about {0} {1} (an estimate from the API's price list)."),
    usageNone: vscode.l10n.t('No videos generated yet.'),
    usageLine: vscode.l10n.t('Today: {0} · In total: {1}'),
    usageNoneToday: vscode.l10n.t('no videos'),
    usageOneVideo: vscode.l10n.t('1 video, {0} s'),
    usageVideos: vscode.l10n.t('{0} videos, {1} s'),
    usageWithModels: vscode.l10n.t({
      message: '{0} ({1})',
      comment: ['Usage line: {0} is "3 videos, 9 s", {1} the list of models with their counts'],
    }),
    usageModel: vscode.l10n.t({ message: '{0}: {1}', comment: ['Usage line: a model name and how many videos it made'] }),
    usageModelSeparator: vscode.l10n.t({ message: ', ', comment: ['Usage line: between two models'] }),
    usageTotalByModel: vscode.l10n.t('In total by model: {0}'),
    // Compare and promote
    compareModels: vscode.l10n.t('Compare Models…'),
    compareHeading: vscode.l10n.t('Compare takes'),
    comparePlay: vscode.l10n.t('Play All'),
    comparePause: vscode.l10n.t('Pause All'),
    compareLoop: vscode.l10n.t('Loop'),
    compareSeek: vscode.l10n.t('Position of every take'),
    compareTime: vscode.l10n.t('{0} / {1}'),
    compareClose: vscode.l10n.t('Close Comparison'),
    compareEmpty: vscode.l10n.t('No takes left to compare.'),
    compareMissing: vscode.l10n.t('{0}: not made ({1})'),
    compareTile: vscode.l10n.t('Take by {0}'),
    compareElapsed: vscode.l10n.t('generated in {0}'),
    compareKeep: vscode.l10n.t('Keep'),
    compareKept: vscode.l10n.t('Kept'),
    compareKeepLabel: vscode.l10n.t('Keep the take by {0}'),
    compareDiscard: vscode.l10n.t('Discard…'),
    compareDiscardLabel: vscode.l10n.t('Discard the take by {0} (moves it to the trash)'),
    comparePromote: vscode.l10n.t('Promote…'),
    comparePromoteLabel: vscode.l10n.t('Promote the take by {0} to a final'),
    promoteToFinal: vscode.l10n.t('Promote to Final…'),
    lineageFrom: vscode.l10n.t('Promoted from'),
    lineageFinals: vscode.l10n.t('Promoted to'),
    lineageGone: vscode.l10n.t('{0} (no longer in the workspace)'),
  };
}
