/**
 * A small valid baseline JPEG drawn in code (the demo's 现场照片 of a shop front): every 8×8 block is one flat colour,
 * so only DC coefficients are coded (quantisation 1, one DC and one EOB-only AC Huffman table, 4:4:4). Any image
 * viewer decodes it; the attachment check recognises it by its content.
 */

const WIDTH_BLOCKS = 12;
const HEIGHT_BLOCKS = 9;

type Rgb = readonly [number, number, number];
const SKY: Rgb = [135, 190, 235];
const SIGN: Rgb = [200, 40, 40];
const WALL: Rgb = [225, 215, 195];
const DOOR: Rgb = [110, 70, 40];
const WINDOW: Rgb = [90, 140, 180];
const STREET: Rgb = [120, 120, 120];

/** The colour of block (x, y): sky, a red shop sign, a wall with a door and a window, the street. */
function blockColour(x: number, y: number): Rgb {
  if (y < 2) return SKY;
  if (y === 2) return x >= 2 && x <= 9 ? SIGN : SKY;
  if (y === 8) return STREET;
  if (x >= 2 && x <= 3 && y >= 4) return DOOR;
  if (x >= 6 && x <= 9 && y >= 4 && y <= 6) return WINDOW;
  return WALL;
}

function ycbcr([r, g, b]: Rgb): [number, number, number] {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ];
}

/** The standard DC table (ITU T.81 Annex K.3): code lengths per category 0–11. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

function canonicalCodes(bits: readonly number[], values: readonly number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  bits.forEach((count, i) => {
    for (let j = 0; j < count; j++) codes.set(values[k++] ?? 0, { code: code++, length: i + 1 });
    code <<= 1;
  });
  return codes;
}

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.used === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00);
    this.current = 0;
    this.used = 0;
  }
  finish(): number[] {
    while (this.used !== 0) this.write(1, 1);
    return this.bytes;
  }
}

const segment = (marker: number, body: readonly number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];

export function demoShopPhoto(): Buffer {
  const width = WIDTH_BLOCKS * 8;
  const height = HEIGHT_BLOCKS * 8;
  const dc = canonicalCodes(DC_BITS, DC_VALUES);
  const out = new BitWriter();
  const previous = [0, 0, 0];
  for (let y = 0; y < HEIGHT_BLOCKS; y++) {
    for (let x = 0; x < WIDTH_BLOCKS; x++) {
      ycbcr(blockColour(x, y)).forEach((value, component) => {
        // A flat block's DCT: F(0,0) = 8 × (value − 128); every AC coefficient is 0.
        const coefficient = Math.round(8 * (value - 128));
        const diff = coefficient - (previous[component] ?? 0);
        previous[component] = coefficient;
        const magnitude = Math.abs(diff);
        const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
        const huffman = dc.get(category);
        if (!huffman) throw new Error(`DC category ${category} out of range`);
        out.write(huffman.code, huffman.length);
        if (category > 0) out.write(diff < 0 ? diff + (1 << category) - 1 : diff, category);
        out.write(0, 1); // EOB: the only AC symbol, code '0'.
      });
    }
  }
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const quantisation = [0x00, ...new Array<number>(64).fill(1)];
  const frame = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  const dcTable = [0x00, ...DC_BITS, ...DC_VALUES];
  const acTable = [0x10, 1, ...new Array<number>(15).fill(0), 0x00];
  const scan = [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0];
  return Buffer.from([
    0xff, 0xd8, ...segment(0xe0, jfif), ...segment(0xdb, quantisation), ...segment(0xc0, frame), ...segment(0xc4, dcTable), ...segment(0xc4, acTable),
    ...segment(0xda, scan), ...out.finish(), 0xff, 0xd9,
  ]);
}
