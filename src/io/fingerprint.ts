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

/** The fingerprint of the bytes of `chunks` one after another, as if they were one array. */
export function fingerprintChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const quarter = Math.ceil(total / 4);
  const lanes = [0, 0, 0, 0];
  let at = 0;
  for (const chunk of chunks) {
    for (let from = 0; from < chunk.length; ) {
      const lane = Math.floor((at + from) / quarter);
      const n = Math.min(chunk.length - from, (lane + 1) * quarter - (at + from));
      lanes[lane] = crc32(chunk.subarray(from, from + n), lanes[lane]);
      from += n;
    }
    at += chunk.length;
  }
  return pack(lanes);
}

function pack(lanes: readonly number[]): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  lanes.forEach((crc, i) => view.setUint32(4 * i, crc));
  return out;
}

/** Six capital letters from a fingerprint: the tag that names a font subset (ISO 32000-1, 9.6.4). */
export function letterTag(digest: Uint8Array): string {
  return Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
