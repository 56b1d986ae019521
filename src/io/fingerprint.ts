/**
 * A 128-bit fingerprint of some bytes, for names that must differ when the bytes differ and stay
 * the same when they do not: a font subset's tag in the PDF, an embedded font's GUID in the DOCX,
 * the PDF's /ID. It is not a cryptographic hash and must never be used as one (SHA256SUMS use
 * node:crypto). Built from zlib's native CRC-32 because loading node:crypto cost ~4–5 ms of every
 * export, a tenth of a short export's own work.
 *
 * Four CRC-32s, one per lane: a change anywhere alters the CRC of the lane it falls in, so two
 * different inputs share a fingerprint with a chance of about one in four billion.
 */
import { crc32 } from 'node:zlib';

/** The fingerprint of `bytes`, in four lanes: its quarters. */
export function fingerprint(bytes: Uint8Array): Uint8Array {
  const quarter = Math.ceil(bytes.length / 4);
  const lanes = [0, 1, 2, 3].map((i) => crc32(bytes.subarray(i * quarter, (i + 1) * quarter)));
  return pack(lanes);
}

/** The same for bytes given a chunk at a time (a PDF as pdfkit writes it): chunks take turns in the lanes. */
export class RunningFingerprint {
  private readonly lanes = [0, 0, 0, 0];
  private count = 0;

  update(chunk: Uint8Array): void {
    const lane = this.count++ & 3;
    this.lanes[lane] = crc32(chunk, this.lanes[lane]);
  }

  digest(): Uint8Array {
    return pack(this.lanes);
  }
}

function pack(lanes: readonly number[]): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  lanes.forEach((crc, i) => view.setUint32(4 * i, crc));
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
