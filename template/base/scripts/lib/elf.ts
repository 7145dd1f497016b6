/**
 * Just enough ELF reading to decide whether a file can be embedded: is it an ELF executable,
 * for which machine, and is it statically linked (no PT_INTERP program header)?
 */

export type ElfInfo =
  | { kind: "not-elf"; reason: string }
  | {
      kind: "elf";
      /** e_machine (62 = x86_64, 183 = aarch64). */
      machine: number;
      /** ET_EXEC (2) or ET_DYN (3) with an entry point: something that can be run. */
      executable: boolean;
      /** Has a PT_INTERP header: needs a dynamic loader (glibc's ld.so etc.). */
      dynamic: boolean;
      /** The interpreter path when dynamic, e.g. /lib64/ld-linux-x86-64.so.2. */
      interpreter?: string;
    };

const PT_INTERP = 3;
const ET_EXEC = 2;
const ET_DYN = 3;

export function readElf(bytes: Uint8Array): ElfInfo {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return { kind: "not-elf", reason: "it does not start with the ELF magic bytes" };
  }
  if (bytes[4] !== 2) return { kind: "not-elf", reason: "it is a 32-bit ELF file (Lambda needs 64-bit)" };
  if (bytes[5] !== 1) return { kind: "not-elf", reason: "it is a big-endian ELF file" };

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint16(16, true);
  const machine = view.getUint16(18, true);
  const entry = view.getBigUint64(24, true);
  const phoff = Number(view.getBigUint64(32, true));
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);

  const executable = type === ET_EXEC || (type === ET_DYN && entry !== 0n);
  let dynamic = false;
  let interpreter: string | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 56 > bytes.length) break;
    if (view.getUint32(at, true) !== PT_INTERP) continue;
    dynamic = true;
    const offset = Number(view.getBigUint64(at + 8, true));
    const size = Number(view.getBigUint64(at + 32, true));
    if (offset + size <= bytes.length) {
      interpreter = new TextDecoder().decode(bytes.subarray(offset, offset + size)).replace(/\0+$/, "");
    }
  }
  return { kind: "elf", machine, executable, dynamic, ...(interpreter ? { interpreter } : {}) };
}
