// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isFromFrame } from './widget-preview';

describe('the preview accepts messages only from its own frame, on this origin', () => {
  const frame = {} as Window;
  const ready = { oceras: 1, t: 'ready' };
  it('takes the frame on this origin', () => {
    expect(isFromFrame({ source: frame, origin: location.origin, data: ready }, frame)).toBe(true);
  });
  it('refuses another window, another origin, no frame yet, or a foreign message', () => {
    expect(isFromFrame({ source: window, origin: location.origin, data: ready }, frame)).toBe(false);
    expect(isFromFrame({ source: frame, origin: 'https://evil.example', data: ready }, frame)).toBe(false);
    expect(isFromFrame({ source: frame, origin: location.origin, data: ready }, null)).toBe(false);
    expect(isFromFrame({ source: null, origin: location.origin, data: ready }, undefined)).toBe(false);
    expect(isFromFrame({ source: frame, origin: location.origin, data: { t: 'ready' } }, frame)).toBe(false);
    expect(isFromFrame({ source: frame, origin: location.origin, data: 'ready' }, frame)).toBe(false);
  });
});
