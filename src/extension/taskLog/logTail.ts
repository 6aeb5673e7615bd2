import * as fs from 'node:fs';

// An agent log starts with its run's header and timestamp: its first bytes tell one log from another.
const START_BYTES = 64;

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
  /** The file's first bytes as read: tells a log cut by its cap from a file replaced by another. */
  #start = Buffer.alloc(0);
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
      if (size < this.#offset) await this.#shrunk(handle, size);
      while (this.#offset < size && !this.#stopped) {
        const buffer = Buffer.alloc(Math.min(64 * 1024, size - this.#offset));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
        if (bytesRead === 0) break;
        if (this.#start.length < START_BYTES) this.#start = Buffer.concat([this.#start, buffer.subarray(0, Math.min(bytesRead, START_BYTES - this.#start.length))]);
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

  // Shorter than what was read. Replaced (its start differs): start over. Cut by its cap (an
  // agent log past max_agent_log_size keeps its start and its latest output, which this follower
  // has shown already): carry on from its new end.
  async #shrunk(handle: fs.promises.FileHandle, size: number): Promise<void> {
    const start = Buffer.alloc(Math.min(size, this.#start.length));
    await handle.read(start, 0, start.length, 0);
    if (start.length > 0 && start.equals(this.#start.subarray(0, start.length))) {
      this.#offset = size;
      this.#onData('\n[baton: the log reached max_agent_log_size; older output was cut from its middle]\n');
    } else {
      this.#offset = 0;
      this.#start = Buffer.alloc(0);
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
