import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { describeUserAgent, parseUserAgent } from './user-agent';

const words = en.conversation.visitor.userAgent;

const UA = {
  macChrome:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36',
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  androidPhone:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36',
  androidTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36',
  windowsEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
};

describe('describeUserAgent', () => {
  it('names the browser with its major version, the system and a phone or tablet', () => {
    expect(describeUserAgent(UA.macChrome, words)).toBe('Chrome 120 on macOS');
    expect(describeUserAgent(UA.iphoneSafari, words)).toBe('Safari 17 on iOS (phone)');
    expect(describeUserAgent(UA.ipad, words)).toBe('Safari 16 on iOS (tablet)');
    expect(describeUserAgent(UA.androidPhone, words)).toBe('Chrome 119 on Android (phone)');
    expect(describeUserAgent(UA.androidTablet, words)).toBe('Chrome 118 on Android (tablet)');
    expect(describeUserAgent(UA.windowsEdge, words)).toBe('Edge 120 on Windows');
    expect(describeUserAgent(UA.linuxFirefox, words)).toBe('Firefox 121 on Linux');
  });

  it('says nothing for no user agent, and little for one it does not know', () => {
    expect(describeUserAgent(null, words)).toBeNull();
    expect(describeUserAgent('', words)).toBeNull();
    expect(describeUserAgent('curl/8.4.0', words)).toBe('Unknown browser');
    expect(parseUserAgent('node')).toEqual({ browser: 'Script', os: '', device: '' });
  });
});
