// Output bytes gathered line by line for the fast formatters (format/conntrack.ts writeFlowLine) and the
// byte sink (io.ts ByteOutput). A store may write up to 3 bytes past the text it adds; the buffer keeps SLACK
// bytes of room for that and the next write covers them.

const SLACK = 8;

/**
 * Output bytes accumulated line by line. take() hands over what was written and starts a fresh buffer, so a
 * chunk given to an asynchronous writer is never written over.
 */
export class LineBuffer {
  buf: Buffer;
  view: DataView;
  pos = 0;
  constructor(private readonly size = 1 << 17) {
    this.buf = Buffer.allocUnsafe(size + SLACK);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }
  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n + SLACK <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + SLACK));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.size + SLACK);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.pos = 0;
    return out;
  }
}

