/**
 * The API docs wear the dashboard's look: its mark (apps/dashboard/public/favicon.svg and `.brand-mark`: a
 * rounded square in the accent #1f4fd8 with a white ring), its ink #1c2330 and its system font.
 */
export const BRAND_FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>Oceras</title>' +
  '<rect width="32" height="32" rx="8" fill="#1f4fd8"/>' +
  '<circle cx="16" cy="16" r="8" fill="none" stroke="#fff" stroke-width="3"/></svg>';

/** Attributes only, no <style>: shown as an <img>, it needs nothing from the page's CSP but `img-src data:`. */
export const DOCS_LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="40" viewBox="0 0 180 40"><title>Oceras API</title>' +
  '<rect x="4" y="6" width="28" height="28" rx="7" fill="#1f4fd8"/>' +
  '<circle cx="18" cy="20" r="7" fill="none" stroke="#fff" stroke-width="2.6"/>' +
  '<text x="42" y="27" fill="#1c2330" font-size="19" font-weight="700" ' +
  'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif">Oceras API</text></svg>';

/** Served as a file (style-src 'self'): a light top bar like the dashboard's, without the "explore a URL" form. */
export const DOCS_THEME_CSS = `
.swagger-ui .topbar { background: #ffffff; border-bottom: 1px solid #e3e7ee; padding: 6px 0; }
.swagger-ui .topbar .download-url-wrapper { display: none; }
.swagger-ui .topbar .dark-mode-toggle { margin-left: auto; }
.swagger-ui .topbar .dark-mode-toggle button { color: #4b5565; }
.swagger-ui .info .title { color: #1c2330; }
.swagger-ui .info a, .swagger-ui a.nostyle:hover { color: #1f4fd8; }
`;
