import { type ErrorCode, PerclassError } from '../errors.js';

/**
 * A reader of numpy's `.npy` files (format versions 1.0, 2.0 and 3.0, as numpy's
 * `numpy.lib.format` writes them: NEP 1), for the element types model outputs come in: float32
 * scores, uint8 scores or labels, int32 and int64 labels, little-endian, C order. Everything else
 * is refused with a code rather than misread: a bad magic, version or header dictionary
 * (E_NPY_HEADER), another dtype (E_NPY_DTYPE, naming it), Fortran order (E_NPY_ORDER), data
 * shorter than the shape (E_NPY_TRUNCATED). It never evaluates the header: the dictionary is
 * parsed as the small Python literal it is.
 */

export type NpyDtype = 'float32' | 'uint8' | 'int32' | 'int64';
export type NpyData = Float32Array | Uint8Array | Int32Array | BigInt64Array;

export interface NpyHeader {
  /** Format version, `'1.0'`, `'2.0'` or `'3.0'`. */
  version: string;
  /** The dtype as the file spells it (`'<f4'`, `'|u1'`, ...). */
  descr: string;
  dtype: NpyDtype;
  shape: number[];
  /** Where the data starts (bytes from the start of the file). */
  dataOffset: number;
  /** Bytes the data takes: elements × element size. */
  dataBytes: number;
}

export interface NpyArray extends NpyHeader {
  /** The elements in C order: a view of the bytes when aligned, else a copy. */
  data: NpyData;
}

/** The largest header read (numpy's own reader refuses more than 10,000 bytes by default). */
export const NPY_MAX_HEADER_BYTES = 65_536;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The dtypes read, by the spelling numpy writes (uint8 has no byte order: `|`, also `<`/`>`). */
const DTYPES: Record<string, { dtype: NpyDtype; size: number }> = {
  '<f4': { dtype: 'float32', size: 4 },
  '|u1': { dtype: 'uint8', size: 1 },
  '<u1': { dtype: 'uint8', size: 1 },
  '>u1': { dtype: 'uint8', size: 1 },
  '<i4': { dtype: 'int32', size: 4 },
  '<i8': { dtype: 'int64', size: 8 },
};

const READ = "'<f4' (float32), '|u1' (uint8), '<i4' (int32), '<i8' (int64)";

function fail(code: ErrorCode, message: string): never {
  throw new PerclassError(code, message);
}

/** The header of a `.npy` file, checked: its version, dtype, shape and where the data lies. */
export function readNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail('E_NPY_HEADER', 'not a .npy file (no \\x93NUMPY magic at the start)');
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) {
    fail('E_NPY_HEADER', `unknown .npy format version ${major}.${minor} (read: 1.0, 2.0, 3.0)`);
  }
  const lengthBytes = major === 1 ? 2 : 4;
  const start = 8 + lengthBytes;
  if (bytes.length < start) fail('E_NPY_HEADER', 'the file ends inside the .npy preamble');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > NPY_MAX_HEADER_BYTES) {
    fail(
      'E_NPY_HEADER',
      `the .npy header declares ${headerLength} bytes, more than ${NPY_MAX_HEADER_BYTES}`,
    );
  }
  const dataOffset = start + headerLength;
  if (bytes.length < dataOffset) {
    fail(
      'E_NPY_HEADER',
      `the file ends inside the .npy header (${bytes.length} bytes, header to ${dataOffset})`,
    );
  }
  // Versions 1 and 2 write the dictionary in latin-1, version 3 in UTF-8.
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(start, dataOffset),
  );
  const dict = headerDict(text);
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shapeValue = dict.get('shape');
  if (typeof fortran !== 'boolean')
    fail('E_NPY_HEADER', "the header's fortran_order is not True or False");
  if (!Array.isArray(shapeValue) || !shapeValue.every((d) => typeof d === 'number' && d >= 0)) {
    fail('E_NPY_HEADER', "the header's shape is not a tuple of non-negative integers");
  }
  const known = typeof descr === 'string' ? DTYPES[descr] : undefined;
  if (!known) {
    fail('E_NPY_DTYPE', `unsupported dtype ${literal(descr)}; read: ${READ}, little-endian`);
  }
  if (fortran) {
    fail('E_NPY_ORDER', 'the array is in Fortran order (fortran_order: True); write it in C order');
  }
  const shape = shapeValue as number[];
  let elements = 1;
  for (const d of shape) {
    elements *= d;
    if (!Number.isSafeInteger(elements)) {
      fail('E_NPY_HEADER', `the shape (${shape.join(', ')}) has too many elements`);
    }
  }
  const dataBytes = elements * known.size;
  if (!Number.isSafeInteger(dataBytes)) {
    fail('E_NPY_HEADER', `the shape (${shape.join(', ')}) has too many elements`);
  }
  return {
    version: `${major}.${minor}`,
    descr: descr as string,
    dtype: known.dtype,
    shape,
    dataOffset,
    dataBytes,
  };
}

/**
 * Reads a whole `.npy` file. The data must be exactly what the shape declares: fewer bytes are
 * E_NPY_TRUNCATED, more are E_NPY_HEADER (the header then misdescribes the file).
 */
export function parseNpy(bytes: Uint8Array): NpyArray {
  const header = readNpyHeader(bytes);
  const { dataOffset, dataBytes, shape } = header;
  const available = bytes.length - dataOffset;
  if (available < dataBytes) {
    fail(
      'E_NPY_TRUNCATED',
      `the data is ${available} bytes, but shape (${shape.join(', ')}) of ${header.descr} needs ${dataBytes}`,
    );
  }
  if (available > dataBytes) {
    fail(
      'E_NPY_HEADER',
      `${available - dataBytes} bytes follow the data that shape (${shape.join(', ')}) of ${header.descr} declares`,
    );
  }
  return {
    ...header,
    data: elementsOf(header, bytes.subarray(dataOffset, dataOffset + dataBytes)),
  };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The data as typed elements: a view of the file's bytes when aligned, else an aligned copy. */
function elementsOf({ dtype }: NpyHeader, data: Uint8Array): NpyData {
  if (dtype === 'uint8') return data;
  const size = dtype === 'int64' ? 8 : 4;
  const count = data.length / size;
  if (!LITTLE_ENDIAN_HOST) return swapped(dtype, data, count);
  // numpy pads the header so that the data starts at a multiple of 64 in the file, but a Buffer
  // read from disk may start anywhere in its ArrayBuffer (Node's pool): then copy.
  const source = data.byteOffset % size === 0 ? data : data.slice();
  const { buffer, byteOffset } = source;
  if (dtype === 'float32') return new Float32Array(buffer, byteOffset, count);
  if (dtype === 'int32') return new Int32Array(buffer, byteOffset, count);
  return new BigInt64Array(buffer, byteOffset, count);
}

/** On a big-endian host, each element read as little-endian. */
function swapped(dtype: NpyDtype, data: Uint8Array, count: number): NpyData {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (dtype === 'float32')
    return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
  if (dtype === 'int32')
    return Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true));
  const out = new BigInt64Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getBigInt64(8 * i, true);
  return out;
}

// ---- the header dictionary: a Python literal of strings, booleans, integers, tuples, lists ----

type Literal = string | number | boolean | null | Literal[] | Map<string, Literal>;

/** The header's dictionary with exactly the keys descr, fortran_order and shape. */
function headerDict(text: string): Map<string, Literal> {
  const parser = new LiteralParser(text);
  const value = parser.value();
  parser.end();
  if (!(value instanceof Map)) fail('E_NPY_HEADER', 'the .npy header is not a dictionary');
  const keys = [...value.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    fail(
      'E_NPY_HEADER',
      `the .npy header has keys ${keys.map((k) => `'${k}'`).join(', ') || 'none'}; expected 'descr', 'fortran_order', 'shape'`,
    );
  }
  return value;
}

/** A recursive-descent parser of the literal (depth-limited: a header is a few levels deep). */
class LiteralParser {
  private at = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  value(): Literal {
    this.space();
    const c = this.text[this.at];
    if (c === '{' || c === '(' || c === '[') {
      if (++this.depth > 32) this.bad('nested too deeply');
      const result = c === '{' ? this.dict() : this.sequence(c === '(' ? ')' : ']');
      this.depth--;
      return result;
    }
    if (c === "'" || c === '"') return this.string(c);
    const word = /^(True|False|None|-?[0-9]+L?)/.exec(this.text.slice(this.at, this.at + 32));
    if (!word) this.bad('unexpected text');
    this.at += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    const n = Number(word[0].replace(/L$/, ''));
    if (!Number.isSafeInteger(n)) this.bad(`integer ${word[0]} out of range`);
    return n;
  }

  end(): void {
    this.space();
    if (this.at !== this.text.length) this.bad('text after the dictionary');
  }

  private dict(): Map<string, Literal> {
    const map = new Map<string, Literal>();
    this.at++; // {
    for (;;) {
      this.space();
      if (this.eat('}')) return map;
      const key = this.value();
      if (typeof key !== 'string') this.bad('a key that is not a string');
      if (map.has(key)) this.bad(`key '${key}' given twice`);
      this.space();
      if (!this.eat(':')) this.bad("':' expected");
      map.set(key, this.value());
      this.space();
      if (this.eat('}')) return map;
      if (!this.eat(',')) this.bad("',' or '}' expected");
    }
  }

  private sequence(close: string): Literal[] {
    const items: Literal[] = [];
    this.at++; // ( or [
    for (;;) {
      this.space();
      if (this.eat(close)) return items;
      items.push(this.value());
      this.space();
      if (this.eat(close)) return items;
      if (!this.eat(',')) this.bad(`',' or '${close}' expected`);
    }
  }

  private string(quote: string): string {
    const closing = this.text.indexOf(quote, this.at + 1);
    if (closing < 0) this.bad('unterminated string');
    const s = this.text.slice(this.at + 1, closing);
    if (s.includes('\\')) this.bad('escapes in a string');
    this.at = closing + 1;
    return s;
  }

  private eat(c: string): boolean {
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at]!)) this.at++;
  }

  private bad(problem: string): never {
    fail('E_NPY_HEADER', `bad .npy header dictionary (${problem} at character ${this.at})`);
  }
}

/** A header value as Python would print it, for messages. */
function literal(value: Literal | undefined): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `'${k}': ${literal(v)}`).join(', ')}}`;
  return value === null
    ? 'None'
    : String(value === true ? 'True' : value === false ? 'False' : value);
}
