import { ROUTES, type RouteName, type RouteSpec } from '@oceras/protocol';
import { z } from 'zod';

/**
 * An example for every route of /api/docs, made from the route table's own schemas: a body, an answer, path
 * parameters and the required query parameters (optional ones stay empty, so "Try it out" sends only what the
 * reader chooses, unless the query needs one of them). Values come from each field's name where it says what it
 * holds (an email, a message body, a time zone) and from its JSON schema otherwise; every example is then checked
 * against the zod schema, and a value that does not pass is left out if it was optional (so an example never shows
 * what the route refuses). Made here rather than written by hand on a hundred routes: an example cannot drift from
 * its schema. `openapi.test.ts` checks that every route has one and that each validates.
 */

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  propertyNames?: JsonSchema;
  $defs?: Record<string, JsonSchema>;
};

const ID = '3f1c9a2e-7b4d-4e8a-9c1f-2d6b8e0a4f17';
const AT = '2026-12-06T09:30:00.000Z';

/** What a field holds, by its name: the values a reader recognises. */
const BY_NAME: Record<string, unknown> = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  newEmail: 'ada.lovelace@example.com',
  body: 'Hello! My order #1042 has not arrived yet. Can you help?',
  subject: 'Order #1042 has not arrived',
  lastMessagePreview: 'Hello! My order #1042 has not arrived yet.',
  slug: 'acme',
  organizationName: 'Acme',
  company: 'Acme',
  phone: '+33 1 23 45 67 89',
  password: 'correct horse battery staple',
  currentPassword: 'correct horse battery staple',
  newPassword: 'a longer passphrase of my own',
  tag: 'billing',
  shortcode: 'thanks',
  title: 'Thanks for your patience',
  text: 'Thanks for your patience, {{visitor.name}}!',
  comment: 'Quick and helpful, thanks!',
  color: '#4f46e5',
  primaryColor: '#4f46e5',
  locale: 'en',
  language: 'en',
  timeZone: 'Europe/Paris',
  pageUrl: 'https://www.example.com/pricing',
  url: 'https://hooks.example.com/oceras',
  secret: 'whsec_3f9a8c2e1b7d4a60c5e8',
  csv: 'email,name,company\nada@example.com,Ada Lovelace,Acme\n',
  code: '123456',
  q: 'refund',
  userId: 'user_1042',
  userHash: 'b5f1e0c2a8d94f3e6a7b1c0d2e4f6a8b9c1d3e5f7a9b0c2d4e6f8a1b3c5d7e9f',
  domain: 'www.example.com',
  fileName: 'invoice-1042.pdf',
  contentType: 'application/pdf',
  score: 4,
  size: 48213,
  widgetKey: 'wk_3f1c9a2e7b4d4e8a9c1f2d6b',
};

/** Names whose value depends on the pattern: opening hours' `from`/`to` (HH:MM), otherwise a report's dates. */
const BY_PATTERN: Record<string, string> = { from: '09:00', to: '17:30' };

/** Values tried, in order, for a string with a pattern that its name's value does not match. */
const PATTERNED = [
  'wk_3f1c9a2e7b4d4e8a9c1f2d6b',
  'ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]',
  '09:00',
  '#4f46e5',
  'oce_4kq2m8x0v7b3n6c1z9a5s2d8f4g7h1j3',
  'MTc2NTAxMzgwMDAwMF8zZjFj',
  'en',
  'billing',
  'example',
  'Europe/Paris',
  '2026-12-06',
  ID,
];

function fits(s: JsonSchema, v: unknown): v is string {
  if (typeof v !== 'string' || v.length < (s.minLength ?? 0) || v.length > (s.maxLength ?? Infinity)) return false;
  try {
    return !s.pattern || new RegExp(s.pattern, 'u').test(v);
  } catch {
    return true;
  }
}

function resolve(root: JsonSchema, s: JsonSchema): JsonSchema {
  if (!s.$ref) return s;
  const name = s.$ref.replace(/^#\/(\$defs|definitions)\//, '');
  return root.$defs?.[name] ?? {};
}

function typeOf(s: JsonSchema): string | undefined {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  return t === 'integer' ? 'number' : t;
}

function stringFor(s: JsonSchema, key: string): string {
  switch (s.format) {
    case 'uuid':
      return ID;
    case 'email':
      return 'ada@example.com';
    case 'date-time':
      return AT;
    case 'date':
      return AT.slice(0, 10);
    case 'uri':
    case 'url':
      return /avatar/i.test(key) ? 'https://oceras.example.com/api/v1/avatars/a/v-1.webp' : 'https://www.example.com/';
  }
  if (/Id$/.test(key) || key === 'id') return ID;
  if (key === 'from' || key === 'to') return key === 'from' ? '2026-11-01' : '2026-11-30';
  if (/Url$/.test(key)) return 'https://www.example.com/pricing';
  if (/Ip$/.test(key) || key === 'ip') return '203.0.113.7';
  if (key === 'appVersion') return '1.4.0';
  if (/At$/.test(key)) return AT;
  if (/[Tt]oken$/.test(key)) return 'oce_4kq2m8x0v7b3n6c1z9a5s2d8f4g7h1j3';
  if (/cursor/i.test(key)) return 'MTc2NTAxMzgwMDAwMF8zZjFj';
  const base = 'example';
  const min = s.minLength ?? 0;
  return base.length >= min ? base.slice(0, s.maxLength ?? base.length) : base.padEnd(min, 'x');
}

function sample(root: JsonSchema, schema: JsonSchema, key: string, depth: number): unknown {
  const s = resolve(root, schema);
  if (key === 'organization.name') return 'Acme';
  if ('const' in s) return s.const;
  if (s.examples?.length) return s.examples[0];
  if (typeOf(s) === 'string' && (s.pattern || s.format)) {
    const first = s.format ? stringFor(s, key) : (BY_PATTERN[key] ?? BY_NAME[key]);
    return [first, BY_NAME[key], stringFor(s, key), ...PATTERNED].find((v) => fits(s, v)) ?? first;
  }
  // An enum names its own values: a field called `email` may be a mode (`off | immediate | digest`), not an address.
  if (key in BY_NAME && !s.enum && (typeOf(s) === typeof BY_NAME[key] || s.anyOf || s.oneOf)) return BY_NAME[key];
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum.find((v) => v !== null) ?? s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const branch = branches.find((b) => typeOf(resolve(root, b)) !== 'null') ?? branches[0]!;
    return sample(root, branch, key, depth);
  }
  if (s.allOf?.length) return sample(root, s.allOf[0]!, key, depth);
  switch (typeOf(s)) {
    case 'object': {
      if (depth > 8) return {};
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        out[k] = sample(root, v, key === 'organization' && k === 'name' ? 'organization.name' : k, depth + 1);
      const keys = resolve(root, s.propertyNames ?? {}).enum;
      if (keys && typeof s.additionalProperties === 'object')
        for (const k of keys) out[String(k)] = sample(root, s.additionalProperties, String(k), depth + 1);
      else if (!s.properties && typeof s.additionalProperties === 'object')
        out[key === 'customAttributes' || key === 'attributes' ? 'plan' : 'key'] =
          key === 'customAttributes' || key === 'attributes'
            ? 'pro'
            : sample(root, s.additionalProperties, '', depth + 1);
      return out;
    }
    case 'array': {
      if (s.prefixItems) return s.prefixItems.map((p) => sample(root, p, key, depth + 1));
      const one = s.items ? sample(root, s.items, key.replace(/s$/, ''), depth + 1) : 'example';
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => one);
    }
    case 'string':
      return stringFor(s, key);
    case 'number':
      return Math.max(s.minimum ?? 1, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return null;
  }
}

/** Removes, one by one, the optional fields the schema refuses, until it accepts the example (or gives up). */
function validated(schema: z.ZodType, example: unknown, requiredOnly: boolean): unknown {
  const value = example;
  for (let i = 0; i < 50; i++) {
    const parsed = schema.safeParse(value);
    if (parsed.success) return value;
    const issue = parsed.error.issues[0]!;
    if (!removeAt(value, issue.path as PropertyKey[]))
      return requiredOnly ? undefined : validated(schema, strip(schema), true);
  }
  return undefined;
}

/** Deletes the deepest object key on `path` (an issue's path, or a key the object does not allow). */
function removeAt(value: unknown, path: PropertyKey[]): boolean {
  for (let n = path.length; n > 0; n--) {
    let parent: unknown = value;
    for (const k of path.slice(0, n - 1)) parent = (parent as Record<PropertyKey, unknown>)?.[k];
    const last = path[n - 1]!;
    if (parent && typeof parent === 'object' && !Array.isArray(parent) && last in parent) {
      delete (parent as Record<PropertyKey, unknown>)[last];
      return true;
    }
  }
  return false;
}

/** The example with required fields only, for schemas whose optional fields exclude each other. */
function strip(schema: z.ZodType): unknown {
  const root = jsonOf(schema, 'input');
  const s = resolve(root, root);
  if (typeOf(s) !== 'object') return sample(root, s, '', 0);
  const out: Record<string, unknown> = {};
  for (const k of s.required ?? []) out[k] = sample(root, s.properties![k]!, k, 1);
  return out;
}

const jsonOf = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

function exampleOf(schema: z.ZodType | undefined, io: 'input' | 'output'): unknown {
  if (!schema) return undefined;
  const root = jsonOf(schema, io);
  const example = sample(root, root, '', 0);
  return validated(schema, example, false);
}

export interface RouteExample {
  params?: Record<string, unknown>;
  /** Only the required query parameters. */
  query?: Record<string, unknown>;
  body?: unknown;
  response?: unknown;
}

function requiredQuery(schema: z.ZodType | undefined) {
  if (!schema) return undefined;
  const root = jsonOf(schema, 'input');
  const out: Record<string, unknown> = {};
  for (const k of root.required ?? []) out[k] = sample(root, root.properties![k]!, k, 1);
  // A query whose rule asks for one of several optional parameters (the widget key and its old name): a whole one.
  if (!schema.safeParse(out).success) return exampleOf(schema, 'input') as Record<string, unknown> | undefined;
  return Object.keys(out).length ? out : undefined;
}

/** Every route's example (computed once, when the document is built). */
export function routeExamples(): Map<RouteName, RouteExample> {
  const out = new Map<RouteName, RouteExample>();
  for (const [name, spec] of Object.entries(ROUTES) as [RouteName, RouteSpec][]) {
    const example: RouteExample = {};
    const params = exampleOf(spec.params as z.ZodType | undefined, 'input');
    if (params) example.params = params as Record<string, unknown>;
    const query = requiredQuery(spec.query as z.ZodType | undefined);
    if (query) example.query = query;
    if (spec.body) example.body = exampleOf(spec.body as z.ZodType, 'input');
    if (!spec.csv) example.response = exampleOf(spec.response, 'output');
    out.set(name, example);
  }
  return out;
}

type Operation = {
  operationId?: string;
  parameters?: { in: string; name: string; required?: boolean; example?: unknown }[];
  requestBody?: { content?: Record<string, { example?: unknown }> };
  responses?: Record<string, { content?: Record<string, { example?: unknown }> }>;
};

/** Puts each route's example into the OpenAPI document: its parameters, its JSON body and its success answer. */
export function withExamples<T extends { paths?: object }>(doc: T): T {
  const examples = routeExamples();
  for (const item of Object.values(doc.paths ?? {}) as (Record<string, Operation> | undefined)[])
    for (const op of Object.values(item ?? {})) {
      const name = op?.operationId as RouteName | undefined;
      const example = name ? examples.get(name) : undefined;
      if (!name || !example) continue;
      for (const p of op.parameters ?? []) {
        const source = p.in === 'path' ? example.params : p.in === 'query' ? example.query : undefined;
        if (source && p.name in source) p.example = source[p.name];
      }
      const body = op.requestBody?.content?.['application/json'];
      if (body && example.body !== undefined) body.example = example.body;
      const spec: RouteSpec = ROUTES[name];
      const answer = op.responses?.[String(spec.status ?? 200)]?.content?.['application/json'];
      if (answer && example.response !== undefined) answer.example = example.response;
    }
  return doc;
}
