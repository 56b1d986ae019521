/**
 * DOCX export: a WordprocessingML package written directly (not through the `docx` library, whose
 * font embedding takes whole 15 MB files with random keys and whose package carries the clock's
 * time). Named styles from the preset, Chinese paragraph rules, A4 with the preset's margins, a
 * PAGE field footer, and every face used embedded once as an obfuscated subset.
 */
import { resolveFaces } from '../../fonts/index.js';
import type { Document } from '../../model/index.js';
import type { StylePreset } from '../../styles/index.js';
import { sharedValue, type ExportContext, type Exporter } from '../types.js';
import { buildParagraphs } from './content.js';
import { documentXml, footerXml } from './document.js';
import { FaceUsage } from './embed.js';
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
import { stylesXml } from './styles.js';
import { documentDate } from '../../model/date.js';
import { twips } from './xml.js';

export async function renderDocx(
  doc: Document,
  preset: StylePreset,
  baseDir: string,
  warn?: ExportContext['warn'],
  shared?: ExportContext['shared'],
): Promise<Uint8Array> {
  const faces = sharedValue(shared, 'faces', () => resolveFaces(doc.meta.fonts, baseDir, doc.source?.path));
  const paragraphs = buildParagraphs(doc, preset, faces, warn, shared); // throws on a character no font draws
  const usage = new FaceUsage();
  for (const p of paragraphs) for (const r of p.runs) usage.add(r.face, r.text);

  const outside = preset.footer.placement === 'outside';
  const footers = outside ? [footerXml(preset, faces, usage, 'odd'), footerXml(preset, faces, usage, 'even')] : [footerXml(preset, faces, usage, 'odd')];
  const families = await usage.embed();
  const fontTable = fontTableXml(families);
  const date = documentDate(doc);
  const lang = doc.meta.lang || 'zh-CN';

  const parts: Array<[string, PartContent]> = [
    ['[Content_Types].xml', contentTypesXml(footers.length)],
    ['_rels/.rels', packageRels()],
    ['docProps/core.xml', corePropsXml(doc, date)],
    ['docProps/app.xml', appPropsXml()],
    ['word/document.xml', documentXml(paragraphs, preset, faces, { footerIds: { odd: 'rIdFooter1', ...(outside ? { even: 'rIdFooter2' } : {}) } })],
    ['word/_rels/document.xml.rels', documentRels(footers.length)],
    ['word/styles.xml', stylesXml(preset, faces, lang)],
    ['word/settings.xml', settingsXml({ evenAndOdd: outside, tabStop: twips(preset.body.size * 2), lang })],
    ...footers.map((xml, i): [string, string] => [`word/footer${i + 1}.xml`, xml]),
    ['word/fontTable.xml', fontTable.xml],
    ['word/_rels/fontTable.xml.rels', fontTable.rels],
    ...families.flatMap((fam) => fam.fonts.map((f): [string, PartContent] => [`word/fonts/${f.file}`, { data: f.data, deflated: f.deflated }])),
  ];
  return zipParts(parts, date);
}

const docx: Exporter = {
  format: 'docx',
  extension: 'docx',
  description: 'Word document (DOCX) with named styles and embedded subset fonts',
  async render(doc: Document, ctx: ExportContext) {
    return renderDocx(doc, ctx.preset, ctx.baseDir, ctx.warn, ctx.shared);
  },
};

export default docx;
