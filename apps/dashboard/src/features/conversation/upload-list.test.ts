import { LIMITS } from '@oceras/protocol';
import { describe, expect, it } from 'vitest';
import { type StartUpload, type UploadFailure, UploadList } from './upload-list';

/** A stand-in upload per call, settled by the test. */
function fakeUploads() {
  const calls: {
    file: File;
    progress: (n: number) => void;
    signal: AbortSignal;
    resolve: (id: string) => void;
    reject: (f: UploadFailure) => void;
  }[] = [];
  const start: StartUpload = (file, { onProgress, signal }) =>
    new Promise((resolve, reject) => calls.push({ file, progress: onProgress, signal, resolve, reject }));
  return { calls, load: async () => start };
}
const file = (name: string, size = 10) => new File(['x'.repeat(size)], name);
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('UploadList', () => {
  it('uploads each file as it is added, reports progress, and gives the ids once all are done', async () => {
    const f = fakeUploads();
    const list = new UploadList(f.load);
    expect(list.attachmentIds()).toEqual([]);
    list.add([file('a.pdf', 100), file('b.png', 50)]);
    await settle();
    expect(f.calls.map((c) => c.file.name)).toEqual(['a.pdf', 'b.png']);
    f.calls[0]!.progress(40);
    expect(list.items.get()[0]).toMatchObject({ name: 'a.pdf', size: 100, sent: 40, state: 'uploading' });
    f.calls[0]!.resolve('id-a');
    await settle();
    expect(list.items.get()[0]).toMatchObject({ state: 'done', sent: 100, attachmentId: 'id-a' });
    expect(list.attachmentIds()).toBeNull();
    f.calls[1]!.resolve('id-b');
    await settle();
    expect(list.attachmentIds()).toEqual(['id-a', 'id-b']);
    list.clear();
    expect(list.items.get()).toEqual([]);
  });

  it('a refused file says why and is not retried; a failed one retries from a new upload', async () => {
    const f = fakeUploads();
    const list = new UploadList(f.load);
    list.add([file('x.svg'), file('y.pdf')]);
    await settle();
    f.calls[0]!.reject({ message: 'This organization does not accept image/svg+xml files', isRetryable: false });
    f.calls[1]!.reject({ message: 'The file could not be sent: check the connection.', isRetryable: true });
    await settle();
    expect(list.items.get().map((p) => [p.state, p.error, p.isRetryable])).toEqual([
      ['failed', 'This organization does not accept image/svg+xml files', false],
      ['failed', 'The file could not be sent: check the connection.', true],
    ]);
    expect(list.attachmentIds()).toBeNull();
    const [refused, failed] = list.items.get();
    list.retry(failed!.key);
    await settle();
    expect(f.calls).toHaveLength(3);
    expect(f.calls[2]!.file.name).toBe('y.pdf');
    f.calls[2]!.resolve('id-y');
    list.remove(refused!.key);
    await settle();
    expect(list.attachmentIds()).toEqual(['id-y']);
  });

  it('removing a running upload cancels it, and its late answer changes nothing', async () => {
    const f = fakeUploads();
    const list = new UploadList(f.load);
    list.add([file('a.pdf')]);
    await settle();
    list.remove(list.items.get()[0]!.key);
    expect(f.calls[0]!.signal.aborted).toBe(true);
    f.calls[0]!.reject({ message: 'The upload was cancelled.', isRetryable: true });
    await settle();
    expect(list.items.get()).toEqual([]);
  });

  it(`takes up to ${LIMITS.attachmentsPerMessageMax} files and says how many were left out`, async () => {
    const f = fakeUploads();
    const list = new UploadList(f.load);
    expect(list.add(Array.from({ length: 7 }, (_, i) => file(`${i}.txt`)))).toBe(0);
    expect(list.add(Array.from({ length: 5 }, (_, i) => file(`more-${i}.txt`)))).toBe(2);
    expect(list.items.get()).toHaveLength(LIMITS.attachmentsPerMessageMax);
  });

  it('an unexpected error still reads as a sentence, worth a retry', async () => {
    const list = new UploadList(async () => async () => Promise.reject(new Error('boom')));
    list.add([file('a.pdf')]);
    await settle();
    await settle();
    expect(list.items.get()[0]).toMatchObject({ state: 'failed', isRetryable: true });
    expect(list.items.get()[0]!.error).toMatch(/^The file could not be sent/);
  });
});
