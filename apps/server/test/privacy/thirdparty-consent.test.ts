/**
 * §2.2: the site's operator obtains the consents its visitors give; Oceras keeps the record of the widget's
 * pre-chat consent (table consent_records): when, and the privacy policy's URL and version the form showed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConsentRecords } from '../../src/modules/consent/consent-records.js';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('§2.2 You are responsible for obtaining any consents required by your jurisdiction', () => {
  it('§2.2 You are responsible for obtaining any consents required by your jurisdiction — the pre-chat consent is recorded with its time and the policy URL and version shown, ready for the visitor’s export', async () => {
    const org = await buildOrganization(server);
    const policy = { policyUrl: 'https://shop.example/privacy', policyVersion: '2026-03' };
    await org.api.call('updateOrganization', {
      body: { widgetSettings: { privacyPolicyUrl: policy.policyUrl, privacyPolicyVersion: policy.policyVersion } },
    });
    const config = await server.client().call('getWidgetConfig', { query: { key: org.organization.widgetKey } });
    expect(config.organization.widgetSettings).toMatchObject({ privacyPolicyVersion: '2026-03' });

    const before = Date.now();
    const v = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const api = server.client(v.sessionToken);
    // The form submitted with a name, and once more with nothing but the consent (an optional form left empty).
    await api.call('identifyVisitor', { body: { name: 'Vera', consent: policy } });
    await api.call('identifyVisitor', { body: { consent: { policyUrl: null, policyVersion: null } } });
    // A session started with the consent already given (a page that shows its own form).
    const other = await server.client().call('createWidgetSession', {
      body: { widgetKey: org.organization.widgetKey, consent: policy },
    });

    const records = await listConsentRecords(server.services.db, org.organization.id, v.visitorId);
    expect(records).toEqual([
      { kind: 'prechat', ...policy, recordedAt: expect.any(String) },
      { kind: 'prechat', policyUrl: null, policyVersion: null, recordedAt: expect.any(String) },
    ]);
    for (const r of records) {
      expect(Date.parse(r.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(r.recordedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(await listConsentRecords(server.services.db, org.organization.id, other.visitorId)).toEqual([
      { kind: 'prechat', ...policy, recordedAt: expect.any(String) },
    ]);
    // Another organization reads none of them, and a script URL is not a policy.
    const stranger = await buildOrganization(server);
    expect(await listConsentRecords(server.services.db, stranger.organization.id, v.visitorId)).toEqual([]);
    await expectError(
      api.call('identifyVisitor', { body: { consent: { policyUrl: 'javascript:alert(1)', policyVersion: null } } }),
      400,
      'VALIDATION_FAILED',
    );
  });
});
