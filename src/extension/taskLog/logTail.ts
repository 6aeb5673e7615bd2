import * as fs from 'node:fs';

/**
 * Follows a growing log file: what is there, then every byte appended. `fs.watch` makes it
 * prompt and a poll makes it reliable (the file may not exist yet, or live on a folder that
 * does not report changes). Reads never overlap; a read in progress asks for one more.
 */
export class LogTail {
  readonly #file: string;
  readonly #onData: (chunk: string) => void;
  readonly #timer: NodeJS.Timeout;
  readonly #decoder = new TextDecoder('utf-8');
  #offset = 0;
  #watcher: fs.FSWatcher | undefined;
  #reading: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(file: string, onData: (chunk: string) => void, pollMs = 250) {
    this.#file = file;
    this.#onData = onData;
    this.#timer = setInterval(() => this.#schedule(), pollMs);
    this.#schedule();
  }

  get file(): string {
    return this.#file;
  }

  /** Reads what was appended since the last read (resolves when done). */
  flush(): Promise<void> {
    this.#schedule();
    return this.#reading ?? Promise.resolve();
  }

  #schedule(): void {
    if (this.#stopped) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = (async () => {
      do {
        this.#again = false;
        await this.#read();
      } while (this.#again && !this.#stopped);
    })().finally(() => (this.#reading = undefined));
  }

  async #read(): Promise<void> {
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(this.#file, 'r');
      this.#watch();
      const { size } = await handle.stat();
      if (size < this.#offset) this.#offset = 0; // replaced or truncated: start over
      while (this.#offset < size && !this.#stopped) {
        const buffer = Buffer.alloc(Math.min(64 * 1024, size - this.#offset));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
        if (bytesRead === 0) break;
        this.#offset += bytesRead;
        const text = this.#decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
        if (text) this.#onData(text);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    } finally {
      await handle?.close();
    }
  }

  #watch(): void {
    if (this.#watcher || this.#stopped) return;
    try {
      this.#watcher = fs.watch(this.#file, () => this.#schedule());
      this.#watcher.on('error', () => {
        this.#watcher?.close();
        this.#watcher = undefined;
      });
    } catch {
      // the poll carries on
    }
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}
