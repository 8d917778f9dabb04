// A small inflater (zlib format of RFC 1950 around deflate of RFC 1951) that writes into a
// buffer of a fixed maximum length and stops as soon as the output would pass it. The platform's
// DecompressionStream cannot bound memory like that. In workerd each write() inflates its whole
// input into an internal queue before anything is read. So one write of a 48 KB stream of zeros
// queued 50 MB (measured in the Vitest pool, workerd 1.20260426.1).
//
// It rejects what zlib's inflate() rejects. That is a bad header, a preset dictionary, an
// over-subscribed or incomplete Huffman code (except a lone one-bit code), a distance before the
// start of the output, a bad Adler-32, a stream that ends early, and bytes after the stream. It
// also rejects a distance longer than the window the header declares, which zlib rejects only
// when it inflates in several calls.

export type InflateResult =
  | { ok: true; data: Uint8Array }
  /** invalid: not one complete, valid zlib stream. too_long: the output would pass maxLength. */
  | { ok: false; reason: "invalid" | "too_long" };

class InflateError extends Error {
  constructor(readonly reason: "invalid" | "too_long") {
    super(`zlib stream ${reason}`);
  }
}

/** Inflates one complete zlib stream of at most `maxLength` bytes of output. */
export function inflateZlib(input: Uint8Array, maxLength: number): InflateResult {
  try {
    return { ok: true, data: new Inflater(input, maxLength).inflate() };
  } catch (error) {
    if (error instanceof InflateError) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** A canonical Huffman code: the number of codes of each bit length and the symbols in code order. */
interface HuffmanCode {
  counts: Uint16Array;
  symbols: Uint16Array;
}

const MAX_CODE_BITS = 15;

/**
 * Builds a canonical Huffman code from the code length of each symbol (0: the symbol is unused).
 * Like zlib, it rejects an over-subscribed set of lengths, and an incomplete one unless it is a
 * single one-bit code of a literal/length or distance code. With no codes at all, every decode fails.
 */
function buildHuffmanCode(lengths: ArrayLike<number>, isCodeLengthCode = false): HuffmanCode {
  const counts = new Uint16Array(MAX_CODE_BITS + 1);
  for (let symbol = 0; symbol < lengths.length; symbol++) counts[lengths[symbol]]++;
  counts[0] = 0;

  let unused = 1;
  let longest = 0;
  for (let bits = 1; bits <= MAX_CODE_BITS; bits++) {
    unused = unused * 2 - counts[bits];
    if (unused < 0) throw new InflateError("invalid");
    if (counts[bits] > 0) longest = bits;
  }
  if (longest > 0 && unused > 0 && (isCodeLengthCode || longest !== 1)) throw new InflateError("invalid");

  const offsets = new Uint16Array(MAX_CODE_BITS + 2);
  for (let bits = 1; bits <= MAX_CODE_BITS; bits++) offsets[bits + 1] = offsets[bits] + counts[bits];
  const symbols = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    if (lengths[symbol] !== 0) symbols[offsets[lengths[symbol]]++] = symbol;
  }
  return { counts, symbols };
}

/** Base length and extra bits of length symbols 257–285. */
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Base distance and extra bits of distance symbols 0–29. */
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
];
const DISTANCE_EXTRA_BITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists the code lengths of the code length code. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const END_OF_BLOCK = 256;

let fixedCodes: { literals: HuffmanCode; distances: HuffmanCode } | null = null;

/** Builds the fixed Huffman codes of block type 1, once. */
function getFixedCodes(): { literals: HuffmanCode; distances: HuffmanCode } {
  if (fixedCodes) return fixedCodes;
  const literalLengths = new Uint8Array(288);
  literalLengths.fill(8, 0, 144);
  literalLengths.fill(9, 144, 256);
  literalLengths.fill(7, 256, 280);
  literalLengths.fill(8, 280, 288);
  // 32 distance codes make the code complete. Symbols 30 and 31 are invalid in the data.
  fixedCodes = { literals: buildHuffmanCode(literalLengths), distances: buildHuffmanCode(new Uint8Array(32).fill(5)) };
  return fixedCodes;
}

class Inflater {
  private position = 0;
  private bitBuffer = 0;
  private bitCount = 0;
  private readonly output: Uint8Array;
  private outputLength = 0;
  private windowSize = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly maxLength: number,
  ) {
    this.output = new Uint8Array(maxLength);
  }

  inflate(): Uint8Array {
    this.readHeader();
    let final = false;
    while (!final) {
      final = this.bits(1) === 1;
      const type = this.bits(2);
      if (type === 0) this.storedBlock();
      else if (type === 1) this.compressedBlock(getFixedCodes().literals, getFixedCodes().distances);
      else if (type === 2) this.dynamicBlock();
      else throw new InflateError("invalid");
    }

    // The Adler-32 of the output follows the last block, from the next byte boundary, big-endian.
    this.bitBuffer = 0;
    this.bitCount = 0;
    if (this.position + 4 !== this.input.length) throw new InflateError("invalid");
    const data = this.output.subarray(0, this.outputLength);
    if (adler32(data) !== readUint32(this.input, this.position)) throw new InflateError("invalid");
    return data;
  }

  /** Reads CMF and FLG: deflate with a window of at most 32 KB, a valid check value, no preset dictionary. */
  private readHeader() {
    if (this.input.length < 2) throw new InflateError("invalid");
    const [cmf, flg] = [this.input[0], this.input[1]];
    const method = cmf & 0x0f;
    const windowBits = (cmf >> 4) + 8;
    if (method !== 8 || windowBits > 15 || (cmf * 256 + flg) % 31 !== 0 || flg & 0x20) throw new InflateError("invalid");
    this.windowSize = 1 << windowBits;
    this.position = 2;
  }

  /** Reads `count` bits (at most 16), least significant first. */
  private bits(count: number): number {
    while (this.bitCount < count) {
      if (this.position >= this.input.length) throw new InflateError("invalid");
      this.bitBuffer |= this.input[this.position++] << this.bitCount;
      this.bitCount += 8;
    }
    const value = this.bitBuffer & ((1 << count) - 1);
    this.bitBuffer >>>= count;
    this.bitCount -= count;
    return value;
  }

  /** Decodes one symbol, one bit at a time, walking the canonical code's lengths. */
  private decode(code: HuffmanCode): number {
    let value = 0;
    let first = 0;
    let index = 0;
    for (let bits = 1; bits <= MAX_CODE_BITS; bits++) {
      value |= this.bits(1);
      const count = code.counts[bits];
      if (value - first < count) return code.symbols[index + value - first];
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    throw new InflateError("invalid");
  }

  private reserve(length: number) {
    if (this.outputLength + length > this.maxLength) throw new InflateError("too_long");
  }

  private storedBlock() {
    // The bits left in the buffer are the rest of the current byte, which a stored block skips.
    this.bitBuffer = 0;
    this.bitCount = 0;
    const start = this.position;
    if (start + 4 > this.input.length) throw new InflateError("invalid");
    const length = this.input[start] | (this.input[start + 1] << 8);
    const complement = this.input[start + 2] | (this.input[start + 3] << 8);
    if (length !== (~complement & 0xffff)) throw new InflateError("invalid");
    this.reserve(length);
    if (start + 4 + length > this.input.length) throw new InflateError("invalid");
    this.output.set(this.input.subarray(start + 4, start + 4 + length), this.outputLength);
    this.outputLength += length;
    this.position = start + 4 + length;
  }

  private dynamicBlock() {
    const literalCount = this.bits(5) + 257;
    const distanceCount = this.bits(5) + 1;
    const codeLengthCount = this.bits(4) + 4;
    if (literalCount > 286 || distanceCount > 30) throw new InflateError("invalid");

    const codeLengthLengths = new Uint8Array(19);
    for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]] = this.bits(3);
    const codeLengthCode = buildHuffmanCode(codeLengthLengths, true);

    const lengths = new Uint8Array(literalCount + distanceCount);
    let index = 0;
    while (index < lengths.length) {
      const symbol = this.decode(codeLengthCode);
      if (symbol < 16) {
        lengths[index++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (index === 0) throw new InflateError("invalid");
        value = lengths[index - 1];
        repeat = 3 + this.bits(2);
      } else if (symbol === 17) {
        repeat = 3 + this.bits(3);
      } else {
        repeat = 11 + this.bits(7);
      }
      if (index + repeat > lengths.length) throw new InflateError("invalid");
      lengths.fill(value, index, index + repeat);
      index += repeat;
    }
    if (lengths[END_OF_BLOCK] === 0) throw new InflateError("invalid");

    const literals = buildHuffmanCode(lengths.subarray(0, literalCount));
    const distances = buildHuffmanCode(lengths.subarray(literalCount));
    this.compressedBlock(literals, distances);
  }

  private compressedBlock(literals: HuffmanCode, distances: HuffmanCode) {
    for (;;) {
      const symbol = this.decode(literals);
      if (symbol < 256) {
        this.reserve(1);
        this.output[this.outputLength++] = symbol;
        continue;
      }
      if (symbol === END_OF_BLOCK) return;

      const lengthSymbol = symbol - 257;
      if (lengthSymbol >= LENGTH_BASE.length) throw new InflateError("invalid");
      const length = LENGTH_BASE[lengthSymbol] + this.bits(LENGTH_EXTRA_BITS[lengthSymbol]);
      const distanceSymbol = this.decode(distances);
      if (distanceSymbol >= DISTANCE_BASE.length) throw new InflateError("invalid");
      const distance = DISTANCE_BASE[distanceSymbol] + this.bits(DISTANCE_EXTRA_BITS[distanceSymbol]);
      if (distance > this.outputLength || distance > this.windowSize) throw new InflateError("invalid");

      this.reserve(length);
      // Byte by byte, because the copy may overlap the bytes it writes.
      for (let i = 0; i < length; i++, this.outputLength++) this.output[this.outputLength] = this.output[this.outputLength - distance];
    }
  }
}

/** Computes the Adler-32 checksum of RFC 1950. */
function adler32(bytes: Uint8Array): number {
  const modulus = 65521;
  // zlib's run length: the sums of 5552 bytes stay below 2^32 before the modulus is taken.
  const run = 5552;
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += run) {
    const end = Math.min(start + run, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= modulus;
    b %= modulus;
  }
  return ((b << 16) | a) >>> 0;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}
