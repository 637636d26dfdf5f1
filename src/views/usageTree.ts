// The "Usage & Spend" view: the provider's figures from GET /usage, and this machine's own counts,
// each in its own labelled group. The rows come from usageRows.ts; this file puts them into words.
import * as vscode from 'vscode';
import { capabilityFor, type Catalog } from '../catalog';
import { readSettings } from '../config/settings';
import type { JobManager } from '../generation/jobManager';
import type { UsageService } from '../generation/usageService';
import { usageRows, type LocalRow, type ProviderRow } from './usageRows';

export type UsageNode = { id: string; group: 'provider' | 'local' } | { id: string; row: ProviderRow | LocalRow };

export const USAGE_VIEW_ID = 'videoGen.usage';

/** Dollars as the provider gives them: small figures keep their digits. */
export function formatUsd(usd: number): string {
  const digits = usd !== 0 && Math.abs(usd) < 0.01 ? 4 : 2;
  return usd.toFixed(digits);
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function dateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

interface RowText {
  label: string;
  description?: string;
  tooltip?: string;
  /** What a screen reader says, when the label alone is unclear. */
  spoken?: string;
  icon: string;
  command?: vscode.Command;
}

const refresh = (): vscode.Command => ({ command: 'videoGen.refreshUsage', title: vscode.l10n.t('Refresh Usage') });
const setKey = (): vscode.Command => ({ command: 'videoGen.setApiKey', title: vscode.l10n.t('Set API Key') });

/** Requests, then the costs that are not zero (every cost field is in the tooltip). */
function requestsText(row: ProviderRow & { kind: 'model' }): string {
  const parts: string[] = [];
  if (row.total !== undefined) parts.push(row.total === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', row.total));
  if (row.successful !== undefined) parts.push(vscode.l10n.t('{0} successful', row.successful));
  const costs = row.costs.filter((c) => c.usd !== 0);
  for (const c of costs) parts.push(`${c.field} ${formatUsd(c.usd)} USD`);
  if (row.costs.length && !costs.length) parts.push(vscode.l10n.t('costs 0 USD'));
  return parts.join(' · ') || vscode.l10n.t('no figures given');
}

function providerText(row: ProviderRow): RowText {
  switch (row.kind) {
    case 'notRead':
      return row.busy
        ? { label: vscode.l10n.t('Reading the usage…'), icon: 'loading~spin' }
        : {
            label: vscode.l10n.t('Not read yet: refresh to read it'),
            icon: 'refresh',
            command: refresh(),
          };
    case 'noKey':
      return {
        label: vscode.l10n.t('No API key set: set one to read the provider’s usage'),
        tooltip: vscode.l10n.t('The usage is read with your API key. Click to set it.'),
        icon: 'key',
        command: setKey(),
      };
    case 'unavailable':
      return {
        label: vscode.l10n.t('This server has no usage endpoint; the counts below are this machine’s own.'),
        description: `HTTP ${row.status}`,
        tooltip: vscode.l10n.t(
          'GET /usage answered HTTP {0}: this server (a gateway, perhaps) cannot report usage. Video Gen works on; the counts below are kept by this machine.',
          row.status,
        ),
        icon: 'info',
      };
    case 'failed': {
      const lines = [row.summary];
      if (row.action) lines.push(row.action);
      if (row.status !== undefined) lines.push(`HTTP ${row.status}`);
      if (row.requestId) lines.push(vscode.l10n.t('Request id: {0}', row.requestId));
      lines.push(vscode.l10n.t('Tried at {0}', dateTime(row.at)));
      if (row.figuresFrom) lines.push(vscode.l10n.t('The figures below are from the reading at {0}.', dateTime(row.figuresFrom)));
      return {
        label: vscode.l10n.t('Could not read the usage: {0}', row.summary),
        description: row.figuresFrom ? vscode.l10n.t('figures below from {0}', time(row.figuresFrom)) : undefined,
        tooltip: lines.join('\n'),
        spoken: vscode.l10n.t('Could not read the usage: {0} {1}', row.summary, row.action ?? ''),
        icon: 'warning',
        command: row.code === 'invalid_api_key' ? setKey() : refresh(),
      };
    }
    case 'plan':
      return {
        label: vscode.l10n.t('Plan: {0}', row.plan),
        description: row.username,
        spoken: row.username
          ? vscode.l10n.t('Provider’s plan: {0}, user {1}', row.plan, row.username)
          : vscode.l10n.t('Provider’s plan: {0}', row.plan),
        icon: 'account',
      };
    case 'cumulativeCost':
      return {
        label: vscode.l10n.t('Cumulative cost: {0} USD', formatUsd(row.usd)),
        description: row.field,
        tooltip: vscode.l10n.t('The provider’s figure, field {0}', row.field),
        spoken: vscode.l10n.t('Provider’s cumulative cost: {0} US dollars ({1})', formatUsd(row.usd), row.field),
        icon: 'credit-card',
      };
    case 'paid':
      return {
        label: vscode.l10n.t('Total paid: {0} USD', formatUsd(row.usd)),
        spoken: vscode.l10n.t('Total paid to the provider: {0} US dollars', formatUsd(row.usd)),
        icon: 'credit-card',
      };
    case 'model': {
      const figures = requestsText(row);
      const lines = [`${row.label} (${row.id})`, figures];
      for (const c of row.costs) lines.push(`${c.field}: ${formatUsd(c.usd)} USD`);
      if (row.lastUsed) lines.push(vscode.l10n.t('Last used: {0}', dateTime(row.lastUsed)));
      return {
        label: row.label,
        description: figures,
        tooltip: lines.join('\n'),
        spoken: vscode.l10n.t('Model {0}: {1}', row.label, figures),
        icon: 'device-camera-video',
      };
    }
    case 'noModels':
      return { label: vscode.l10n.t('No per-model figures in the answer'), icon: 'info' };
    case 'rateLimits': {
      const short: string[] = [];
      const spoken: string[] = [];
      if (row.perMinute !== undefined) {
        short.push(vscode.l10n.t('{0} per minute', row.perMinute));
        spoken.push(vscode.l10n.t('{0} requests per minute', row.perMinute));
      }
      if (row.perDay !== undefined) {
        short.push(vscode.l10n.t('{0} per day', row.perDay));
        spoken.push(vscode.l10n.t('{0} requests per day', row.perDay));
      }
      return {
        label: vscode.l10n.t('Rate limits: {0}', short.join(', ')),
        spoken: vscode.l10n.t('Provider’s rate limits: {0}', spoken.join(', ')),
        icon: 'dashboard',
      };
    }
    case 'daysRemaining':
      return {
        label: vscode.l10n.t('Days remaining: {0}', row.days),
        spoken: vscode.l10n.t('Days remaining in the provider’s subscription: {0}', row.days),
        icon: 'calendar',
      };
    case 'conflicts':
      return {
        label: vscode.l10n.t('Figures the answer gives twice, differently: {0}', row.fields.join(', ')),
        tooltip: vscode.l10n.t('The per-model table appears in two places of the answer and they disagree; the top-level one is shown.'),
        icon: 'warning',
      };
    case 'readAt':
      return {
        label: vscode.l10n.t('Read at {0}', time(row.at)),
        tooltip: vscode.l10n.t('Read from GET /usage at {0}. Click to read it again.', dateTime(row.at)),
        spoken: vscode.l10n.t('Provider’s figures read at {0}. Activate to read them again.', time(row.at)),
        icon: 'watch',
        command: refresh(),
      };
  }
}

function videos(generations: number, seconds: number, usd: number | undefined): { label: string; description?: string } {
  return {
    label: generations === 1 ? vscode.l10n.t('1 video, {0} s', seconds) : vscode.l10n.t('{0} videos, {1} s', generations, seconds),
    description: usd !== undefined && usd > 0 ? vscode.l10n.t('about {0} USD, estimated', formatUsd(usd)) : undefined,
  };
}

function localText(row: LocalRow): RowText {
  switch (row.kind) {
    case 'localToday': {
      const v = videos(row.generations, row.seconds, row.usd);
      return {
        label: vscode.l10n.t('Today: {0}', v.label),
        description: v.description,
        spoken: vscode.l10n.t('Counted by this machine today: {0} {1}', v.label, v.description ?? ''),
        icon: 'history',
      };
    }
    case 'localTotal': {
      const v = videos(row.generations, row.seconds, row.usd);
      return {
        label: vscode.l10n.t('In total: {0}', v.label),
        description: v.description,
        spoken: vscode.l10n.t('Counted by this machine in total: {0} {1}', v.label, v.description ?? ''),
        icon: 'history',
      };
    }
    case 'budgets': {
      const r = row.remaining;
      const parts: string[] = [];
      if (r.dailyGenerations !== undefined) parts.push(vscode.l10n.t('{0} generations today', r.dailyGenerations));
      if (r.monthlyGenerations !== undefined) parts.push(vscode.l10n.t('{0} generations this month', r.monthlyGenerations));
      if (r.dailyUsd !== undefined) parts.push(vscode.l10n.t('about {0} USD today', r.dailyUsd.toFixed(2)));
      if (r.monthlyUsd !== undefined) parts.push(vscode.l10n.t('about {0} USD this month', r.monthlyUsd.toFixed(2)));
      return {
        label: vscode.l10n.t('Left in your budgets: {0}', parts.join(', ')),
        tooltip: vscode.l10n.t('From the budget settings, counting the generations running now (dollars are estimates).'),
        icon: 'law',
      };
    }
  }
}

function rowId(row: ProviderRow | LocalRow): string {
  return row.kind === 'model'
    ? `provider/model/${row.id}`
    : `${row.kind.startsWith('local') || row.kind === 'budgets' ? 'local' : 'provider'}/${row.kind}`;
}

export class UsageTreeProvider implements vscode.TreeDataProvider<UsageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly usage: UsageService,
    private readonly jobs: JobManager,
    private readonly catalog: () => Catalog,
  ) {
    const fire = (): void => this.changed.fire();
    this.subscriptions = [
      usage.onDidChange(fire),
      jobs.onDidFinish(fire),
      jobs.onDidChangeJobs(fire),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('videoGen')) fire();
      }),
    ];
  }

  rows(): ReturnType<typeof usageRows> {
    const catalog = this.catalog();
    return usageRows({
      reading: this.usage.current,
      busy: this.usage.busy,
      local: this.jobs.usage.summary(),
      remaining: this.jobs.remainingBudgets(),
      modelLabel: (id) => capabilityFor(id, catalog).label,
    });
  }

  getChildren(node?: UsageNode): UsageNode[] {
    if (!node) {
      return [
        { id: 'provider', group: 'provider' },
        { id: 'local', group: 'local' },
      ];
    }
    if (!('group' in node)) return [];
    const rows = this.rows();
    return (node.group === 'provider' ? rows.provider : rows.local).map((row) => ({ id: rowId(row), row }));
  }

  getTreeItem(node: UsageNode): vscode.TreeItem {
    if ('group' in node) {
      const provider = node.group === 'provider';
      const item = new vscode.TreeItem(
        provider ? vscode.l10n.t('From the provider (GET /usage)') : vscode.l10n.t('Counted by this machine'),
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = node.id;
      item.accessibilityInformation = { label: typeof item.label === 'string' ? item.label : '' };
      item.iconPath = new vscode.ThemeIcon(provider ? 'cloud' : 'device-desktop');
      item.tooltip = provider
        ? vscode.l10n.t('What {0}/usage reports for your key.', readSettings().baseUrl.replace(/\/+$/, ''))
        : vscode.l10n.t('Kept by Video Gen on this machine: works offline and with servers that have no usage endpoint.');
      return item;
    }
    const row = node.row;
    const text = row.kind === 'localToday' || row.kind === 'localTotal' || row.kind === 'budgets' ? localText(row) : providerText(row);
    const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = text.description;
    item.tooltip = text.tooltip ?? [text.label, text.description].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(text.icon);
    item.contextValue = `videoGen.usage.${row.kind}`;
    item.accessibilityInformation = {
      label: text.spoken?.trim() ?? [text.label, text.description].filter(Boolean).join(', '),
    };
    if (text.command) item.command = text.command;
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

export interface UsageViewDeps {
  usage: UsageService;
  jobs: JobManager;
  catalog: () => Catalog;
  /** Shows the provider's items in the view activate() created; returns that view. */
  showTree?: (provider: vscode.TreeDataProvider<UsageNode>) => vscode.TreeView<UsageNode>;
}

/** The view, its visibility handed to the usage service (no reading while hidden), and `videoGen.refreshUsage`. */
export function registerUsageView(deps: UsageViewDeps): vscode.Disposable {
  const provider = new UsageTreeProvider(deps.usage, deps.jobs, deps.catalog);
  const showTree = deps.showTree ?? ((treeDataProvider) => vscode.window.createTreeView(USAGE_VIEW_ID, { treeDataProvider }));
  const view = showTree(provider);
  deps.usage.setVisible(view.visible);
  return vscode.Disposable.from(
    provider,
    view.onDidChangeVisibility((e) => deps.usage.setVisible(e.visible)),
    { dispose: () => deps.usage.setVisible(false) },
    vscode.commands.registerCommand('videoGen.refreshUsage', async () => {
      await deps.usage.refresh();
    }),
  );
}
