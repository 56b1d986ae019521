// Draws the example seal (content/seal.png): a red ring with a five-pointed star, the ink
// slightly uneven, on a transparent ground, 42 mm across at 300 dpi (the pHYs chunk says so).
// Run: node scripts/make-seal.mjs content/seal.png
import { writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';

const DPI = 300;
const MM = 42;
const size = Math.round((MM / 25.4) * DPI);
const png = new PNG({ width: size, height: size, colorType: 6 });
const c = size / 2;
const outer = c - 2;
const ring = size * 0.035;
const star = (x, y) => {
  // Inside a five-pointed star of radius R centred at the middle (point up)?
  const R = size * 0.2;
  const r = R * 0.382;
  const pts = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rad = i % 2 === 0 ? R : r;
    pts.push([c + rad * Math.cos(a), c + rad * Math.sin(a)]);
  }
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
// Coverage by 4×4 supersampling: smooth edges.
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    let hit = 0;
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const px = x + (sx + 0.5) / 4;
        const py = y + (sy + 0.5) / 4;
        const d = Math.hypot(px - c, py - c);
        const inRing = d <= outer && d >= outer - ring;
        const inInner = d <= outer - ring * 2.2 && d >= outer - ring * 2.6;
        if (inRing || inInner || star(px, py)) hit++;
      }
    }
    // Ink a little uneven, as a stamped seal is: a deterministic ripple, no randomness.
    const ink = 0.82 + 0.12 * Math.sin(x * 0.05) * Math.cos(y * 0.043);
    const i = (y * size + x) * 4;
    png.data[i] = 230;
    png.data[i + 1] = 0;
    png.data[i + 2] = 18;
    png.data[i + 3] = Math.round((hit / 16) * ink * 255);
  }
}
const bytes = PNG.sync.write(png);
// pHYs after IHDR (8 + 25 bytes): pixels per metre, unit 1.
const ppm = Math.round(DPI / 0.0254);
const body = Buffer.alloc(13);
body.write('pHYs', 0, 'latin1');
body.writeUInt32BE(ppm, 4);
body.writeUInt32BE(ppm, 8);
body[12] = 1;
const chunk = Buffer.alloc(21);
chunk.writeUInt32BE(9, 0);
body.copy(chunk, 4);
chunk.writeUInt32BE(crc32(body) >>> 0, 17);
const out = Buffer.concat([bytes.subarray(0, 33), chunk, bytes.subarray(33)]);
writeFileSync(process.argv[2] ?? 'seal.png', out);
