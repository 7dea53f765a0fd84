import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, trustFunction } from './client-address.js';

const request = (peer: string, xff?: string) =>
  ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  const forged = request('127.0.0.1', '198.51.100.1, 203.0.113.7');
  it('believes no hop by default, the n nearest with a hop count, every hop with true', () => {
    expect(clientAddress(forged, trustFunction(false))).toBe('127.0.0.1');
    expect(clientAddress(forged, trustFunction(1))).toBe('203.0.113.7');
    expect(clientAddress(forged, trustFunction(2))).toBe('198.51.100.1');
    expect(clientAddress(forged, trustFunction(true))).toBe('198.51.100.1');
  });
  it('believes the proxies at the listed addresses only', () => {
    expect(clientAddress(forged, trustFunction('loopback'))).toBe('203.0.113.7');
    expect(clientAddress(request('10.1.2.3', '203.0.113.7'), trustFunction('127.0.0.1, 10.0.0.0/8'))).toBe(
      '203.0.113.7',
    );
    expect(clientAddress(request('192.0.2.9', '203.0.113.7'), trustFunction('10.0.0.0/8'))).toBe('192.0.2.9');
    expect(() => trustFunction('not an address')).toThrow();
  });
});

describe('addressKey', () => {
  it('counts IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:DB8:0:1:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
