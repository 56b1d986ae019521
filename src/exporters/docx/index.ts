/**
 * DOCX export: a WordprocessingML package written directly (not through the `docx` library, whose
 * font embedding takes whole 15 MB files with random keys and whose package carries the clock's
 * time). Named styles from the preset, Chinese paragraph rules, A4 with the preset's margins, a
 * PAGE field footer, and every face used embedded once as an obfuscated subset.
 */
import { ownFace } from '../../fonts/index.js';
import { recordFace, signatureSqueeze, type TypesetDocument } from '../../prepare/index.js';
import type { Exporter } from '../types.js';
import { noteMarker } from '../../model/text.js';
import { inlineMarkers } from '../../styles/index.js';
import { allParagraphs, buildParagraphs, isRecord, markerGap } from './content.js';
import { headXml, recordXml, sealXml, textDrop } from './official.js';
import { documentXml, emptyFooterXml, footerXml, paragraphXml, type BodyContext } from './document.js';
import { footnotePrXml, footnotesXml } from './notes.js';
import { Numbering } from './numbering.js';
import { BodyParts } from './parts.js';
import { FaceUsage, renameFonts } from './embed.js';
import {
  appPropsXml,
  contentTypesXml,
  corePropsXml,
  documentRels,
  fontTableXml,
  packageRels,
  settingsXml,
  zipParts,
  type PartContent,
} from './package.js';
import { stylesXml, verticalTwips } from './styles.js';
import { NS, twips } from './xml.js';

const outsideFooter = (preset: TypesetDocument['preset']) => preset.footer.placement === 'outside';

export async function renderDocx(doc: TypesetDocument): Promise<Uint8Array> {
  const { preset, faces, document } = doc;
  const usage = new FaceUsage(doc.fonts);
  const bodyParts = new BodyParts();
  const head = doc.official ? headXml(doc, usage, () => bodyParts.nextDrawing()) : undefined;
  const paragraphs = buildParagraphs(doc, doc.blocks, head?.titleSpace, signatureSqueeze(doc));
  const notes = buildParagraphs(doc, doc.notes);
  const every = [...allParagraphs([...paragraphs, ...notes])];
  for (const p of every) for (const r of p.runs) if (!r.image) usage.add(ownFace(r.face));
  // Headings that links go to get bookmarks; images, links, numbering and notes their parts.
  const targets = new Set(every.flatMap((p) => p.runs.flatMap((r) => (r.link?.startsWith('#') ? [r.link.slice(1)] : []))));
  const context: BodyContext = {
    parts: bodyParts,
    numbering: new Numbering(),
    targets,
    referred: new Set(),
    noteText: (note) => noteMarker(note + 1, preset.notes.numbering),
  };
  const byline = doc.blocks.find((b) => b.block.kind === 'byline');
  const drop = byline ? textDrop(byline, byline.block.style.size, byline.block.style.lineHeight) : 0;
  context.mark = (mark, spaceBefore) => sealXml(mark, context.parts.image(mark.image.file), context.parts.nextDrawing(), spaceBefore, drop);
  const foot = doc.official ? recordXml(doc, doc.blocks.filter(isRecord), usage) : undefined;
  const hasNotes = notes.length > 0;
  // 信函 (10.1): no page number on page 1, whose footer is empty.
  const blankFirst = doc.official?.noFirstPageNumber === true;
  // The 版记 on the PDF's face (GB/T 9704-2012 7.4.1), the pages before it numbered as 7.5 says.
  const face = foot ? recordFace(doc) : undefined;
  const outside = outsideFooter(preset);
  const emptyFooter = blankFirst || face === 'afterBlank';
  const emptyId = `rIdFooter${outside ? 3 : 2}`;
  const notePr = hasNotes ? footnotePrXml(preset.notes, false) : undefined;
  const body = documentXml(
    paragraphs, preset, faces,
    {
      footerIds: { odd: 'rIdFooter1', ...(outside ? { even: 'rIdFooter2' } : {}), ...(blankFirst ? { first: emptyId } : {}) },
      ...(notePr ? { footnotePr: notePr } : {}), ...(head ? { head: head.xml } : {}), ...(foot ? { foot } : {}),
      ...(face ? { record: { face, unnumbered: emptyId } } : {}),
    },
    context,
  );
  // Each note's paragraphs, in notes.xml.
  const byNote: string[][] = [];
  notes.forEach((p, i) => (byNote[doc.notes[i]!.block.note!] ??= []).push(paragraphXml(p, faces, verticalTwips(preset), context)));
  const used = new Set(every.flatMap((p) => [p.style.id, ...p.runs.flatMap((r) => (r.link && !r.charStyle ? ['Hyperlink'] : r.note !== undefined ? ['FootnoteReference'] : []))]));
  if (hasNotes) used.add('FootnoteReference');
  const k = doc.grid.scale;
  const li = preset.listItem;
  const numbering = context.numbering.used
    ? context.numbering.xml(preset, faces, {
        indent: (depth) => (depth + 1) * (li.leftEm ?? 2) * li.size * k,
        gap: markerGap(li.size),
        char: li.size * k,
        ...(inlineMarkers(preset) ? { first: (li.indentEm ?? 0) * li.size * k } : {}),
      })
    : undefined;
  const extraRels = [
    ...(hasNotes ? [{ id: 'rIdFootnotes', type: `${NS.relType}/footnotes`, target: 'footnotes.xml' }] : []),
    ...(numbering ? [{ id: 'rIdNumbering', type: `${NS.relType}/numbering`, target: 'numbering.xml' }] : []),
    ...context.parts.relationships,
  ];

  const footers = [footerXml(preset, faces, usage, 'odd'), ...(outside ? [footerXml(preset, faces, usage, 'even')] : []), ...(emptyFooter ? [emptyFooterXml()] : [])];
  const families = await usage.embed();
  const named = (xml: string): string => renameFonts(xml, families);
  const fontTable = fontTableXml(families);
  const lang = document.meta.lang || 'zh-CN';

  const parts: Array<[string, PartContent]> = [
    ['[Content_Types].xml', contentTypesXml(footers.length, { media: context.parts.mediaTypes(), footnotes: hasNotes, numbering: numbering !== undefined })],
    ['_rels/.rels', packageRels()],
    ['docProps/core.xml', corePropsXml(document, doc.date)],
    ['docProps/app.xml', appPropsXml()],
    ['word/document.xml', named(body)],
    ['word/_rels/document.xml.rels', documentRels(footers.length, extraRels)],
    ['word/styles.xml', named(stylesXml(preset, faces, lang, used))],
    ['word/settings.xml', settingsXml({ evenAndOdd: outside, tabStop: twips(preset.body.size * 2), lang, ...(hasNotes ? { footnotes: footnotePrXml(preset.notes, true) } : {}) })],
    ...footers.map((xml, i): [string, string] => [`word/footer${i + 1}.xml`, named(xml)]),
    ...(hasNotes ? [['word/footnotes.xml', named(footnotesXml(byNote))] as [string, string]] : []),
    ...(numbering ? [['word/numbering.xml', named(numbering)] as [string, string]] : []),
    ...context.parts.mediaParts(),
    ['word/fontTable.xml', fontTable.xml],
    ['word/_rels/fontTable.xml.rels', fontTable.rels],
    ...families.flatMap((fam) => fam.fonts.map((f): [string, PartContent] => [`word/fonts/${f.file}`, { data: f.data, deflated: f.deflated }])),
  ];
  return zipParts(parts, doc.date);
}

const docx: Exporter = {
  format: 'docx',
  extension: 'docx',
  description: 'Word document (DOCX) with named styles and embedded subset fonts',
  typesets: true,
  render: renderDocx,
};

export default docx;
