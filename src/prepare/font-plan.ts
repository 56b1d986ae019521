/**
 * The font plan of one export: which characters each face draws (every run, list marker and the
 * footer's page numbers), and each face's subset and compressed program, made once for every
 * format. The PDF and the DOCX embed the very same subset bytes; a TrueType subset is deflated
 * once for both (src/io/deflate.ts), on libuv's thread pool while the PDF's pages are laid out.
 *
 * Every subset carries a family name of its own export (`FandolFang R QWERTY`: the face's family
 * and a tag of the characters drawn), as a PDF names a subset. A word processor knows an embedded
 * font by its family name alone: LibreOffice drew a second document that embeds another subset of
 * "FandolFang R" with the first one's glyphs, and missing-glyph boxes for the rest.
 */
import { SharedDeflate } from '../io/deflate.js';
import { fingerprintChunks, letterTag } from '../io/fingerprint.js';
import { renameFamily } from '../fonts/rename.js';
import { faceKey, FaceCharacters, fontChain, openFace, subsetFace, trueTypeSubset, type Face, type FaceSet, type GlyphSubset } from '../fonts/index.js';
import type { StylePreset } from '../styles/index.js';
import type { BoundBlock } from '../styles/blocks.js';

export class FontPlan {
  private readonly characters = new FaceCharacters();
  /** Every face that draws something, by file, in the order first met. */
  private readonly used = new Map<string, Face>();
  private readonly glyphSubsets = new Map<string, GlyphSubset>();
  private readonly cffSubsets = new Map<string, Promise<Buffer>>();
  private readonly deflates = new Map<string, SharedDeflate>();
  private tag?: string;

  constructor(blocks: readonly BoundBlock[], faces: FaceSet, preset: StylePreset) {
    for (const block of blocks) {
      for (const run of block.runs) if (!run.piece.image) this.add(run.face, run.text);
      for (const run of block.marker ?? []) this.add(run.face, run.text);
      // A table's cells, and what it prints on the pages it continues on.
      for (const run of [...(block.cells ?? []).flat(2), ...(block.continued ?? [])]) if (!run.piece.image) this.add(run.face, run.text);
    }
    // The footer: its literal text in the faces that draw it, and every digit (page numbers) in the first.
    const chain = fontChain(faces, preset.footer.role, false);
    this.characters.addFooter(chain, preset.footer.format);
    for (const face of chain) if (this.characters.of(face).size > 0 && !this.used.has(faceKey(face))) this.used.set(faceKey(face), face);
  }

  private add(face: Face, text: string): void {
    this.characters.add(face, text);
    if (!this.used.has(faceKey(face))) this.used.set(faceKey(face), face);
  }

  /** The faces drawn with (one per file), in the order first met. */
  faces(): Face[] {
    return [...this.used.values()];
  }

  /** Every code point drawn with the face's file. */
  charactersOf(face: Face): ReadonlySet<number> {
    return this.characters.of(face);
  }

  /**
   * The tag of this export's subsets: six letters from every face's characters, so that two
   * exports share a name only when they draw the same characters (and so have the same subsets).
   */
  nameTag(): string {
    if (this.tag === undefined) {
      const chunks = [...this.used.values()]
        .map((face) => `${faceKey(face)}:${[...this.charactersOf(face)].sort((a, b) => a - b).join(',')}`)
        .sort()
        .map((text) => Buffer.from(text));
      this.tag = letterTag(fingerprintChunks(chunks));
    }
    return this.tag;
  }

  /** The family name a face's subset carries: its own family and the export's tag. */
  familyName(face: Face): string {
    return `${openFace(face).family} ${this.nameTag()}`;
  }

  /** A TrueType face's subset: glyph ids, advances and the file. */
  glyphSubset(face: Face): GlyphSubset {
    const key = faceKey(face);
    let subset = this.glyphSubsets.get(key);
    if (!subset) {
      const made = trueTypeSubset(face, this.charactersOf(face));
      this.glyphSubsets.set(key, (subset = { ...made, bytes: renameFamily(made.bytes, this.nameTag()) }));
    }
    return subset;
  }

  /** The face's subset as a font file for embedding: ours for TrueType outlines, harfbuzz's for CFF. */
  async subsetFile(face: Face): Promise<Buffer> {
    if (isTrueType(face)) return this.glyphSubset(face).bytes;
    const key = faceKey(face);
    let subset = this.cffSubsets.get(key);
    if (!subset) this.cffSubsets.set(key, (subset = subsetFace(face, this.charactersOf(face)).then((bytes) => renameFamily(bytes, this.nameTag()))));
    return subset;
  }

  /** One compression of a TrueType subset, for the PDF's font stream and the DOCX's zip entry. */
  compressed(face: Face): SharedDeflate {
    const key = faceKey(face);
    let deflate = this.deflates.get(key);
    if (!deflate) this.deflates.set(key, (deflate = new SharedDeflate(this.glyphSubset(face).bytes)));
    return deflate;
  }

  /**
   * Makes the TrueType subsets of these faces now and starts compressing them on libuv's thread
   * pool (zlib hands the work over from the next tick: let the event loop turn once). `ready`
   * resolves when they are done.
   */
  startCompressing(faces: Iterable<Face>): void {
    for (const face of faces) if (isTrueType(face)) this.compressed(face).start();
  }

  async ready(): Promise<void> {
    await Promise.all([...this.deflates.values()].map((d) => d.ready()));
  }
}

export const isTrueType = (face: Face): boolean => openFace(face).tables.outlines === 'TrueType';
