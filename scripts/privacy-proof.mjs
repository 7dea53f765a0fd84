#!/usr/bin/env node
/**
 * `npm run privacy-proof`: writes docs/PRIVACY-PROOF.md, each sentence of the published privacy policy beside the
 * mechanism that makes it true and the tests that prove it, and exits 1 when a proof is missing. `npm test` runs it.
 *
 * The table below is the one source. A proof is either
 *   - a key, `§N <words of the sentence>`: every test named `<key>` or `<key> — <what it checks>` proves it, wherever
 *     it is (the words after the dash may change freely); or
 *   - `{ file, name }`: one test by its exact name in that file (older tests, named before this page existed).
 * A test whose name starts with `§` must prove something listed here, so a sentence's tests cannot drift apart.
 * Entries owned by work still under way (`pendingUntil`) are listed as pending until a file matching their pattern
 * exists; from then on they are required like any other.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'PRIVACY-PROOF.md');
/** Where tests live: every `*.test.ts(x)` below these folders. */
const TEST_ROOTS = ['apps', 'packages'];

/** The rights half of issue 15 (exports, erasure, restriction): required once its tests exist. */
const RIGHTS = /^apps\/server\/test\/privacy\/rights-.*\.test\.ts$/;
/** Issue 14 (attachments): required once a test about attachments exists. */
const ATTACHMENTS = /attachment.*\.test\.tsx?$/;

const push = 'apps/server/src/modules/push/push.test.ts';
const auth = 'apps/server/src/modules/auth/auth.test.ts';
const matrix = 'apps/server/test/tenant-role-matrix.test.ts';
const crossSite = 'apps/widget/test/cross-site.browser.test.ts';
const mobilePush = 'apps/mobile/test/push.test.tsx';

/**
 * kind: `promise` (the software keeps it: proofs required), `operator` (the people running Oceras keep it; the
 * mechanism says how the software helps), `statement` (describes, defines or informs; nothing to prove).
 */
const POLICY = [
  {
    section: 'Preamble',
    sentences: [
      {
        text: 'This Privacy Policy describes how Oceras ("we", "our", "us") collects, uses, and protects information when you use our customer messaging platform, including our web application (admin dashboard), website chat widget, mobile agent apps (iOS and Android), and supporting APIs (collectively, the "Service").',
        kind: 'statement',
        mechanism: 'Scope of the policy.',
      },
    ],
  },
  {
    section: '1. Who we are',
    sentences: [
      {
        text: 'Oceras is a customer messaging platform that lets support and sales teams handle conversations from a web chat widget, admin dashboard, and native mobile apps.',
        kind: 'statement',
        mechanism: 'Describes the product (README.md).',
      },
      {
        text: 'The Service is operated by the Oceras team.',
        kind: 'operator',
        mechanism: 'Who operates a deployment.',
      },
      {
        text: 'For any privacy-related questions, contact us at privacy@oceras.com.',
        kind: 'operator',
        mechanism: 'A mailbox the operator answers.',
      },
    ],
  },
  {
    section: '2.1 Information you provide directly (agent accounts)',
    sentences: [
      {
        text: 'Account details: name, email address, hashed password, organization name/slug, role (admin, manager, agent).',
        kind: 'promise',
        mechanism:
          'Tables `agents` and `organizations` (apps/server/src/db/schema.ts); the password only as a bcrypt hash.',
        proofs: [{ file: auth, name: 'stores passwords as bcrypt cost 10' }],
      },
      {
        text: 'Profile data: optional avatar URL, availability status (online / away / offline).',
        kind: 'statement',
        mechanism: '`agents.avatar_url`, `agents.availability`.',
      },
      {
        text: 'Conversation content: messages, internal notes, attachments, and ticket metadata you create while using the Service.',
        kind: 'statement',
        mechanism:
          "Tables `conversations` and `messages` (attachments: issue 14); custom field values (`conversations.custom_fields`, `visitors.custom_fields`, issue 18), in the visitor's export and erased with them (§7 Access, §7 Erasure).",
      },
    ],
  },
  {
    section: '2.2 Information collected from your website visitors (widget)',
    sentences: [
      {
        text: 'When you embed the Oceras widget on your site, the following information about visitors who start a chat may be collected and stored on our servers:',
        kind: 'statement',
        mechanism: 'Introduces the list below.',
      },
      {
        text: 'Display name and email address if the visitor provides them in the pre-chat form — otherwise a random visitor ID.',
        kind: 'promise',
        mechanism: '`visitors.name` and `visitors.email` are null unless given; the id is a random UUID.',
        proofs: [
          {
            file: 'apps/widget/test/widget.browser.test.ts',
            name: 'asks for name and email first, validates them, and links the privacy policy',
          },
        ],
      },
      {
        text: 'Chat messages and attachments exchanged with your agents.',
        kind: 'statement',
        mechanism: 'Table `messages` (attachments: issue 14).',
      },
      {
        text: "A visitor ID stored in the visitor's browser localStorage to persist the conversation across reloads.",
        kind: 'promise',
        mechanism:
          'The widget keeps the session token in localStorage; the session ends after `VISITOR_SESSION_TTL_DAYS` (180) without use, on `Oceras.reset()` (revoked on the server) or when an agent ends it; the retention job deletes it and a visitor left with nothing.',
        proofs: [
          '§2.2 A visitor ID stored in the visitor’s browser',
          { file: crossSite, name: '1. keeps the visitor and the conversation across a reload' },
        ],
      },
      {
        text: 'Basic technical data attached to requests (IP address, user-agent) used for rate limiting and abuse prevention.',
        kind: 'promise',
        mechanism:
          '`visitors.ip` and `user_agent`, cleared 30 days after they were recorded (jobs/retention.job.ts); rate limits per address and per visitor session.',
        proofs: [
          '§2.3 IP addresses are kept for up to 30 days',
          { file: matrix, name: 'limits messages per visitor session, whatever the IP' },
        ],
      },
      {
        text: "You, as the operator of the site that embeds the widget, are the data controller for your visitors' data.",
        kind: 'statement',
        mechanism: 'Legal role of the organization.',
      },
      { text: 'Oceras acts as a processor.', kind: 'statement', mechanism: 'Legal role of Oceras.' },
      {
        text: 'You are responsible for disclosing the use of Oceras in your own privacy policy and for obtaining any consents required by your jurisdiction.',
        kind: 'promise',
        mechanism:
          'The widget links the organization’s policy (`privacyPolicyUrl`, `privacyPolicyVersion`) in the pre-chat form; the consent is recorded with its time in `consent_records` and exported with the visitor.',
        proofs: ['§2.2 You are responsible for obtaining any consents required by your jurisdiction'],
      },
    ],
  },
  {
    section: '2.3 Information collected automatically',
    sentences: [
      {
        text: 'Device tokens: when an agent enables push notifications on a mobile device, an Expo push token is stored so we can deliver notifications.',
        kind: 'promise',
        mechanism: 'The app registers its token only with the OS permission granted (table `devices`).',
        proofs: [
          {
            file: mobilePush,
            name: 'asks once after sign-in, then registers the Expo token with platform, app version and name',
          },
          { file: mobilePush, name: 'does not register when permission is denied' },
        ],
      },
      {
        text: 'Connection data: server logs retain IP addresses, request paths, and timestamps for up to 30 days for debugging and security.',
        kind: 'promise',
        mechanism:
          'Log lines carry method, path (no query string), status, IP and time; `LOG_DIR` files are deleted by the server after 30 days; IPs stored in the database are cleared after 30 days, by a job safe in every process.',
        proofs: [
          '§6 Server logs are rotated after 30 days',
          '§2.3 IP addresses are kept for up to 30 days',
          '§6 Retention runs in every process',
          { file: auth, name: 'never logs passwords or tokens, and logs method, path, status and IP' },
        ],
      },
      {
        text: 'Socket session metadata: which organization a connected user belongs to, for correct real-time routing.',
        kind: 'promise',
        mechanism: 'The socket principal holds the organization; rooms come from it (realtime/rooms.ts).',
        proofs: [{ file: matrix, name: "refuses every agent socket call on another organization's conversation" }],
      },
    ],
  },
  {
    section: '3. How we use information',
    sentences: [
      {
        text: 'Operate the Service: route messages, display inboxes, update tickets, send push notifications, keep the dashboard in sync.',
        kind: 'statement',
        mechanism: 'The features of the product.',
      },
      {
        text: 'Authenticate you: verify passwords (bcrypt-hashed), issue short-lived access tokens and refresh tokens.',
        kind: 'promise',
        mechanism: 'modules/auth: bcrypt cost 10, 15-minute access tokens, rotating refresh tokens.',
        proofs: [
          { file: auth, name: 'stores passwords as bcrypt cost 10' },
          { file: auth, name: 'issues 15-minute access tokens pinned to type, issuer and audience' },
          { file: auth, name: 'rotates on every use; reuse after the grace window ends the whole family' },
        ],
      },
      {
        text: 'Protect users: detect abuse, rate-limit suspicious traffic, maintain service integrity.',
        kind: 'promise',
        mechanism: 'Rate limits per address, per route and per visitor session; sign-in delays.',
        proofs: [
          { file: auth, name: 'limits sign-in attempts per IP' },
          { file: matrix, name: 'limits messages per visitor session, whatever the IP' },
        ],
      },
      {
        text: 'Improve the Service: diagnose bugs and performance problems using aggregated logs.',
        kind: 'statement',
        mechanism: 'The logs of §2.3.',
      },
      {
        text: 'We do not use your content for advertising, for profiling, or to train third-party AI models.',
        kind: 'promise',
        mechanism:
          'No code sends content anywhere but to Expo (a push’s title and body) and to the operator’s mail relay (invitations); the clients contact no other origin.',
        proofs: [
          '§5 Only the push token, notification title, body, and data payload are transmitted',
          '§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics',
        ],
      },
    ],
  },
  {
    section: '4. Legal bases (GDPR)',
    sentences: [
      {
        text: 'Contract: processing needed to provide the Service you signed up for.',
        kind: 'statement',
        mechanism: 'Legal basis.',
      },
      {
        text: 'Legitimate interest: securing the platform, preventing fraud, operational logging.',
        kind: 'statement',
        mechanism: 'Legal basis.',
      },
      {
        text: 'Consent: for optional features such as push notifications on mobile (you grant this via the OS permission dialog).',
        kind: 'promise',
        mechanism:
          'The app registers for push only after the OS permission; it reports the permission on every start and resume, and a withdrawn one stops the pushes.',
        proofs: [{ file: mobilePush, name: 'does not register when permission is denied' }, '§7 Withdraw consent'],
      },
    ],
  },
  {
    section: '5. Sharing and third parties',
    sentences: [
      {
        text: 'We share information only with the following categories of providers, strictly to deliver the Service:',
        kind: 'promise',
        mechanism:
          'The widget loads nothing from another origin (frame CSP `img-src ’self’ data:`, avatars elsewhere shown as initials); agents’ avatars are uploaded to Oceras and served from its own origin, re-encoded without metadata (modules/agents/update-me.ts, migration 0010 dropped URLs elsewhere); docs/DEPLOY.md tells the operator to add a mail relay (`SMTP_URL`) to their policy.',
        proofs: [
          '§5 We share information only with the following categories of providers',
          '§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics',
        ],
      },
      {
        text: 'Infrastructure: our VPS provider (hosting the Postgres database and application servers).',
        kind: 'operator',
        mechanism: 'Where the operator runs Oceras.',
      },
      {
        text: 'Push delivery: Expo Push Service (expo.dev) forwards notifications to Apple (APNs) and Google (FCM) for delivery to your device. Only the push token, notification title, body, and data payload are transmitted.',
        kind: 'promise',
        mechanism:
          'modules/push/sender.ts `expoMessage`: token, title, body, data, and constant delivery controls; the unread count is in the data, no `badge` field; the app sets its badge itself.',
        proofs: ['§5 Only the push token, notification title, body, and data payload are transmitted'],
      },
      {
        text: "TLS certificates: Let's Encrypt issues certificates for our domains.",
        kind: 'operator',
        mechanism: "deploy/Caddyfile obtains and renews Let's Encrypt certificates; the nginx recipe uses certbot's.",
      },
      {
        text: 'We do not sell, rent, or share personal data with advertisers, data brokers, or analytics networks.',
        kind: 'promise',
        mechanism: 'No such integration exists; the clients contact no other origin and set no cookie.',
        proofs: ['§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics'],
      },
    ],
  },
  {
    section: '6. Data retention',
    sentences: [
      {
        text: 'Account data is retained while your account is active.',
        kind: 'promise',
        mechanism:
          'Ended sessions (with their tokens and devices) and used, withdrawn or expired invitations are purged a week after they ended (jobs/retention.job.ts).',
        proofs: ['§6 Account data is retained while your account is active'],
      },
      {
        text: 'On account deletion, data is erased within 30 days (anonymized backups may persist up to 90 days).',
        kind: 'promise',
        mechanism:
          'Deleting an agent or an organization erases its personal data at once (the rights half of issue 15).',
        proofs: ['§6 Account deletion'],
        pendingUntil: RIGHTS,
      },
      {
        text: 'Conversation content is retained as long as the associated organization exists.',
        kind: 'promise',
        mechanism:
          'Nothing deletes conversations by default; an organization may set `conversationRetentionDays` (7 or more) to delete resolved ones after that long.',
        proofs: ['§6 Conversation content is retained as long as the associated organization exists'],
      },
      {
        text: 'Server logs are rotated after 30 days.',
        kind: 'promise',
        mechanism:
          '`LOG_DIR`: daily files the server deletes after `LOG_RETENTION_DAYS` (30; more only with `LOG_RETENTION_DAYS_OVER_POLICY`); stdout: the journald and logrotate recipes of docs/DEPLOY.md.',
        proofs: ['§6 Server logs are rotated after 30 days'],
      },
      {
        text: 'Expired push tokens are automatically cleaned up.',
        kind: 'promise',
        mechanism:
          'Devices Expo reports unregistered are removed at once, devices unseen for 90 days by the push clean-up.',
        proofs: [
          { file: push, name: 'removes devices unseen for 90 days, and delivery records after 30 days' },
          { file: push, name: 'a DeviceNotRegistered ticket removes the device and fails the push' },
        ],
      },
    ],
  },
  {
    section: '7. Your rights',
    sentences: [
      {
        text: 'Depending on your jurisdiction, you may have rights including:',
        kind: 'statement',
        mechanism: 'Introduces the list below.',
      },
      {
        text: 'Access — request a copy of your personal data.',
        kind: 'promise',
        mechanism: 'Exports of a visitor (admin and the visitor), of an agent (themselves) as JSON.',
        proofs: ['§7 Access'],
        pendingUntil: RIGHTS,
      },
      {
        text: 'Rectification — correct inaccurate data.',
        kind: 'promise',
        mechanism: 'Agents correct a visitor’s name and email; agents edit their profile.',
        proofs: ['§7 Rectification'],
        pendingUntil: RIGHTS,
      },
      {
        text: 'Erasure — request deletion of your data.',
        kind: 'promise',
        mechanism: 'Erasure of a visitor, an agent, an organization.',
        proofs: ['§7 Erasure'],
        pendingUntil: RIGHTS,
      },
      {
        text: 'Portability — receive your data in a machine-readable format.',
        kind: 'promise',
        mechanism: 'The exports are JSON.',
        proofs: ['§7 Portability'],
        pendingUntil: RIGHTS,
      },
      {
        text: 'Objection / restriction — object to specific processing activities.',
        kind: 'promise',
        mechanism: 'A restricted visitor or agent is no longer processed (no pushes, no emails, out of reports).',
        proofs: ['§7 Objection'],
        pendingUntil: RIGHTS,
      },
      {
        text: 'Withdraw consent — revoke push notification permission at any time via your OS settings.',
        kind: 'promise',
        mechanism:
          'The app reports the permission on every start and resume; a device with the permission withdrawn gets no push, not even one already queued.',
        proofs: ['§7 Withdraw consent'],
      },
      {
        text: 'To exercise any of these rights, email privacy@oceras.com.',
        kind: 'operator',
        mechanism: 'A mailbox the operator answers; the exports and erasures above are how they act on it.',
      },
      { text: 'We respond within 30 days.', kind: 'operator', mechanism: 'The operator’s commitment.' },
    ],
  },
  {
    section: '8. Security',
    sentences: [
      {
        text: 'All traffic is served over TLS 1.2+ with HSTS enforced.',
        kind: 'promise',
        mechanism:
          'deploy/Caddyfile and the nginx recipe (docs/DEPLOY.md), or `HTTPS_CERT_FILE` for the server’s own TLS (`minVersion: TLSv1.2`); HSTS of a year on every response; plain HTTP redirected.',
        proofs: ['§8 All traffic is served over TLS 1.2+ with HSTS enforced'],
      },
      {
        text: 'Passwords are hashed with bcrypt (cost factor 10) — plain passwords are never stored or logged.',
        kind: 'promise',
        mechanism: 'modules/auth/passwords.ts; the logger redacts secrets and logs no bodies.',
        proofs: [
          { file: auth, name: 'stores passwords as bcrypt cost 10' },
          { file: auth, name: 'never logs passwords or tokens, and logs method, path, status and IP' },
        ],
      },
      {
        text: "Access tokens expire after 15 minutes; refresh tokens are stored in the mobile OS's secure storage.",
        kind: 'promise',
        mechanism: 'modules/auth/tokens.ts; apps/mobile/lib/storage.ts keeps the session in expo-secure-store.',
        proofs: [
          { file: auth, name: 'issues 15-minute access tokens pinned to type, issuer and audience' },
          {
            file: 'apps/mobile/test/session.test.tsx',
            name: 'refreshes the 15-minute access token quietly a minute before it expires, rotating the refresh token',
          },
        ],
      },
      {
        text: "Each organization's data is isolated at the query layer — cross-tenant access is not possible via the API.",
        kind: 'promise',
        mechanism:
          'The organization comes from the principal; every repo statement filters on it; the matrix walks every route.',
        proofs: [
          { file: matrix, name: 'answers 404 to another organization' },
          { file: matrix, name: 'shows another organization only its own data' },
        ],
      },
      {
        text: 'File uploads pass through short-lived, owner-scoped pre-signed URLs.',
        kind: 'promise',
        mechanism: 'Attachments (issue 14).',
        proofs: ['§8 File uploads'],
        pendingUntil: ATTACHMENTS,
      },
    ],
  },
  {
    section: '9. International transfers',
    sentences: [
      {
        text: 'Our servers are located in the European Union.',
        kind: 'operator',
        mechanism: 'Where the operator hosts.',
      },
      {
        text: 'If you access the Service from outside the EU, your data may be transferred to and processed in the EU.',
        kind: 'statement',
        mechanism: 'Informs.',
      },
      {
        text: 'We rely on EU adequacy decisions and Standard Contractual Clauses where applicable.',
        kind: 'operator',
        mechanism: 'The operator’s contracts.',
      },
    ],
  },
  {
    section: '10. Children',
    sentences: [
      {
        text: 'The Service is intended for business use by people 18 years or older.',
        kind: 'promise',
        mechanism: 'Sign-up states it beside the operator’s terms and privacy policy (`TERMS_URL`, `PRIVACY_URL`).',
        proofs: ['§10 The Service is intended for business use by people 18 years or older'],
      },
      {
        text: 'We do not knowingly collect personal data from children under 13 (or the equivalent minimum age in your jurisdiction).',
        kind: 'operator',
        mechanism: 'Follows from the sign-up statement above; the operator acts on reports.',
      },
    ],
  },
  {
    section: '11. Cookies & similar technologies',
    sentences: [
      {
        text: 'The admin dashboard stores JWT access and refresh tokens in localStorage to keep you signed in.',
        kind: 'promise',
        mechanism: 'apps/dashboard/src/lib/session.ts (`oceras.tokens`); no cookie.',
        proofs: ['§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics'],
      },
      {
        text: 'The chat widget stores a visitor ID and session token in localStorage so returning visitors reconnect to their existing conversation.',
        kind: 'promise',
        mechanism: 'The loader keeps them in the host page’s localStorage under the widget key.',
        proofs: [
          {
            file: crossSite,
            name: '4. finds the conversation the next day, in a new browser context with the saved storage',
          },
          { file: crossSite, name: '5. sets no cookie, anywhere' },
        ],
      },
      {
        text: 'We do not use third-party tracking cookies, advertising pixels, or cross-site analytics.',
        kind: 'promise',
        mechanism:
          'The widget, the dashboard and the mobile web build request nothing from another origin and set no cookie.',
        proofs: ['§11 We do not use third-party tracking cookies, advertising pixels, or cross-site analytics'],
      },
    ],
  },
  {
    section: '12. Changes to this policy',
    sentences: [
      {
        text: 'We may update this policy occasionally to reflect changes in the Service, the law, or best practices.',
        kind: 'statement',
        mechanism: 'Informs.',
      },
      {
        text: 'When we do, we\'ll update the "Last updated" date above.',
        kind: 'operator',
        mechanism: 'The published policy’s date.',
      },
      {
        text: 'Material changes will be communicated via email to account administrators.',
        kind: 'operator',
        mechanism: 'The operator writes to the admins (their emails are in `agents`).',
      },
    ],
  },
  {
    section: '13. Contact',
    sentences: [
      {
        text: 'Questions, requests, or complaints? Reach us at privacy@oceras.com.',
        kind: 'operator',
        mechanism: 'A mailbox the operator answers.',
      },
      {
        text: "If you're in the EU and unsatisfied with our response, you may lodge a complaint with your local data protection authority.",
        kind: 'statement',
        mechanism: 'Informs.',
      },
    ],
  },
];

// ---- The tests that exist ----

function testFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.test\.tsx?$/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found;
}

/** The names of `it(...)` and `test(...)` whose first argument is a plain string literal. */
function testNames(source) {
  const names = [];
  const call =
    /\b(?:it|test)(?:\.(?:only|skip|skipIf\([^)]*\)|runIf\([^)]*\)|concurrent))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const m of source.matchAll(call)) {
    if (m[1] === '`' && m[2].includes('${')) continue;
    names.push(m[2].replace(/\\(.)/g, '$1'));
  }
  return names;
}

const tests = [];
for (const root of TEST_ROOTS) {
  for (const file of testFiles(join(ROOT, root))) {
    const rel = relative(ROOT, file).split('\\').join('/');
    for (const name of testNames(readFileSync(file, 'utf8'))) tests.push({ file: rel, name });
  }
}
const files = new Set(tests.map((t) => t.file));

const matches = (proof) =>
  typeof proof === 'string'
    ? tests.filter((t) => t.name === proof || t.name.startsWith(`${proof} — `))
    : tests.filter((t) => t.file === proof.file && t.name === proof.name);
const unique = (list) => [...new Map(list.map((t) => [`${t.file}\n${t.name}`, t])).values()];

// ---- Check ----

const problems = [];
const keys = new Set();
let promises = 0;
let pending = 0;
for (const { sentences } of POLICY) {
  for (const s of sentences) {
    if (s.kind !== 'promise') continue;
    promises++;
    for (const p of s.proofs ?? []) if (typeof p === 'string') keys.add(p);
    const isPending = s.pendingUntil && ![...files].some((f) => s.pendingUntil.test(f));
    s.status = isPending ? 'pending' : 'proved';
    if (isPending) {
      pending++;
      continue;
    }
    if (!s.proofs?.length) problems.push(`"${s.text}": a promise with no proof listed`);
    for (const p of s.proofs ?? []) {
      if (matches(p).length === 0)
        problems.push(
          typeof p === 'string'
            ? `"${s.text}": no test is named "${p}" or "${p} — …"`
            : `"${s.text}": no test "${p.name}" in ${p.file}`,
        );
    }
  }
}
for (const t of tests) {
  if (!t.name.startsWith('§')) continue;
  if (![...keys].some((k) => t.name === k || t.name.startsWith(`${k} — `)))
    problems.push(`${t.file}: the test "${t.name}" names no sentence of the table (scripts/privacy-proof.mjs)`);
}

// ---- Write ----

const cell = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const link = (t) => `[${t.file.split('/').pop()}](../${t.file})`;
const proofCell = (s) => {
  if (s.kind === 'statement') return 'nothing to prove';
  if (s.kind === 'operator') return 'kept by the operator';
  if (s.status === 'pending') return `pending: ${s.proofs.map((p) => `"${p}"`).join(', ')} (work under way)`;
  return unique(s.proofs.flatMap(matches))
    .map((t) => `${link(t)}: ${cell(t.name)}`)
    .join('<br>');
};
const lines = [
  '# Privacy policy: the proof',
  '',
  'Generated by `npm run privacy-proof` from `scripts/privacy-proof.mjs` and the names of the tests; do not edit by',
  'hand. Each sentence of the published privacy policy, the mechanism that makes it true, and the tests that prove it.',
  '`npm test` fails when a listed test is missing. A test proves a sentence by its name: `§N <the sentence> — <what',
  'it checks>`.',
  '',
  `${promises} promises of the software, ${promises - pending} proved by tests, ${pending} pending (work under way); the other sentences describe, or are kept by the operator.`,
  '',
];
for (const { section, sentences } of POLICY) {
  lines.push(`## ${section}`, '', '| Sentence | Mechanism | Proof |', '| --- | --- | --- |');
  for (const s of sentences) lines.push(`| ${cell(s.text)} | ${cell(s.mechanism)} | ${proofCell(s)} |`);
  lines.push('');
}
writeFileSync(OUT, lines.join('\n'));
// The repository's formatter has the last word on the layout, so `npm run lint` accepts the page as written.
execFileSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', OUT], { stdio: 'ignore' });

if (problems.length > 0) {
  console.error(`privacy-proof: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `privacy-proof: ${relative(ROOT, OUT)} written; ${promises - pending} promises proved, ${pending} pending.`,
);
