import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, refuseDeadWebhook, resolveWebhookUrl, webhookSecrets } from '../../../src/core/notify/webhook.js';

const SIG = 'sigToken0123456789abcdefghijklmnop';
const OLD_WORKFLOWS_URL = `https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`;

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
  const form = (url: string) => checkWebhookUrl({ url, source: 'x' }).form;

  it('tells the three Teams forms and anything else apart by host', () => {
    expect(form('https://prod-01.westeurope.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/a/triggers/manual/paths/invoke?sig=s')).toBe('power-platform');
    expect(form(OLD_WORKFLOWS_URL)).toBe('logic-apps');
    expect(form('https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d')).toBe('connector');
    expect(form('https://outlook.office.com/webhook/a/IncomingWebhook/b/c')).toBe('connector');
    expect(form('https://relay.example.com/teams?code=x')).toBe('other');
    // A look-alike host is not a Teams host.
    expect(form('https://evil-logic.azure.com.example.org/x')).toBe('other');
  });

  it('refuses the dead forms with the day they stopped and the fix, never quoting the URL', () => {
    for (const [url, since] of [
      [OLD_WORKFLOWS_URL, '2025-11-30'],
      [`https://contoso.webhook.office.com/webhookb2/${SIG}/IncomingWebhook/c/d`, '2025-12-31'],
    ] as const) {
      let caught: unknown;
      try {
        refuseDeadWebhook({ url, source: 'DATAOPS_TEAMS_WEBHOOK_URL' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ exitCode: 2, message: expect.stringContaining(`stopped delivering on ${since}: nothing was sent`) });
      const { message, hint } = caught as { message: string; hint: string };
      expect(message).toContain('DATAOPS_TEAMS_WEBHOOK_URL');
      expect(hint).toContain('environment.api.powerplatform.com');
      expect(hint).toContain('Send webhook alerts to a channel');
      expect(message + hint).not.toContain(SIG);
    }
    expect(refuseDeadWebhook({ url: 'https://x.environment.api.powerplatform.com/p', source: 'x' }).dead).toBeUndefined();
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
    expect(webhookSecrets(OLD_WORKFLOWS_URL)).toEqual([OLD_WORKFLOWS_URL, SIG, new URL(OLD_WORKFLOWS_URL).pathname]);
    expect(webhookSecrets('https://user:password-123@host/x')).toEqual(['https://user:password-123@host/x', '/x', 'user', 'password-123']);
  });
});
