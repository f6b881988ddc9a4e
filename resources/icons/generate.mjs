#!/usr/bin/env node
// Draws ml-connector's icons with no image tools: a blue rounded square with a white two-arrow "sync"
// mark (app, installer), and small status discs with the same mark for the tray (green ok, blue
// running, red error). Shapes are rasterised with 4×4 supersampling and written as PNG (zlib) and ICO
// (PNG-in-ICO). Deterministic: running it again produces the same bytes.
//   node resources/icons/generate.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// ---- shapes, in unit coordinates (0..1, y down) -------------------------------------------------
const roundedSquare = (inset, radius) => (x, y) => {
  const qx = Math.abs(x - 0.5) - (0.5 - inset - radius);
  const qy = Math.abs(y - 0.5) - (0.5 - inset - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) <= radius;
};
const disc = (r) => (x, y) => Math.hypot(x - 0.5, y - 0.5) <= r;

function triangle(a, b, c) {
  const sign = (p, q, r) => (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1]);
  return (x, y) => {
    const p = [x, y];
    const d1 = sign(p, a, b), d2 = sign(p, b, c), d3 = sign(p, c, a);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

/** Two arcs chasing each other, each ending in an arrowhead: the usual "sync" mark. */
function syncMark(radius, thickness, head) {
  const parts = [];
  for (const [from, to] of [[200, 350], [20, 170]]) {
    const a0 = (from * Math.PI) / 180, a1 = (to * Math.PI) / 180;
    parts.push((x, y) => {
      const dx = x - 0.5, dy = 0.5 - y;
      const r = Math.hypot(dx, dy);
      let a = Math.atan2(dy, dx);
      if (a < 0) a += 2 * Math.PI;
      return Math.abs(r - radius) <= thickness / 2 && a >= a0 && a <= a1;
    });
    // Arrowhead at the arc's end, pointing along the counter-clockwise tangent.
    const ux = Math.cos(a1), uy = Math.sin(a1);
    const tx = -uy, ty = ux;
    const pt = (r, t) => [0.5 + ux * r + tx * t, 0.5 - (uy * r + ty * t)];
    parts.push(triangle(pt(radius - head, 0), pt(radius + head, 0), pt(radius, head * 1.3)));
  }
  return (x, y) => parts.some((p) => p(x, y));
}

// ---- raster + encoders ----------------------------------------------------------------------------
function render(size, layers) {
  const px = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < ss; sj++) {
        for (let si = 0; si < ss; si++) {
          const x = (i + (si + 0.5) / ss) / size, y = (j + (sj + 0.5) / ss) / size;
          let c = null;
          for (const [shape, color] of layers) if (shape(x, y)) c = color;
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 255; }
        }
      }
      const n = ss * ss, o = (j * size + i) * 4, cov = a / 255;
      px[o] = cov ? Math.round(r / cov) : 0;
      px[o + 1] = cov ? Math.round(g / cov) : 0;
      px[o + 2] = cov ? Math.round(b / cov) : 0;
      px[o + 3] = Math.round(a / n);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, png }, k) => {
    const e = k * 16;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(png.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.png)]);
}

// ---- the icons ------------------------------------------------------------------------------------
const WHITE = [255, 255, 255];
const BLUE = [28, 100, 214];
const STATUS = { ok: [31, 136, 61], running: [28, 100, 214], error: [207, 34, 46] };

const appIcon = (size) => render(size, [[roundedSquare(0.06, 0.2), BLUE], [syncMark(0.24, 0.075, 0.085), WHITE]]);
const trayIcon = (size, color) => render(size, [[disc(0.48), color], [syncMark(0.26, 0.11, 0.12), WHITE]]);

function write(rel, data) {
  const file = join(here, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}

write('icon.png', encodePng(1024, appIcon(1024)));
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
write('icon.ico', encodeIco(icoSizes.map((size) => ({ size, png: encodePng(size, appIcon(size)) }))));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`png/${size}x${size}.png`, encodePng(size, appIcon(size)));
for (const [status, color] of Object.entries(STATUS)) {
  write(`tray-${status}.png`, encodePng(16, trayIcon(16, color)));
  write(`tray-${status}@2x.png`, encodePng(32, trayIcon(32, color)));
}
process.stdout.write(`icons written to ${here}\n`);
