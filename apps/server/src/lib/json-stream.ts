import { Readable } from 'node:stream';

/**
 * A JSON document written piece by piece: the exports (a visitor with 10,000 messages, an agent's years of replies,
 * the audit log) are read from the database a page at a time and sent as they are read, so memory stays at a page
 * whatever the size (bench/privacy-export.bench.ts). Plain values are written with JSON.stringify; `jsonArray` and
 * `jsonObject` are the lazy parts that hold the long lists.
 */
const LAZY = Symbol('lazy JSON');
export interface LazyJson {
  [LAZY]: () => AsyncGenerator<string>;
}

const isLazy = (value: unknown): value is LazyJson => typeof value === 'object' && value !== null && LAZY in value;

async function* write(value: unknown): AsyncGenerator<string> {
  if (isLazy(value)) yield* value[LAZY]();
  else yield JSON.stringify(value) ?? 'null';
}

/** An array whose items arrive one by one, each written as `present` makes it (a plain value or a lazy part). */
export const jsonArray = <T>(
  items: AsyncIterable<T> | Iterable<T>,
  present: (item: T) => unknown = (item) => item,
): LazyJson => ({
  async *[LAZY]() {
    yield '[';
    let first = true;
    for await (const item of items) {
      if (!first) yield ',';
      first = false;
      yield* write(present(item));
    }
    yield ']';
  },
});

/** An object written in the order of its keys; a key whose value is undefined is left out, as JSON.stringify does. */
export const jsonObject = (fields: Record<string, unknown>): LazyJson => ({
  async *[LAZY]() {
    let separator = '{';
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      yield `${separator}${JSON.stringify(key)}:`;
      separator = ',';
      yield* write(value);
    }
    yield separator === '{' ? '{}' : '}';
  },
});

/**
 * Rows read in pages of `size` by a keyset (`after` is the last row of the previous page, null for the first):
 * one query per page, never OFFSET, and no transaction held open while a slow client reads.
 */
export async function* paged<T>(load: (after: T | null, size: number) => Promise<T[]>, size = 500) {
  let after: T | null = null;
  for (;;) {
    const rows = await load(after, size);
    yield* rows;
    if (rows.length < size) return;
    after = rows.at(-1)!;
  }
}

/** Small pieces gathered into chunks of about `size` characters: one socket write each, not one per message. */
async function* gathered(pieces: AsyncIterable<string>, size: number) {
  let buffer = '';
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** A route's answer that is a file to download (routes with `stream: true`); plugins/routes.ts sends it. */
export class FileDownload {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    private readonly pieces: () => AsyncIterable<string>,
  ) {}

  /** The bytes, produced only as fast as the client reads them (a byte stream, so its buffer is 16 KiB). */
  readable(chunkSize = 32 * 1024): Readable {
    return Readable.from(gathered(this.pieces(), chunkSize), { objectMode: false });
  }

  /** The whole document as text: for tests and the benchmark's comparison, never for a route. */
  async text(): Promise<string> {
    let out = '';
    for await (const piece of this.pieces()) out += piece;
    return out;
  }
}

/** A JSON document to download, written as it is read (the exports). */
export class JsonDownload extends FileDownload {
  constructor(filename: string, root: LazyJson) {
    super(filename, 'application/json; charset=utf-8', () => write(root));
  }
}

/** A CSV file to download (routes with `csv: true`), its lines written as they are read. */
export class CsvDownload extends FileDownload {
  constructor(filename: string, lines: () => AsyncIterable<string>) {
    super(filename, 'text/csv; charset=utf-8', lines);
  }
}
