// Recorded netlink conversations ("fixtures"): the file format, a recording transport and a replay transport.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { MessageType, NLMSG_HDRLEN } from './constants.js';
import { ProtocolError } from './errors.js';
import { iterateMessages, readHeader, setSequence, type HeaderFields } from './message.js';
import type { Transport } from './transport.js';

/** Where a fixture came from: what ran, on which kernel, when and how it was captured. */
export interface Provenance {
  /** What the recorded code did, in words. */
  description: string;
  /** The command or test that ran. */
  command: string;
  kernel: string;
  date: string;
  /** How the bytes were captured. */
  capturedWith: string;
}

/** One datagram of a recorded conversation, in hex. */
export interface FixtureExchange {
  direction: 'send' | 'receive';
  hex: string;
}

/** A recorded conversation with the kernel: provenance, protocol, port id and the datagrams both ways. */
export interface Fixture {
  provenance: Provenance;
  protocol: number;
  portId: number;
  exchanges: FixtureExchange[];
  /** Free-form expectations a test compares decoded results with. */
  expected?: unknown;
}

/** Reads a fixture file (JSON). */
export function readFixture(file: string): Fixture {
  const f = JSON.parse(fs.readFileSync(file, 'utf8')) as Fixture;
  if (!f.provenance || !Array.isArray(f.exchanges)) throw new ProtocolError(`${file} is not a netlink fixture`);
  return f;
}

/** Writes a fixture file (JSON). */
export function writeFixture(file: string, fixture: Fixture): void {
  fs.writeFileSync(file, JSON.stringify(fixture, null, 1) + '\n');
}

/** Provenance for a recording made now on this machine (kernel release and date filled in). */
export function currentProvenance(description: string, command: string, capturedWith: string): Provenance {
  return { description, command, kernel: os.release(), date: new Date().toISOString().slice(0, 10), capturedWith };
}

/** Passes everything through to a real transport and keeps a copy of every datagram. */
export class RecordingTransport implements Transport {
  readonly exchanges: FixtureExchange[] = [];
  constructor(private readonly inner: Transport) {}
  get protocol(): number { return this.inner.protocol; }
  get portId(): number { return this.inner.portId; }
  get closed(): boolean { return this.inner.closed; }
  send(datagram: Buffer): void {
    this.exchanges.push({ direction: 'send', hex: datagram.toString('hex') });
    this.inner.send(datagram);
  }
  private keep(d: Buffer | null | undefined): Buffer | null | undefined {
    if (d) this.exchanges.push({ direction: 'receive', hex: d.toString('hex') });
    return d;
  }
  async receive(): Promise<Buffer | null> {
    return this.keep(await this.inner.receive()) ?? null;
  }
  tryReceive(): Buffer | null | undefined {
    return this.keep(this.inner.tryReceive());
  }
  /** Closes the wrapped transport. */
  close(): void { this.inner.close(); }
  readAhead(on: boolean): void { this.inner.readAhead?.(on); }
  /** The conversation so far as a fixture. */
  toFixture(provenance: Provenance, expected?: unknown): Fixture {
    return { provenance, protocol: this.protocol, portId: this.portId, exchanges: this.exchanges, ...(expected === undefined ? {} : { expected }) };
  }
}

/** Every message's seq (and the header echoed inside NLMSG_ERROR) rewritten through `mapSeq`; pids set when given. */
function rewriteIds(datagram: Buffer, mapSeq: (seq: number) => number, pid?: number): Buffer {
  const out = Buffer.from(datagram);
  let offset = 0;
  const echoed: HeaderFields = { length: 0, type: 0, flags: 0, seq: 0, pid: 0 };
  for (const m of iterateMessages(out, 'fixture datagram')) {
    setSequence(out, offset, mapSeq(m.seq), pid);
    if ((m.type === MessageType.ERROR) && m.payload.length >= 4 + NLMSG_HDRLEN) {
      const inner = offset + NLMSG_HDRLEN + 4; // the request's header echoed in struct nlmsgerr
      readHeader(out, inner, echoed);
      setSequence(out, inner, mapSeq(echoed.seq), pid);
    }
    offset += (m.length + 3) & ~3;
  }
  return out;
}

/**
 * Plays a fixture back. Each send must equal the recorded one, once sequence numbers are renumbered in
 * order of appearance and port ids zeroed; each receive returns the recorded datagram with its sequence
 * numbers translated to the ones the code under test used.
 */
export class ReplayTransport implements Transport {
  readonly protocol: number;
  readonly portId: number;
  private cursor = 0;
  private isClosed = false;
  private readonly recordedToLive = new Map<number, number>();

  constructor(private readonly fixture: Fixture, private readonly name = fixture.provenance.description) {
    this.protocol = fixture.protocol;
    this.portId = fixture.portId;
  }

  /** A replay of the fixture file at `file`. */
  static fromFile(file: string): ReplayTransport {
    return new ReplayTransport(readFixture(file), file);
  }

  get closed(): boolean { return this.isClosed; }
  /** True when every recorded exchange has been played. */
  get finished(): boolean { return this.cursor >= this.fixture.exchanges.length; }
  get remaining(): number { return this.fixture.exchanges.length - this.cursor; }

  send(datagram: Buffer): void {
    const next = this.fixture.exchanges[this.cursor];
    if (!next || next.direction !== 'send') {
      throw new ProtocolError(`replay ${this.name}: unexpected send at exchange ${this.cursor} (${next ? 'a receive was recorded here' : 'the recording has ended'})`);
    }
    const recorded = Buffer.from(next.hex, 'hex');
    // Learn the recorded->live sequence mapping from this pair, message by message.
    const rec = [...iterateMessages(recorded, 'recorded request')];
    const live = [...iterateMessages(datagram, 'request under replay')];
    if (rec.length !== live.length) {
      throw new ProtocolError(`replay ${this.name}: exchange ${this.cursor} sends ${live.length} messages, the recording has ${rec.length}`);
    }
    rec.forEach((m, i) => this.recordedToLive.set(m.seq, live[i]!.seq));
    const liveToRecorded = new Map([...this.recordedToLive].map(([r, l]) => [l, r]));
    const normalised = rewriteIds(datagram, (s) => liveToRecorded.get(s) ?? s, 0);
    const expected = rewriteIds(recorded, (s) => s, 0);
    if (!normalised.equals(expected)) {
      let at = 0;
      while (at < normalised.length && normalised[at] === expected[at]) at++;
      throw new ProtocolError(
        `replay ${this.name}: request ${this.cursor} differs at byte ${at}\n  sent:     ${normalised.toString('hex')}\n  recorded: ${expected.toString('hex')}`,
      );
    }
    this.cursor++;
  }

  tryReceive(): Buffer | null | undefined {
    if (this.isClosed) return null;
    const next = this.fixture.exchanges[this.cursor];
    if (!next) return null;
    if (next.direction !== 'receive') {
      throw new ProtocolError(`replay ${this.name}: the code waits for a reply at exchange ${this.cursor}, but the recording sends next`);
    }
    this.cursor++;
    return rewriteIds(Buffer.from(next.hex, 'hex'), (s) => this.recordedToLive.get(s) ?? s);
  }

  async receive(): Promise<Buffer | null> {
    return this.tryReceive() ?? null;
  }

  /** Ends the replay; receive() resolves to null from now on. */
  close(): void {
    this.isClosed = true;
  }
}
