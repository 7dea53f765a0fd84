// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer, type ComposerProps } from './composer';
import type { StartUpload, UploadFailure } from './upload-list';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function render(props: Partial<ComposerProps> = {}) {
  let n = 0;
  const onSend = props.onSend ?? vi.fn(async () => {});
  const onTyping = props.onTyping ?? vi.fn();
  act(() =>
    root.render(
      <Composer
        onSend={onSend}
        onTyping={onTyping}
        newClientId={() => `client-${++n}`}
        useCannedResponses={() => []}
        {...props}
      />,
    ),
  );
  return { onSend, onTyping };
}

const textarea = () => container.querySelector('textarea')!;
const tab = (name: string) =>
  [...container.querySelectorAll('[role="tab"]')].find((b) => b.textContent === name) as HTMLButtonElement;
const button = (name: string) =>
  [...container.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement | undefined;

function type(text: string) {
  const el = textarea();
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(el, text);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
function press(key: string, init: KeyboardEventInit = {}) {
  act(() => {
    textarea().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  });
}
const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));

describe('Composer', () => {
  it('Enter sends a reply; Shift+Enter does not send', async () => {
    const { onSend } = render();
    type('Hello there');
    press('Enter', { shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    press('Enter');
    await flush();
    expect(onSend).toHaveBeenCalledWith('Hello there', 'message', 'client-1', []);
    expect(textarea().value).toBe('');
  });

  it('does not send blank text', () => {
    const { onSend } = render();
    type('   \n ');
    press('Enter');
    expect(onSend).not.toHaveBeenCalled();
  });

  it('switches between reply and internal note, and says which one it is', async () => {
    const { onSend } = render();
    expect(textarea().getAttribute('aria-label')).toBe('Reply');
    act(() => tab('Internal note').click());
    expect(tab('Internal note').getAttribute('aria-selected')).toBe('true');
    expect(textarea().getAttribute('aria-label')).toBe('Internal note');
    expect(container.textContent).toContain('Visible to agents only');
    type('VIP');
    press('Enter');
    await flush();
    expect(onSend).toHaveBeenCalledWith('VIP', 'note', 'client-1', []);
    act(() => tab('Reply').click());
    expect(textarea().getAttribute('aria-label')).toBe('Reply');
  });

  it('offers notes only when replying is not allowed', () => {
    render({ canReply: false });
    expect(tab('Reply').disabled).toBe(true);
    expect(textarea().getAttribute('aria-label')).toBe('Internal note');
  });

  it('keeps a failed message and retries it with the same clientId', async () => {
    const onSend = vi
      .fn<ComposerProps['onSend']>()
      .mockRejectedValueOnce(new Error('network'))
      .mockResolvedValueOnce(undefined);
    render({ onSend });
    type('Are you there?');
    press('Enter');
    await flush();
    expect(container.textContent).toContain('Not sent.');
    expect(container.textContent).toContain('Are you there?');
    act(() => button('Retry')!.click());
    await flush();
    expect(onSend).toHaveBeenCalledTimes(2);
    expect(onSend.mock.calls[0]).toEqual(['Are you there?', 'message', 'client-1', []]);
    expect(onSend.mock.calls[1]).toEqual(['Are you there?', 'message', 'client-1', []]);
    expect(container.textContent).not.toContain('Not sent.');
  });

  it('says "typing" once when typing starts and "stopped" when the message is sent', async () => {
    const { onTyping } = render();
    type('H');
    type('He');
    expect(onTyping).toHaveBeenCalledTimes(1);
    expect(onTyping).toHaveBeenLastCalledWith(true, false);
    press('Enter');
    await flush();
    expect(onTyping).toHaveBeenLastCalledWith(false, false);
  });
});

describe('Composer with files', () => {
  /** Uploads settled by the test: each call's resolve/reject, in order. */
  function uploads() {
    const calls: { name: string; resolve: (id: string) => void; reject: (f: UploadFailure) => void }[] = [];
    const start: StartUpload = (file) =>
      new Promise((resolve, reject) => calls.push({ name: file.name, resolve, reject }));
    return { calls, loadUploader: async () => start };
  }
  function attach(...files: File[]) {
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(input, 'files', { configurable: true, value: files });
    act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
  const sendButton = () => button('Send')!;

  it('sends the files with the message once they have uploaded, and sends files alone', async () => {
    const u = uploads();
    const { onSend } = render({ loadUploader: u.loadUploader });
    expect(container.querySelector('[aria-label="Attach files"]')).not.toBeNull();
    attach(new File(['%PDF-1.4'], 'invoice.pdf'));
    await flush();
    expect(container.textContent).toContain('invoice.pdf');
    expect(container.querySelector('progress[aria-label="Uploading invoice.pdf"]')).not.toBeNull();
    // Send waits for the upload: disabled, and says why.
    expect(sendButton().disabled).toBe(true);
    expect(container.textContent).toContain('Send is ready once the files have uploaded');
    type('Here is the invoice');
    press('Enter');
    expect(onSend).not.toHaveBeenCalled();
    await act(async () => u.calls[0]!.resolve('att-1'));
    expect(container.textContent).toContain('Ready to send');
    expect(sendButton().disabled).toBe(false);
    press('Enter');
    await flush();
    expect(onSend).toHaveBeenCalledWith('Here is the invoice', 'message', 'client-1', ['att-1']);
    expect(container.querySelector('progress')).toBeNull();
    expect(container.textContent).not.toContain('Ready to send');

    attach(new File(['png'], 'shot.png'));
    await flush();
    await act(async () => u.calls[1]!.resolve('att-2'));
    act(() => sendButton().click());
    await flush();
    expect(onSend).toHaveBeenLastCalledWith('', 'message', 'client-2', ['att-2']);
  });

  it("shows the server's refusal without Retry, and a failed upload with Retry", async () => {
    const u = uploads();
    render({ loadUploader: u.loadUploader });
    attach(new File(['<svg/>'], 'logo.svg'), new File(['x'], 'notes.txt'));
    await flush();
    await act(async () => {
      u.calls[0]!.reject({ message: 'This organization does not accept image/svg+xml files', isRetryable: false });
      u.calls[1]!.reject({ message: 'The file could not be sent: check the connection.', isRetryable: true });
    });
    const alerts = [...container.querySelectorAll('[role="alert"]')].map((a) => a.textContent);
    expect(alerts).toEqual([
      'This organization does not accept image/svg+xml files',
      'The file could not be sent: check the connection.',
    ]);
    expect(container.querySelectorAll('li button.btn').length).toBe(1);
    act(() => button('Retry')!.click());
    await flush();
    expect(u.calls.map((c) => c.name)).toEqual(['logo.svg', 'notes.txt', 'notes.txt']);
    act(() => (container.querySelector('[aria-label="Remove logo.svg"]') as HTMLButtonElement).click());
    await act(async () => u.calls[2]!.resolve('att-3'));
    expect(sendButton().disabled).toBe(false);
  });
});

describe('Composer paste', () => {
  function paste(data: { files?: File[]; types?: string[] }) {
    const event = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'clipboardData', {
      value: { files: data.files ?? [], types: data.types ?? ['Files'], getData: () => '' },
    });
    act(() => {
      textarea().dispatchEvent(event);
    });
    return event;
  }

  it('attaches a pasted screenshot, and leaves copied rich text (with its picture) to paste as text', async () => {
    const names: string[] = [];
    const loadUploader = async (): Promise<StartUpload> => async (file) => {
      names.push(file.name);
      return 'att';
    };
    render({ loadUploader });
    const rich = paste({ files: [new File(['x'], 'image.png')], types: ['text/plain', 'text/html', 'Files'] });
    expect(rich.defaultPrevented).toBe(false);
    const shot = paste({ files: [new File(['x'], 'image.png')] });
    expect(shot.defaultPrevented).toBe(true);
    await flush();
    expect(names).toEqual(['image.png']);
  });
});

describe('Composer canned responses', () => {
  const list = [
    { id: 'a', scope: 'shared', shortcode: 'thx', title: 'Thanks', body: 'Thanks {{visitor.name | there}}!' },
    { id: 'b', scope: 'shared', shortcode: 'thanks-long', title: 'Long thanks', body: 'Many thanks, {{agent.name}}' },
    { id: 'c', scope: 'personal', shortcode: 'bye', title: 'Goodbye', body: 'Bye' },
  ].map((r) => ({ ...r, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' })) as never[];
  const options = () => [...container.querySelectorAll('[role="option"]')].map((o) => o.textContent);
  const listbox = () => container.querySelector('[role="listbox"]');
  const withCanned = (props: Partial<ComposerProps> = {}) =>
    render({
      useCannedResponses: (isWanted) => (isWanted ? list : undefined),
      cannedContext: { visitor: { name: 'Ada' }, agent: { name: 'Grace' } },
      ...props,
    });

  it('opens on "/" at the start of a word, filters, and inserts the expanded body with Enter (without sending)', async () => {
    const { onSend } = withCanned();
    type('Hello /th');
    expect(options()).toEqual(['/thanks-long Long thanks', '/thx Thanks']);
    expect(textarea().getAttribute('aria-controls')).toBe(listbox()!.id);
    expect(textarea().getAttribute('aria-activedescendant')).toBe(container.querySelector('[role="option"]')!.id);
    press('ArrowDown');
    expect(container.querySelector('[role="option"][aria-selected="true"]')!.textContent).toBe('/thx Thanks');
    press('Enter');
    await flush();
    expect(textarea().value).toBe('Hello Thanks Ada!');
    expect(listbox()).toBeNull();
    expect(onSend).not.toHaveBeenCalled();
    press('Enter');
    await flush();
    expect(onSend).toHaveBeenCalledWith('Hello Thanks Ada!', 'message', 'client-1', []);
  });

  it('Tab inserts too, ArrowUp wraps, Escape closes without blurring or changing the text', () => {
    withCanned();
    type('/');
    expect(options()).toHaveLength(3);
    press('ArrowUp');
    expect(container.querySelector('[role="option"][aria-selected="true"]')!.textContent).toBe('/thx Thanks');
    press('Escape');
    expect(listbox()).toBeNull();
    expect(textarea().value).toBe('/');
    type('/tha');
    press('Tab');
    expect(textarea().value).toBe('Many thanks, Grace');
  });

  it('stays closed for a slash inside a word and when nothing matches', () => {
    withCanned();
    type('and/or');
    expect(listbox()).toBeNull();
    type('/zzz');
    expect(listbox()).toBeNull();
    expect(textarea().getAttribute('aria-activedescendant')).toBeNull();
  });
});
