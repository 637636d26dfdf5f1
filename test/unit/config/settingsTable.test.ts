// One truth for each setting: package.json's contributes.configuration says exactly what the
// settings table says (type, default, bounds, allowed values), and the reader falls back to the
// table's default for any value the table does not allow.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RATIOS } from '../../../src/catalog';
import {
  SETTINGS_SECTION,
  SETTINGS_TABLE,
  checkNetworkSettings,
  checkSettings,
  type RawSettings,
  type SettingKey,
  type SettingSpec,
} from '../../../src/config/settingsTable';

const root = resolve(__dirname, '..', '..', '..', '..');
interface ManifestSetting {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, ManifestSetting> } };
};
const manifest = pkg.contributes.configuration.properties;
const table = SETTINGS_TABLE as Record<SettingKey, SettingSpec>;
const keys = Object.keys(table) as SettingKey[];
const prefix = `${SETTINGS_SECTION}.`;

/** What the manifest should say for a table entry. */
function expectedManifest(spec: SettingSpec): ManifestSetting {
  const expected: ManifestSetting = { type: spec.kind, default: spec.default };
  if (spec.kind === 'integer' || spec.kind === 'number') {
    expected.minimum = spec.minimum;
    expected.maximum = spec.maximum;
  }
  if (spec.kind === 'string' && spec.enum) expected.enum = [...spec.enum];
  return expected;
}

function raw(values: RawSettings['values']): RawSettings {
  return { values, baseUrl: {} };
}

describe('settings: the table, the manifest and the reader agree', () => {
  it('contributes exactly the settings in the table', () => {
    const contributed = Object.keys(manifest)
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .sort();
    assert.deepEqual(contributed, [...keys].sort());
  });

  it('gives every setting in package.json the type, default, bounds and values of the table', () => {
    for (const key of keys) {
      const m = manifest[prefix + key] ?? {};
      const actual: ManifestSetting = { type: m.type, default: m.default };
      if ('minimum' in m) actual.minimum = m.minimum;
      if ('maximum' in m) actual.maximum = m.maximum;
      if ('enum' in m) actual.enum = m.enum;
      assert.deepEqual(actual, expectedManifest(table[key]), `${prefix}${key}`);
    }
  });

  it('offers every ratio the API knows as the default ratio', () => {
    assert.deepEqual([...SETTINGS_TABLE.defaultRatio.enum].sort(), [...RATIOS].sort());
  });

  it('reads each default as the table gives it when nothing is set', () => {
    const settings = checkSettings(raw({}));
    for (const key of keys) assert.deepEqual(settings[key], table[key].default, key);
  });

  it('accepts each default it gives', () => {
    const defaults = Object.fromEntries(keys.map((k) => [k, table[k].default]));
    const settings = checkSettings(raw(defaults));
    for (const key of keys) assert.deepEqual(settings[key], table[key].default, key);
  });

  it('keeps valid values as they are', () => {
    const settings = checkSettings(
      raw({
        outputDirectory: 'out/clips',
        defaultModel: ' provider-9/new-model ',
        defaultQuality: '1080p',
        defaultDuration: 8,
        defaultRatio: '1:1',
        timeoutSeconds: 2,
        confirmPremiumModels: false,
        retryCount: 5,
        dailyGenerationLimit: 1000,
        monthlyGenerationLimit: 30,
        dailyBudgetUsd: 2.5,
        monthlyBudgetUsd: 40,
        'queue.concurrency': 8,
        'draft.model': ' provider-2/seedance-lite ',
        'draft.quality': '480p',
        'draft.duration': 3,
        'player.forceDecodedAudio': true,
        'history.groupBy': 'storyboard',
        'explorer.decorations': false,
        'final.model': ' provider-2/veo ',
        'final.quality': '1080p',
        'final.duration': 6,
      }),
    );
    assert.deepEqual(
      { ...settings, baseUrl: undefined, ignoredWorkspaceBaseUrl: undefined, proxyUrl: undefined, network: undefined },
      {
        network: undefined,
        baseUrl: undefined,
        ignoredWorkspaceBaseUrl: undefined,
        proxyUrl: undefined,
        strictSSL: true,
        outputDirectory: 'out/clips',
        defaultModel: 'provider-9/new-model',
        defaultQuality: '1080p',
        defaultDuration: 8,
        defaultRatio: '1:1',
        timeoutSeconds: 2,
        confirmPremiumModels: false,
        retryCount: 5,
        dailyGenerationLimit: 1000,
        monthlyGenerationLimit: 30,
        dailyBudgetUsd: 2.5,
        monthlyBudgetUsd: 40,
        'queue.concurrency': 8,
        'draft.model': 'provider-2/seedance-lite',
        'draft.quality': '480p',
        'draft.duration': 3,
        'player.forceDecodedAudio': true,
        'history.groupBy': 'storyboard',
        'explorer.decorations': false,
        'final.model': 'provider-2/veo',
        'final.quality': '1080p',
        'final.duration': 6,
      },
    );
  });

  it("reads VS Code's network settings, each of the wrong kind falling back to VS Code's default", () => {
    const defaults = {
      proxyUrl: undefined,
      unusableProxy: undefined,
      proxySupport: 'override',
      noProxy: [],
      proxyAuthorization: undefined,
      strictSSL: true,
      systemCertificates: true,
    };
    assert.deepEqual(checkNetworkSettings({}), defaults);
    assert.deepEqual(
      checkNetworkSettings({
        httpProxy: ' http://proxy.corp:3128 ',
        httpProxySupport: 'off',
        httpNoProxy: [' api.example.com ', '', '.corp'],
        httpProxyAuthorization: ' Basic dTpw ',
        httpProxyStrictSSL: false,
        httpSystemCertificates: false,
      }),
      {
        proxyUrl: 'http://proxy.corp:3128',
        unusableProxy: undefined,
        proxySupport: 'off',
        noProxy: ['api.example.com', '.corp'],
        proxyAuthorization: 'Basic dTpw',
        strictSSL: false,
        systemCertificates: false,
      },
    );
    assert.deepEqual(
      checkNetworkSettings({
        httpProxySupport: 'sometimes',
        httpNoProxy: 'api.example.com',
        httpProxyAuthorization: null,
        httpProxyStrictSSL: 'no',
        httpSystemCertificates: 1,
      }),
      defaults,
    );
    assert.deepEqual(checkNetworkSettings({ httpProxy: 'socks5://127.0.0.1:1080' }), {
      ...defaults,
      unusableProxy: 'socks5://127.0.0.1:1080',
    });
    assert.deepEqual(checkSettings(raw({})).network, defaults);
  });

  it('falls back to the table default for a value out of bounds, of the wrong type or not allowed', () => {
    const wrong: string[] = [];
    for (const key of keys) {
      const spec = table[key];
      const bad: unknown[] = [null, {}, []];
      if (spec.kind === 'integer') bad.push(spec.minimum - 1, spec.maximum + 1, spec.minimum + 0.5, String(spec.default), Number.NaN);
      if (spec.kind === 'number')
        bad.push(spec.minimum - 0.01, spec.maximum + 1, String(spec.default), Number.NaN, Number.POSITIVE_INFINITY);
      if (spec.kind === 'boolean') bad.push('true', 0);
      if (spec.kind === 'string') {
        bad.push(3);
        if (spec.enum && !spec.enumSuggestsOnly) bad.push('not-one-of-them');
        if (spec.trimmed) bad.push('', '   ');
      }
      if (key === 'baseUrl') continue; // chooseBaseUrl's own tests cover it
      for (const value of bad) {
        const read = checkSettings(raw({ [key]: value }))[key];
        if (read !== spec.default) wrong.push(`${key} = ${String(value)} read as ${String(read)}, not the default ${String(spec.default)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
