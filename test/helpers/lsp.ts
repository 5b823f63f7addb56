// The real yaml-language-server (the one VS Code's YAML extension and other editors run), driven
// over stdio as an editor drives it: for tests of what a user sees of the schema in an editor.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Diagnostic {
  message: string;
  range: { start: { line: number; character: number } };
}
interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

const SERVER = join(dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');

/** Editor settings: validation and completion on, and no schema fetched from the network. */
const YAML_SETTINGS = {
  validate: true,
  completion: true,
  hover: true,
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
};

export class YamlLanguageServer {
  private readonly server: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private readonly diagnostics = new Map<string, (d: Diagnostic[]) => void>();
  private version = 0;

  private constructor() {
    this.server = spawn(process.execPath, [SERVER, '--stdio']);
    this.server.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  /** A server initialised for the workspace `root`. */
  static async start(root: string): Promise<YamlLanguageServer> {
    const ls = new YamlLanguageServer();
    const rootUri = pathToFileURL(root).href;
    await ls.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'root' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } } },
      },
    });
    ls.notify('initialized', {});
    ls.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
    return ls;
  }

  /** The diagnostics the server publishes for `file` opened with `text`. */
  diagnose(file: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    const published = new Promise<Diagnostic[]>((resolve) => this.diagnostics.set(uri, resolve));
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text } });
    return published;
  }

  /** The labels the server offers at `line`:`character` of `file`, opened with `text`. */
  async complete(file: string, text: string, line: number, character: number): Promise<string[]> {
    await this.diagnose(file, text); // opened, and its schema loaded
    const result = (await this.request('textDocument/completion', {
      textDocument: { uri: pathToFileURL(file).href },
      position: { line, character },
    })) as { items: { label: string }[] } | { label: string }[];
    return (Array.isArray(result) ? result : result.items).map((item) => item.label);
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    this.server.kill();
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.server.stdin.write(body);
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  private notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.handle(message);
    }
  }

  private handle(m: Message): void {
    if (m.method === undefined && m.id !== undefined) {
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) waiting?.reject(new Error(m.error.message));
      else waiting?.resolve(m.result);
    } else if (m.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = m.params as { uri: string; diagnostics: Diagnostic[] };
      this.diagnostics.get(uri)?.(diagnostics);
      this.diagnostics.delete(uri);
    } else if (m.method === 'workspace/configuration' && m.id !== undefined) {
      const { items } = m.params as { items: { section: string }[] };
      this.send({ id: m.id, result: items.map((item) => (item.section === 'yaml' ? YAML_SETTINGS : {})) });
    } else if (m.id !== undefined) {
      this.send({ id: m.id, result: null }); // registrations and progress: nothing to do
    }
  }
}
