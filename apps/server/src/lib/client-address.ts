import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';

export type TrustProxy = boolean | number | string;
export type TrustFn = (address: string, hop: number) => boolean;

/**
 * Which hops of X-Forwarded-For to believe, from TRUST_PROXY: `false` none; a number n the n nearest hops (n = 1:
 * the proxy in front of us, so the address it appended is the client's); addresses or subnets (`127.0.0.1`,
 * `10.0.0.0/8`, `loopback`) the proxies at those addresses. `true` believes every hop, so a client can pick the
 * address it is counted under: only for a proxy that overwrites the header. Fastify itself refuses hop counts
 * (it cannot check the nearest peer); ours is the operator's statement that only the proxy can reach this process.
 */
export function trustFunction(trust: TrustProxy): TrustFn {
  if (trust === true) return () => true;
  if (trust === false || trust === 0) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust.split(',').map((s) => s.trim()));
}

/** The client's address as Fastify computes `req.ip`, for a raw request (a socket's handshake). */
export const clientAddress = (raw: IncomingMessage, trust: TrustFn): string => {
  const all = proxyAddr.all(raw, trust);
  return all[all.length - 1] ?? 'unknown';
};

/**
 * The key an address is counted under: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64, since one host holds
 * a whole /64 and would otherwise get a limit per address it picks.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
