/**
 * DOCX export: a WordprocessingML package written directly (not through the `docx` library, whose
 * font embedding takes whole 15 MB files with random keys and whose package carries the clock's
 * time). Named styles from the preset, Chinese paragraph rules, A4 with the preset's margins, a
 * PAGE field footer, and every face used embedded once as an obfuscated subset.
 */
import type { TypesetDocument } from '../../prepare/index.js';
import type { Exporter } from '../types.js';
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
import { twips } from './xml.js';

export async function renderDocx(doc: TypesetDocument): Promise<Uint8Array> {
  const { preset, faces, document } = doc;
  const paragraphs = buildParagraphs(doc);
  const usage = new FaceUsage(doc.fonts);
  for (const p of paragraphs) for (const r of p.runs) usage.add(r.face);

  const outside = preset.footer.placement === 'outside';
  const footers = outside ? [footerXml(preset, faces, usage, 'odd'), footerXml(preset, faces, usage, 'even')] : [footerXml(preset, faces, usage, 'odd')];
  const families = await usage.embed();
  const fontTable = fontTableXml(families);
  const lang = document.meta.lang || 'zh-CN';

  const parts: Array<[string, PartContent]> = [
    ['[Content_Types].xml', contentTypesXml(footers.length)],
    ['_rels/.rels', packageRels()],
    ['docProps/core.xml', corePropsXml(document, doc.date)],
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
