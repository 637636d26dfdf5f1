// What the Restricted Mode run plants and where its collector listens: shared by the runner
// (test/runners/run-restricted.ts) and the suite inside VS Code. No `vscode` import here.

/** The folder a workspace's settings ask for; in Restricted Mode nothing may land there. */
export const WORKSPACE_OUTPUT_DIRECTORY = 'from-the-workspace';
/** A setting of no consequence for safety: its workspace value still applies in Restricted Mode. */
export const WORKSPACE_TIMEOUT_SECONDS = 321;
export const COLLECTOR_ENV = 'VIDEO_GEN_TEST_COLLECTOR_URL';
export const COLLECTOR_LOG_PATH = '/__collector/requests';

/**
 * The workspace's .vscode/settings.json: what a cloned repository could hold. The base URL names
 * this machine (the collector), which a trusted workspace may do (see src/config/baseUrlChoice.ts).
 */
export function restrictedWorkspaceSettings(collectorUrl: string): Record<string, unknown> {
  return {
    'videoGen.baseUrl': `${collectorUrl}/v1`,
    'videoGen.outputDirectory': WORKSPACE_OUTPUT_DIRECTORY,
    'videoGen.confirmPremiumModels': false,
    'videoGen.dailyGenerationLimit': 1000,
    'videoGen.timeoutSeconds': WORKSPACE_TIMEOUT_SECONDS,
  };
}

export function collectorUrl(): string {
  const url = process.env[COLLECTOR_ENV];
  if (!url) throw new Error(`${COLLECTOR_ENV} is not set: run the suite through run-restricted`);
  return url;
}

export interface CollectedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function collectedRequests(): Promise<CollectedRequest[]> {
  const res = await fetch(`${collectorUrl()}${COLLECTOR_LOG_PATH}`);
  return ((await res.json()) as { requests: CollectedRequest[] }).requests;
}
