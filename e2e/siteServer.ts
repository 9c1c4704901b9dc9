// A static server for the built site under a sub-path (as a course site would host it), with a
// hook that changes a file on its way out: used to play a new deployment to a page that is open.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface SiteServer {
  /** The site's address, ending in the sub-path ('http://127.0.0.1:PORT/course/'). */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `dir` at `/<subPath>/`; `edit` may replace a file's bytes (its path relative to the site). */
export async function serveSite(dir: string, subPath: string, edit: (file: string, body: Buffer) => Buffer = (_, b) => b): Promise<SiteServer> {
  const prefix = `/${subPath}/`;
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!pathname.startsWith(prefix) || pathname.includes('..')) {
      res.writeHead(404).end();
      return;
    }
    const file = pathname.slice(prefix.length) || 'index.html';
    readFile(path.join(dir, file)).then(
      (body) => {
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
        res.end(edit(file, body));
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
