// The HTTP floor for the attachments benchmark: a bare Node HTTP server that pipes each PUT's body to a file and
// answers 204 once the file is on disk (fsync, as Oceras and the disk baseline do), nothing else (no signature,
// database, type check or rename).
import { createWriteStream, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = mkdtempSync(path.join(tmpdir(), 'oceras-bare-upload-'));
let n = 0;
http
  .createServer(async (req, res) => {
    if (req.method === 'PUT') await pipeline(req, createWriteStream(path.join(dir, `${n++}`), { flush: true }));
    res.writeHead(req.method === 'PUT' ? 204 : 200).end();
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
