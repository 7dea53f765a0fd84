/**
 * Which sites may embed an organization's widget. An entry of `allowedDomains` is a host name, optionally with a
 * port: `example.com` allows exactly that host (any scheme, any port); `*.example.com` allows every subdomain at any
 * depth but not `example.com` itself (list both to allow both); `example.com:8443` allows only that port. An empty
 * list allows every site.
 */
export function isOriginAllowed(origin: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedDomains.some((entry) => {
    const [pattern = '', wantedPort] = entry.toLowerCase().split(':');
    if (wantedPort && wantedPort !== port) return false;
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
    return host === pattern;
  });
}

/**
 * The same rules as a CSP `frame-ancestors` source list, so the browser itself refuses to show the chat frame inside
 * a page that is not allowed. An entry without a port gets `:*` to match the "any port" rule above.
 */
export function frameAncestors(allowedDomains: readonly string[]): string {
  if (allowedDomains.length === 0) return '*';
  // 'self': the dashboard's widget settings page (same origin as the frame) previews the widget in it.
  return [
    "'self'",
    ...allowedDomains.map((d) => (d.includes(':') ? d : `${d}:*`)).flatMap((d) => [`http://${d}`, `https://${d}`]),
  ].join(' ');
}
