/** The parts of asn1-ber (the BER codec net-snmp itself uses) that yunet and its test agents use. */
declare module 'asn1-ber' {
  export class BerReader {
    constructor(buf: Buffer);
    readonly length: number;
    readonly offset: number;
    readSequence(tag?: number): number | null;
    readInt(tag?: number): number;
    readString(tag: number, retbuf: true): Buffer;
    readString(tag?: number): string | null;
    readOID(tag?: number): string;
    readByte(peek?: boolean): number | null;
    peek(): number | null;
  }
  export class BerWriter {
    readonly buffer: Buffer;
    startSequence(tag?: number): void;
    endSequence(): void;
    writeInt(i: number, tag?: number): void;
    writeBuffer(buf: Buffer, tag: number): void;
    writeString(s: string, tag?: number): void;
    writeOID(oid: string, tag?: number): void;
    writeNull(): void;
  }
}
