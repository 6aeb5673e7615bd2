import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { formatByteSize } from '../util/byteSize';

const write = promisify(fs.write);
const read = promisify(fs.read);
const ftruncate = promisify(fs.ftruncate);
const close = promisify(fs.close);

/** Output queued beyond this makes `write` ask the producer to pause (backpressure). */
const HIGH_WATER = 1 << 20;
/** Room kept for the footer, so a capped log still ends with how the agent exited. */
const FOOTER_ROOM = 1024;
/** The compaction copies this much at a time: the memory a log needs, however big its output. */
const COPY_CHUNK = 1 << 20;
/** The cut point moves back to a line start if one is this close. */
const LINE_SNAP = 4096;
const COUNT_WIDTH = 15;

/**
 * An append-only log file that never grows past `maxBytes` (issue 10 case 10: a 500 MB agent
 * output is not kept whole). Below the cap it is a plain append. Past it, the file keeps its
 * first half and its latest output, with one marker line between them saying how many bytes of
 * the middle were cut:
 *
 *   [baton: <n> bytes of output were cut here (max_agent_log_size is 50 MB: the log keeps its start and its end)]
 *
 * The marker's width is fixed, so it is updated in place as more is cut. Keeping the end works
 * by compaction: when the end part outgrows its budget, its newest half is copied down over its
 * older half and the file truncated — each byte is copied at most about once, and memory stays at
 * one copy chunk plus the queue, however much the agent prints. A follower (`baton logs -f`,
 * the task log terminal) sees the file shrink and carries on from its new end.
 *
 * Writes are queued and done in order off the event loop; `write` returns false once more than
 * 1 MB waits, and `onDrain` says when to resume, so a fast agent is slowed to the disk's pace
 * instead of filling memory.
 */
export class BoundedLogFile {
  readonly #fd: number;
  readonly #maxBytes: number;
  readonly #headBytes: number;
  readonly #tailBudget: number;
  #queue: { data: Buffer; footer: boolean }[] = [];
  #queued = 0;
  #pumping: Promise<void> | undefined;
  #drainWaiters: (() => void)[] = [];
  #size = 0;
  /** Where the marker sits once the log has been cut (its end is where the kept tail starts). */
  #markerAt: number | undefined;
  #cut = 0;
  #failed = false;
  #closed = false;

  private constructor(fd: number, maxBytes: number) {
    this.#fd = fd;
    this.#maxBytes = maxBytes;
    this.#headBytes = Math.floor(maxBytes / 2);
    this.#tailBudget = maxBytes - this.#headBytes - markerText(0, maxBytes).length - FOOTER_ROOM;
  }

  /**
   * Opens `file` for appending, synchronously: a log that cannot be written is known before the
   * agent starts. `maxBytes` 0 or Infinity: no cap.
   * @throws the file system error.
   */
  static open(file: string, maxBytes: number): BoundedLogFile {
    // Not O_APPEND: compaction writes at positions, which O_APPEND would ignore. Appends go to
    // the end this object tracks (an existing log is continued, as with 'a').
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    const log = new BoundedLogFile(fd, maxBytes > 0 ? maxBytes : Infinity);
    log.#size = fs.fstatSync(fd).size;
    return log;
  }

  /** Bytes cut from the middle so far. */
  get cutBytes(): number {
    return this.#cut;
  }

  /** Queues text; false when the caller should pause until {@link onDrain}. Never throws. */
  write(text: string): boolean {
    return this.#enqueue(text, false);
  }

  #enqueue(text: string, footer: boolean): boolean {
    if (this.#failed || this.#closed || text.length === 0) return true;
    const data = Buffer.from(text, 'utf8');
    this.#queue.push({ data, footer });
    this.#queued += data.length;
    this.#pumping ??= this.#pump().finally(() => (this.#pumping = undefined));
    return this.#queued <= HIGH_WATER;
  }

  /** Calls `resume` once the queue is back under its high-water mark (at once if it is). */
  onDrain(resume: () => void): void {
    if (this.#queued <= HIGH_WATER || this.#failed) resume();
    else this.#drainWaiters.push(resume);
  }

  /** Writes the footer (always, even past the cap) and closes the file once everything is on disk. */
  async close(footer: string): Promise<void> {
    if (this.#closed) return;
    this.#enqueue(footer, true);
    this.#closed = true;
    await this.#pumping;
    await close(this.#fd).catch(() => undefined);
  }

  async #pump(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        // Everything queued goes out in one write (up to a chunk): agents print in small pieces.
        const first = this.#queue.shift()!;
        const footer = first.footer;
        let data = first.data;
        if (!footer && this.#queue.length > 0 && !this.#queue[0]!.footer) {
          const parts = [data];
          let bytes = data.length;
          while (this.#queue.length > 0 && !this.#queue[0]!.footer && bytes + this.#queue[0]!.data.length <= COPY_CHUNK) {
            const next = this.#queue.shift()!.data;
            parts.push(next);
            bytes += next.length;
          }
          data = Buffer.concat(parts, bytes);
        }
        await this.#append(data, footer);
        this.#queued -= data.length;
        if (this.#queued <= HIGH_WATER) this.#wakeProducers();
      }
    } catch {
      // A full disk must not crash the engine or stop the agent; the log just stops growing.
      this.#failed = true;
      this.#queue = [];
      this.#queued = 0;
      this.#wakeProducers();
    }
  }

  #wakeProducers(): void {
    for (const resume of this.#drainWaiters.splice(0)) resume();
  }

  async #append(buffer: Buffer, isFooter: boolean): Promise<void> {
    if (isFooter || this.#size + buffer.length <= this.#maxBytes - FOOTER_ROOM) return this.#writeAt(buffer, this.#size);
    let data = buffer;
    if (this.#markerAt === undefined) {
      // Fill the log up to its cap first: the head must hold the agent's first output, however it was chunked.
      const room = Math.max(0, this.#maxBytes - FOOTER_ROOM - this.#size);
      await this.#writeAt(data.subarray(0, room), this.#size);
      data = data.subarray(room);
      await this.#startCutting();
    }
    // An output chunk bigger than the whole tail budget: only its end can be kept.
    if (data.length > this.#tailBudget) {
      let drop = data.length - Math.floor(this.#tailBudget / 2);
      const newline = data.subarray(drop, drop + LINE_SNAP).indexOf(0x0a);
      drop = newline >= 0 ? drop + newline + 1 : drop + utf8Start(data.subarray(drop));
      this.#cut += drop;
      data = data.subarray(drop);
      await this.#compact(0);
    }
    const tailStart = this.#markerAt! + markerText(0, this.#maxBytes).length;
    if (this.#size + data.length - tailStart > this.#tailBudget) await this.#compact(Math.floor(this.#tailBudget / 2) - data.length);
    await this.#writeAt(data, this.#size);
  }

  // The first cut: the head ends at a line start (or a character boundary) near the middle of
  // the budget; the marker goes right after it, over the oldest part of what follows.
  async #startCutting(): Promise<void> {
    let head = Math.min(this.#headBytes, this.#size);
    const probe = Buffer.alloc(Math.min(LINE_SNAP, head));
    const { bytesRead } = await read(this.#fd, probe, 0, probe.length, head - probe.length);
    const newline = probe.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) head = head - bytesRead + newline + 1;
    else head = utf8Boundary(probe.subarray(0, bytesRead), bytesRead) + head - bytesRead;
    this.#markerAt = head;
    // What lies between the head and the marker's end is overwritten by the marker: cut.
    const markerEnd = head + markerText(0, this.#maxBytes).length;
    const overwritten = Math.min(this.#size, markerEnd) - head;
    await this.#moveTail(this.#size - Math.max(0, this.#size - markerEnd), overwritten);
  }

  /** Keeps only the newest `keep` bytes after the marker (at least 0), snapped to a line start. */
  async #compact(keep: number): Promise<void> {
    const tailStart = this.#markerAt! + markerText(0, this.#maxBytes).length;
    const tailLength = this.#size - tailStart;
    let from = this.#size - Math.max(0, Math.min(keep, tailLength));
    from = await this.#snapToLine(from, tailStart);
    await this.#moveTail(from, from - tailStart);
  }

  // Copies [from, size) down to just after the marker, truncates, and updates the marker.
  async #moveTail(from: number, dropped: number): Promise<void> {
    const to = this.#markerAt! + markerText(0, this.#maxBytes).length;
    const length = this.#size - from;
    const chunk = Buffer.alloc(Math.min(COPY_CHUNK, Math.max(1, length)));
    // Forward copy is safe: the destination never lies after the source.
    for (let done = 0; done < length;) {
      const { bytesRead } = await read(this.#fd, chunk, 0, Math.min(chunk.length, length - done), from + done);
      if (bytesRead === 0) break;
      await this.#writeAt(chunk.subarray(0, bytesRead), to + done, false);
      done += bytesRead;
    }
    await ftruncate(this.#fd, to + length);
    this.#size = to + length;
    this.#cut += Math.max(0, dropped);
    await this.#writeAt(Buffer.from(markerText(this.#cut, this.#maxBytes)), this.#markerAt!, false);
  }

  async #snapToLine(from: number, floor: number): Promise<number> {
    const probe = Buffer.alloc(Math.min(LINE_SNAP, this.#size - from));
    if (probe.length === 0) return from;
    const { bytesRead } = await read(this.#fd, probe, 0, probe.length, from);
    const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
    if (newline >= 0) return Math.max(floor, from + newline + 1);
    return Math.max(floor, from + utf8Start(probe.subarray(0, bytesRead)));
  }

  async #writeAt(buffer: Buffer, position: number, grows = true): Promise<void> {
    for (let off = 0; off < buffer.length;) {
      off += (await write(this.#fd, buffer, off, buffer.length - off, position + off)).bytesWritten;
    }
    if (grows) this.#size = Math.max(this.#size, position + buffer.length);
  }
}

/** The marker line; the same length whatever the count, so it can be rewritten in place. */
export function markerText(cut: number, maxBytes: number): string {
  const limit = Number.isFinite(maxBytes) ? formatByteSize(maxBytes) : 'unlimited';
  const count = String(cut);
  // Trailing spaces keep the width fixed without showing.
  return `\n[baton: ${count} bytes of output were cut here (max_agent_log_size is ${limit}: the log keeps its start and its end)]${' '.repeat(Math.max(0, COUNT_WIDTH - count.length))}\n`;
}

/** The offset in `bytes` (at most `end`) that starts a UTF-8 character, searching back from `end`. */
function utf8Boundary(bytes: Buffer, end: number): number {
  let i = end;
  while (i > 0 && i > end - 4 && (bytes[i - 1]! & 0xc0) === 0x80) i--;
  return i > 0 && bytes[i - 1]! >= 0xc0 ? i - 1 : i;
}

/** The first offset in `bytes` that starts a UTF-8 character. */
function utf8Start(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && i < 4 && (bytes[i]! & 0xc0) === 0x80) i++;
  return i;
}
