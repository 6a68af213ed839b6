import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, resolveWebhookUrl, webhookSecrets } from '../../../src/core/notify/webhook.js';

const SIG = 'sigToken0123456789abcdefghijklmnop';
const WORKFLOWS_URL = `https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`;

describe('where the webhook URL comes from', () => {
  it('takes --webhook-url first, then DATAOPS_TEAMS_WEBHOOK_URL, then the variable dataops.yml names', () => {
    const env = { DATAOPS_TEAMS_WEBHOOK_URL: 'https://a.example/env', TEAMS_URL: 'https://a.example/settings' };
    expect(resolveWebhookUrl({ flag: 'https://a.example/flag', env, settingsEnvName: 'TEAMS_URL' })).toEqual({ url: 'https://a.example/flag', source: '--webhook-url' });
    expect(resolveWebhookUrl({ env, settingsEnvName: 'TEAMS_URL' })?.source).toBe('DATAOPS_TEAMS_WEBHOOK_URL');
    expect(resolveWebhookUrl({ env: { TEAMS_URL: ' https://a.example/settings\n' }, settingsEnvName: 'TEAMS_URL' })).toEqual({
      url: 'https://a.example/settings',
      source: 'TEAMS_URL (notify.teams.webhook_url_env in dataops.yml)',
    });
  });

  it('treats empty values as unset: an unset secret in GitHub Actions expands to ""', () => {
    expect(resolveWebhookUrl({ flag: '', env: { DATAOPS_TEAMS_WEBHOOK_URL: '' } })).toBeNull();
  });
});

describe('the webhook URL check', () => {
  it('accepts a Workflows URL', () => {
    expect(checkWebhookUrl({ url: WORKFLOWS_URL, source: 'x' })).toEqual({ legacyConnector: false });
  });

  it('recognises retired Office 365 connector URLs', () => {
    for (const url of ['https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d', 'https://outlook.office.com/webhook/a/IncomingWebhook/b/c']) {
      expect(checkWebhookUrl({ url, source: 'x' }).legacyConnector).toBe(true);
    }
  });

  it('refuses what is not an http(s) URL with exit 2, without quoting the value', () => {
    for (const url of [`not a url ${SIG}`, `ftp://host/${SIG}`]) {
      let caught: unknown;
      try {
        checkWebhookUrl({ url, source: 'DATAOPS_TEAMS_WEBHOOK_URL' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ exitCode: 2, message: expect.stringContaining('DATAOPS_TEAMS_WEBHOOK_URL') });
      const { message, hint } = caught as { message: string; hint: string };
      expect(message + hint).not.toContain(SIG);
    }
  });

  it('names the URL, its token and its path as secrets, so a token printed alone is hidden too', () => {
    expect(webhookSecrets(WORKFLOWS_URL)).toEqual([WORKFLOWS_URL, SIG, new URL(WORKFLOWS_URL).pathname]);
    expect(webhookSecrets('https://user:password-123@host/x')).toEqual(['https://user:password-123@host/x', 'user', 'password-123', '/x']);
  });
});
