import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../lib/errors.js';

/** How a host name becomes addresses: the system resolver, or a test's own (to play DNS rebinding). */
export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;
export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Where a webhook may never go: loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud
 * metadata address, fe80::/10), CGNAT (100.64/10), unspecified, multicast, broadcast and reserved ranges, and
 * IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) whatever it is.
 */
const FORBIDDEN_V4 = new BlockList();
// Apart: a BlockList checks IPv4 addresses against IPv6 rules as mapped (::ffff:a.b.c.d), which ::ffff:0:0/96 is.
const FORBIDDEN_V6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN_V4.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  FORBIDDEN_V6.addSubnet(net, prefix, 'ipv6');

/** True for an address no webhook may reach (unless WEBHOOK_ALLOW_PRIVATE). */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return family === 4 ? FORBIDDEN_V4.check(address, 'ipv4') : FORBIDDEN_V6.check(address, 'ipv6');
}

const refuse = (message: string) => new AppError('WEBHOOK_URL_REFUSED', message);

/**
 * Resolves a webhook URL's host and checks every address it has; answers the one to connect to, so the caller
 * connects to exactly the address that was checked (a second resolution could answer another: DNS rebinding).
 */
export async function resolveWebhookTarget(
  url: string,
  options: { allowPrivate: boolean; lookup: Lookup },
): Promise<{ url: URL; address: string; family: 4 | 6 }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse('only http and https URLs');
  if (parsed.username || parsed.password) throw refuse('no credentials in the URL: use the signing secret');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        options.lookup(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS);
        }),
      ]);
    } catch {
      throw refuse(`the host ${host} does not resolve`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw refuse(`the host ${host} does not resolve`);
  if (!options.allowPrivate) {
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad) throw refuse(`the host ${host} resolves to ${bad.address}, a private, loopback or reserved address`);
  }
  const first = addresses[0]!;
  return { url: parsed, address: first.address, family: first.family === 6 ? 6 : 4 };
}
