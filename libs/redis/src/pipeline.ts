// A lean Redis connection for the hot path: every command issued in one turn of the event loop
// goes out in one write, encoded straight into one buffer, and replies are parsed from the
// socket's bytes with bulk strings as Buffers. node-redis spends about 1.5 KB of garbage per
// command on the same work (encoded pieces, one socket write per piece, options and tracing),
// which at 20,000 sightings/s made garbage collection a third of the presence process's CPU.
// Deliberately small: RESP2 only, no pub/sub, no transactions, no cluster redirects. Commands
// issued while the connection is down wait for it to come back (reconnects with backoff, never
// gives up); commands whose replies were lost with the connection fail.
import net from "node:net";
import tls from "node:tls";
import { scriptCaller } from "./script.js";

export type RespArgument = string | Buffer;
/** Bulk strings are Buffers (null when absent), simple strings strings, integers numbers. */
export type RespReply = Buffer | string | number | null | RespReply[];

export class RespError extends Error {
  override readonly name = "RespError";
}

type Waiting = { readonly resolve: (reply: RespReply) => void; readonly reject: (error: Error) => void };
/** Not enough bytes yet for the reply that starts here. */
const INCOMPLETE = Symbol("incomplete");
/** Bytes that are not RESP: the connection is out of step and is started afresh. */
const UNREADABLE = Symbol("unreadable");
const CR = 13;

const RECONNECT_FIRST_MS = 50;
const RECONNECT_MAX_MS = 2_000;
const FIRST_BUFFER_BYTES = 16 * 1024;
/** Answered commands left at the front of `written` before it is compacted. */
const COMPACT_AFTER = 1_024;

export class RespPipeline {
  private socket: net.Socket | undefined;
  private connected = false;
  private everConnected = false;
  private closing = false;
  private reconnects = 0;
  /** Commands encoded into `out` but not yet written, in order. */
  private queued: Waiting[] = [];
  /** Commands written and waiting for their reply, in order (consumed from `head`). */
  private written: Waiting[] = [];
  private head = 0;
  private out = Buffer.allocUnsafe(FIRST_BUFFER_BYTES);
  private outLength = 0;
  private flushScheduled = false;
  /** The start of a reply whose bytes have not all arrived. */
  private partial: Buffer | undefined;

  private constructor(
    private readonly url: URL,
    private readonly name: string,
  ) {}

  /** Connects, authenticates and selects the database the URL names (redis:// or rediss://). */
  static async connect(url: string, name: string): Promise<RespPipeline> {
    const pipeline = new RespPipeline(new URL(url), name);
    await pipeline.open();
    return pipeline;
  }

  /** Sends one command; it goes out with every other command of this turn of the event loop. */
  call(args: readonly RespArgument[]): Promise<RespReply> {
    if (this.closing) return Promise.reject(new RespError("the Redis connection is closed"));
    return new Promise((resolve, reject) => {
      this.encode(args);
      this.queued.push({ resolve, reject });
      if (this.connected && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** A Lua script on this connection (scriptCaller: EVALSHA, EVAL when Redis does not know it). */
  script(source: string): (keys: readonly string[], args: readonly RespArgument[]) => Promise<RespReply> {
    return scriptCaller<readonly string[], readonly RespArgument[], RespReply>(source, (command, shaOrSource, keys, args) =>
      this.call([command, shaOrSource, String(keys.length), ...keys, ...args]),
    );
  }

  /** Fails whatever is still waiting and closes the connection. */
  close(): void {
    this.closing = true;
    this.failWaiting([...this.written.slice(this.head), ...this.queued], new RespError("the Redis connection is closed"));
    this.written = [];
    this.head = 0;
    this.queued = [];
    this.socket?.destroy();
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const port = Number(this.url.port || 6379);
      const host = this.url.hostname || "127.0.0.1";
      const socket =
        this.url.protocol === "rediss:" ? tls.connect({ port, host, servername: host }) : net.connect({ port, host });
      socket.setNoDelay(true);
      this.socket = socket;
      let opened = false;
      let refused: Error | undefined;
      socket.once(this.url.protocol === "rediss:" ? "secureConnect" : "connect", () => {
        this.handshake(socket).then(
          () => {
            opened = true;
            this.reconnects = 0;
            resolve();
          },
          (error: Error) => {
            refused = error;
            socket.destroy();
          },
        );
      });
      socket.on("data", (chunk: Buffer) => this.receive(chunk));
      socket.on("error", () => {});
      socket.on("close", () => {
        this.lost();
        if (!opened) {
          const why = refused ? `: ${refused.message}` : "";
          reject(new RespError(`could not connect to Redis at ${host}:${port}${why}`));
        }
      });
    });
  }

  /** AUTH and SELECT as the URL says, and the client name, ahead of anything queued. */
  private async handshake(socket: net.Socket): Promise<void> {
    const commands: RespArgument[][] = [];
    const password = decodeURIComponent(this.url.password);
    const username = decodeURIComponent(this.url.username);
    if (password) commands.push(username ? ["AUTH", username, password] : ["AUTH", password]);
    const database = this.url.pathname.slice(1);
    if (database) commands.push(["SELECT", database]);
    commands.push(["CLIENT", "SETNAME", this.name]);
    // Encoded ahead of whatever was queued while the connection was down.
    const waitingBefore = this.queued;
    const bytesBefore = Buffer.from(this.out.subarray(0, this.outLength));
    this.queued = [];
    this.outLength = 0;
    const replies = commands.map((args) => this.call(args));
    this.write(socket);
    this.queued = waitingBefore;
    this.appendBytes(bytesBefore);
    await Promise.all(replies);
    this.connected = true;
    this.everConnected = true;
    this.flush();
  }

  private lost(): void {
    this.connected = false;
    this.socket = undefined;
    this.partial = undefined;
    // Their replies went with the connection: whether they ran is unknown.
    this.failWaiting(this.written.slice(this.head), new RespError("the Redis connection was lost"));
    this.written = [];
    this.head = 0;
    // A first connection that failed is the caller's to retry; a lost one is retried here.
    if (this.closing || !this.everConnected) return;
    const delay = Math.min(RECONNECT_FIRST_MS * 2 ** this.reconnects, RECONNECT_MAX_MS);
    this.reconnects += 1;
    setTimeout(() => {
      if (!this.closing) this.open().catch(() => {});
    }, delay).unref();
  }

  private failWaiting(waiting: readonly Waiting[], error: Error): void {
    for (const entry of waiting) entry.reject(error);
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.connected && this.socket && this.queued.length > 0) this.write(this.socket);
  }

  private write(socket: net.Socket): void {
    // A copy of exactly the encoded bytes (small ones come from Node's shared pool); `out` is reused.
    socket.write(Buffer.from(this.out.subarray(0, this.outLength)));
    this.outLength = 0;
    if (this.head === this.written.length) {
      this.written = this.queued;
      this.head = 0;
    } else {
      for (const entry of this.queued) this.written.push(entry);
    }
    this.queued = [];
  }

  private encode(args: readonly RespArgument[]): void {
    let size = 16;
    for (const arg of args) size += 16 + (typeof arg === "string" ? arg.length * 3 : arg.length);
    this.reserve(size);
    let at = this.outLength;
    at += this.out.write(`*${args.length}\r\n`, at, "latin1");
    for (const arg of args) {
      if (typeof arg === "string") {
        at += this.out.write(`$${Buffer.byteLength(arg)}\r\n`, at, "latin1");
        at += this.out.write(arg, at, "utf8");
      } else {
        at += this.out.write(`$${arg.length}\r\n`, at, "latin1");
        at += arg.copy(this.out, at);
      }
      this.out[at++] = CR;
      this.out[at++] = 10;
    }
    this.outLength = at;
  }

  private appendBytes(bytes: Buffer): void {
    this.reserve(bytes.length);
    this.outLength += bytes.copy(this.out, this.outLength);
  }

  private reserve(bytes: number): void {
    if (this.outLength + bytes <= this.out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.outLength + bytes));
    this.out.copy(grown, 0, 0, this.outLength);
    this.out = grown;
  }

  private receive(chunk: Buffer): void {
    const data = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    let offset = 0;
    while (offset < data.length) {
      const parsed = parseReply(data, offset);
      if (parsed === INCOMPLETE) break;
      if (parsed === UNREADABLE) {
        this.socket?.destroy();
        return;
      }
      offset = parsed.next;
      const waiting = this.written[this.head];
      if (!waiting) {
        // A reply nobody asked for: the stream is out of step, so start afresh.
        this.socket?.destroy();
        return;
      }
      this.written[this.head] = undefined as unknown as Waiting;
      this.head += 1;
      if (parsed.reply instanceof RespError) waiting.reject(parsed.reply);
      else waiting.resolve(parsed.reply);
    }
    this.partial = offset < data.length ? data.subarray(offset) : undefined;
    if (this.head === this.written.length) {
      this.written = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER) {
      // Under steady load replies may never catch up with every write: drop the answered front.
      this.written = this.written.slice(this.head);
      this.head = 0;
    }
  }
}

type Parsed = { readonly reply: RespReply | RespError; readonly next: number };

/** The reply starting at `offset`, or INCOMPLETE if its bytes have not all arrived. */
function parseReply(data: Buffer, offset: number): Parsed | typeof INCOMPLETE | typeof UNREADABLE {
  const lineEnd = data.indexOf(CR, offset + 1);
  if (lineEnd < 0 || lineEnd + 1 >= data.length) return INCOMPLETE;
  const afterLine = lineEnd + 2;
  switch (data[offset]) {
    case 0x2b /* + */:
      return { reply: data.toString("latin1", offset + 1, lineEnd), next: afterLine };
    case 0x2d /* - */:
      return { reply: new RespError(data.toString("utf8", offset + 1, lineEnd)), next: afterLine };
    case 0x3a /* : */:
      return { reply: integerAt(data, offset + 1, lineEnd), next: afterLine };
    case 0x24 /* $ */:
      {
        const length = integerAt(data, offset + 1, lineEnd);
        if (length < 0) return { reply: null, next: afterLine };
        if (afterLine + length + 2 > data.length) return INCOMPLETE;
        return { reply: data.subarray(afterLine, afterLine + length), next: afterLine + length + 2 };
      }
    case 0x2a /* * */:
      {
        const count = integerAt(data, offset + 1, lineEnd);
        if (count < 0) return { reply: null, next: afterLine };
        const items: RespReply[] = [];
        let next = afterLine;
        for (let index = 0; index < count; index += 1) {
          if (next >= data.length) return INCOMPLETE;
          const item = parseReply(data, next);
          if (item === INCOMPLETE || item === UNREADABLE) return item;
          // An error inside an array (a script's error_reply table) stays a value of the array.
          items.push(item.reply instanceof RespError ? item.reply.message : item.reply);
          next = item.next;
        }
        return { reply: items, next };
      }
    default:
      return UNREADABLE;
  }
}

function integerAt(data: Buffer, start: number, end: number): number {
  let at = start;
  let sign = 1;
  if (data[at] === 0x2d) {
    sign = -1;
    at += 1;
  }
  let value = 0;
  for (; at < end; at += 1) value = value * 10 + ((data[at] as number) - 0x30);
  return sign * value;
}
